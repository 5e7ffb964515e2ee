#pragma once
// A token bucket: `rate` messages a second on average, bursts up to `burst`.
#include <algorithm>
#include <cstdint>

namespace podium::app {

class TokenBucket {
 public:
  TokenBucket(double rate = 10, double burst = 30) : rate_(rate), burst_(burst), tokens_(burst) {}

  // A new allowance starts full: a facilitator who just proved their key may resend a whole outbox.
  void configure(double rate, double burst) {
    rate_ = rate;
    burst_ = burst;
    tokens_ = burst;
  }

  // Takes a token at time `now_ms`; returns 0 when allowed, else how long to wait in ms.
  std::int64_t take(std::int64_t now_ms) {
    // A wall clock stepped backwards (NTP) counts as no time passing, not as negative refill.
    const std::int64_t elapsed = last_ms_ == 0 ? 0 : std::max<std::int64_t>(0, now_ms - last_ms_);
    tokens_ = std::min(burst_, tokens_ + static_cast<double>(elapsed) * rate_ / 1000.0);
    last_ms_ = std::max(last_ms_, now_ms);
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return 0;
    }
    return static_cast<std::int64_t>((1.0 - tokens_) * 1000.0 / rate_) + 1;
  }

 private:
  double rate_;
  double burst_;
  double tokens_;
  std::int64_t last_ms_ = 0;
};

}  // namespace podium::app
