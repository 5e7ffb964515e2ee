#pragma once
// Events say what happened, in the past tense. evolve() applies them without judging: every rule lives in
// decide(). Timer events carry the timer's whole new value so that replay needs no arithmetic.
#include <string>
#include <variant>

#include "state.hpp"

namespace podium::core {

// decide() chooses the place (by kind precedence); the event names the neighbour so evolve has no rule.
struct QueueJoined {
  QueueEntry entry;
  std::string before_id;  // "" = at the end
  bool operator==(const QueueJoined&) const = default;
};
struct QueueWithdrawn {
  std::string entry_id;
  bool operator==(const QueueWithdrawn&) const = default;
};
struct QueueRemoved {
  std::string entry_id;
  bool operator==(const QueueRemoved&) const = default;
};
struct QueueMoved {
  std::string entry_id;
  std::string before_id;
  std::string after_id;
  bool operator==(const QueueMoved&) const = default;
};
struct QueueClosed {
  bool operator==(const QueueClosed&) const = default;
};
struct QueueOpened {
  bool operator==(const QueueOpened&) const = default;
};
struct TurnStarted {
  QueueEntry entry;
  Millis at_ms = 0;
  Timer speaker;  // the speaker timer, started for this turn
  bool operator==(const TurnStarted&) const = default;
};
struct TurnEnded {
  TurnRecord record;
  Timer speaker;  // the speaker timer after the turn (idle)
  bool operator==(const TurnEnded&) const = default;
};
// One event type per timer change; each carries the new value.
enum class TimerChange { set, started, paused, adjusted, reset, warned, expired };
struct TimerChanged {
  TimerChange change = TimerChange::set;
  TimerId timer = TimerId::speaker;
  Millis at_ms = 0;
  Timer value;
  bool operator==(const TimerChanged&) const = default;
};
struct RoomConfigured {
  RoomSettings settings;
  bool operator==(const RoomConfigured&) const = default;
};

using Event = std::variant<QueueJoined, QueueWithdrawn, QueueRemoved, QueueMoved, QueueClosed, QueueOpened,
                           TurnStarted, TurnEnded, TimerChanged, RoomConfigured>;

}  // namespace podium::core
