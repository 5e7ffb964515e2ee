#pragma once
// What the server counts, for GET /metrics (Prometheus text format, rendered by the network layer).
// The hub owns one set; the rooms and the connections add to it from the thread that runs the rooms,
// so plain integers do.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "server/core/rejection.hpp"

namespace podium::app {

// A cumulative histogram of durations, with Prometheus' `le` buckets (in seconds).
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                  0.05,   0.1,   0.25,  0.5,   1,    2.5};
  void observe(std::chrono::steady_clock::duration d);
  // `name`'s _bucket, _sum and _count lines, with a HELP and a TYPE line.
  void render(std::string& out, const char* name, const char* help) const;

 private:
  std::array<std::uint64_t, kBounds.size()> counts_{};  // not cumulative; summed when rendered
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

struct Metrics {
  std::uint64_t messages_in = 0;   // text messages read from WebSockets
  std::uint64_t messages_out = 0;  // messages queued or written to WebSockets
  std::array<std::uint64_t, static_cast<std::size_t>(core::kLastRejectCode) + 1> rejects{};
  std::uint64_t rate_limited_device = 0;   // a connection past its own allowance
  std::uint64_t rate_limited_address = 0;  // past its IP address's shared allowance
  std::uint64_t slow_closes = 0;           // connections closed with 4503 (too slow)
  Histogram commit_latency;                // from a batch's decision to its commit on disk

  void reject(core::RejectCode code) { ++rejects[static_cast<std::size_t>(code)]; }
};

}  // namespace podium::app
