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
    if (last_ms_ != 0)
      tokens_ = std::min(burst_, tokens_ + static_cast<double>(now_ms - last_ms_) * rate_ / 1000.0);
    last_ms_ = now_ms;
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
