#pragma once
#include <string>
#include <vector>

#include "commands.hpp"
#include "events.hpp"
#include "rejection.hpp"

namespace podium::core {

// Who is asking, and when. The shell authenticates; core only checks what the role may do.
struct Context {
  Role role = Role::participant;
  std::string device;  // hashed device token of the sender
  Millis now_ms = 0;
};

// Either the events an accepted command produces (never empty) or why it was refused.
struct Decision {
  std::vector<Event> events;
  std::optional<Rejection> rejection;

  bool accepted() const { return !rejection.has_value(); }
  static Decision reject(RejectCode code, std::string message) {
    return Decision{{}, Rejection{code, std::move(message), std::nullopt}};
  }
};

// Holds every rule of the room. Pure: same inputs, same decision.
Decision decide(const RoomState& state, const Command& command, const Context& context);

// Applies an event. No rules, no failure: the event was already decided.
void evolve(RoomState& state, const Event& event);

// The next instant at which CheckTimers would announce something, if any timer is running.
std::optional<Millis> next_timer_deadline(const RoomState& state);

// Queue limits that decide() enforces; the codec enforces the same text lengths on the wire.
inline constexpr std::size_t kMaxNameLength = 80;
inline constexpr std::size_t kMaxAffiliationLength = 120;
inline constexpr std::size_t kMaxLabelLength = 80;
inline constexpr std::size_t kMaxEntriesPerDevice = 2;
inline constexpr std::size_t kMaxQueueLength = 500;
inline constexpr std::size_t kMaxQuestionChars = 500;
inline constexpr std::size_t kMaxQuestions = 2000;
inline constexpr std::size_t kQuestionsPerMinute = 3;
inline constexpr std::size_t kUpvotesPerMinute = 30;
inline constexpr std::size_t kMaxPollQuestionChars = 300;
inline constexpr std::size_t kMaxOptionChars = 120;
inline constexpr std::size_t kMaxOptions = 10;
inline constexpr std::size_t kMaxPolls = 100;
inline constexpr Millis kMinPollMs = 5'000;
inline constexpr Millis kMaxPollMs = 24 * 60 * 60 * 1000;
inline constexpr Millis kRateWindowMs = 60'000;
inline constexpr Millis kMinDurationMs = 1000;
inline constexpr Millis kMaxDurationMs = 12 * 60 * 60 * 1000;

}  // namespace podium::core
