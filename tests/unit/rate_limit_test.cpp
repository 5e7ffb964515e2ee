#include <gtest/gtest.h>

#include "server/app/rate_limit.hpp"

namespace podium::testing {
namespace {

using app::TokenBucket;

TEST(TokenBucket, allows_a_burst_then_the_sustained_rate) {
  TokenBucket bucket(5, 3);
  const std::int64_t t = 1'000'000;
  EXPECT_EQ(bucket.take(t), 0);
  EXPECT_EQ(bucket.take(t), 0);
  EXPECT_EQ(bucket.take(t), 0);
  const std::int64_t wait = bucket.take(t);
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 201);
  EXPECT_EQ(bucket.take(t + 200), 0);  // 5 a second: one token every 200 ms
}

TEST(TokenBucket, a_clock_stepping_backwards_does_not_drain_the_bucket) {
  TokenBucket bucket(5, 3);
  const std::int64_t t = 10'000'000;
  EXPECT_EQ(bucket.take(t), 0);
  // NTP moves the wall clock back an hour: no negative refill, the bucket keeps what it had.
  EXPECT_EQ(bucket.take(t - 3'600'000), 0);
  EXPECT_EQ(bucket.take(t - 3'600'000), 0);
  EXPECT_GT(bucket.take(t - 3'600'000), 0);
  EXPECT_EQ(bucket.take(t + 1'000), 0);
}

TEST(TokenBucket, a_new_allowance_starts_full) {
  TokenBucket bucket(5, 2);
  bucket.take(1000);
  bucket.take(1000);
  EXPECT_GT(bucket.take(1000), 0);
  bucket.configure(50, 100);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(bucket.take(1000), 0);
}

}  // namespace
}  // namespace podium::testing
