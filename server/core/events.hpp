#pragma once
// Events say what happened, in the past tense. evolve() applies them without judging: every rule lives in
// decide(). Timer events carry the timer's whole new value so that replay needs no arithmetic.
#include <string>
#include <variant>
#include <vector>

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

// Every change to a question carries its whole new value, like timers.
enum class QuestionChange {
  asked,
  edited,
  withdrawn,
  approved,
  rejected,
  answered,
  reopened,
  unrejected,
  unapproved,
  pinned,
  unpinned,
  merged,
  unmerged
};
struct QuestionChanged {
  QuestionChange change = QuestionChange::asked;
  Millis at_ms = 0;
  Question question;
  bool was_visible = false;  // to participants and displays, before this change
  bool operator==(const QuestionChanged&) const = default;
};
struct AnsweringChanged {
  std::string question_id;  // "" = nobody's question
  bool operator==(const AnsweringChanged&) const = default;
};
struct QuestionsConfigured {
  bool premoderation = true;
  bool operator==(const QuestionsConfigured&) const = default;
};
struct DeviceMuted {
  std::string device;
  bool muted = true;
  std::vector<std::string> question_ids;  // every question of that device
  bool operator==(const DeviceMuted&) const = default;
};
// Quiet: logged, never broadcast one by one (their effect travels in tallies).
struct QuestionUpvoted {
  std::string question_id;
  std::string device;
  bool up = true;
  Millis at_ms = 0;
  bool operator==(const QuestionUpvoted&) const = default;
};

enum class PollChange { created, opened, closed, revealed, hidden };
struct PollChanged {
  PollChange change = PollChange::created;
  Millis at_ms = 0;
  Poll poll;
  bool operator==(const PollChanged&) const = default;
};
// Quiet, like upvotes. A new vote from the same device replaces the old one.
struct PollVoted {
  std::string poll_id;
  std::string device;
  std::vector<int> picks;
  Millis at_ms = 0;
  bool operator==(const PollVoted&) const = default;
};

struct AgendaMoved {
  std::string item_id;
  Millis at_ms = 0;
  bool operator==(const AgendaMoved&) const = default;
};
struct MessageSent {
  Message message;
  bool operator==(const MessageSent&) const = default;
};
struct MessageAcknowledged {
  std::string message_id;
  Millis at_ms = 0;
  bool operator==(const MessageAcknowledged&) const = default;
};
// The room's facilitator key changed; the log keeps only the new key's hash.
struct KeyRotated {
  std::string key_hash;
  Millis at_ms = 0;
  bool operator==(const KeyRotated&) const = default;
};

struct MeetingClosed {
  Millis at_ms = 0;
  bool operator==(const MeetingClosed&) const = default;
};
struct BlockStarted {
  std::string block_id;
  Millis at_ms = 0;
  Timer segment;  // running with the block's time
  bool operator==(const BlockStarted&) const = default;
};
struct BlockEnded {
  std::string block_id;
  Millis at_ms = 0;
  Millis left_ms = 0;
  Timer segment;  // paused on what was left
  bool operator==(const BlockEnded&) const = default;
};
struct SlotAdded {
  std::string block_id;
  Slot slot;
  std::string before_id;
  bool operator==(const SlotAdded&) const = default;
};
struct SlotEdited {
  std::string block_id;
  Slot slot;
  bool operator==(const SlotEdited&) const = default;
};
struct SlotRemoved {
  std::string block_id;
  std::string slot_id;
  bool operator==(const SlotRemoved&) const = default;
};
struct SlotMoved {
  std::string block_id;
  std::string slot_id;
  std::string before_id;
  bool operator==(const SlotMoved&) const = default;
};
enum class ConclusionChange { added, edited };
struct ConclusionChanged {
  ConclusionChange change = ConclusionChange::added;
  Conclusion conclusion;
  bool operator==(const ConclusionChanged&) const = default;
};
struct ConclusionRemoved {
  std::string conclusion_id;
  bool operator==(const ConclusionRemoved&) const = default;
};
struct HandoffSent {
  Handoff handoff;
  bool operator==(const HandoffSent&) const = default;
};
struct HandoffReceived {
  Handoff handoff;
  bool operator==(const HandoffReceived&) const = default;
};

using Event = std::variant<QueueJoined, QueueWithdrawn, QueueRemoved, QueueMoved, QueueClosed, QueueOpened,
                           TurnStarted, TurnEnded, TimerChanged, RoomConfigured, QuestionChanged,
                           AnsweringChanged, QuestionsConfigured, DeviceMuted, QuestionUpvoted, PollChanged,
                           PollVoted, AgendaMoved, MessageSent, MessageAcknowledged, KeyRotated, BlockStarted,
                           BlockEnded, SlotAdded, SlotEdited, SlotRemoved, SlotMoved, ConclusionChanged,
                           ConclusionRemoved, HandoffSent, HandoffReceived, MeetingClosed>;

// Quiet events reach no connection one by one; the room learns their effect from tallies.
bool is_quiet(const Event& event);
// Whether participants and displays receive this event (facilitators receive every event that is not quiet).
bool visible_to_room(const Event& event);

}  // namespace podium::core
