#pragma once
// The live state of one room. Plain data: no I/O, no clock, no JSON. Times are UTC epoch milliseconds
// handed in by the shell; durations are milliseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace podium::core {

using Millis = std::int64_t;

enum class Role { participant, facilitator, display, organizer, system };

// Ordered by precedence: a lower value jumps ahead of a higher one in the queue (TCQ's order).
enum class SpeakerKind { point_of_order = 0, clarifying_question = 1, reply = 2, new_point = 3 };

enum class TimerId { speaker, segment };

enum class TimerRun { idle, running, paused };

// A countdown stored as timestamps; nothing ticks. While running the remaining time is
// `ends_at_ms - now` and goes negative in overtime; otherwise it is `remaining_ms`.
struct Timer {
  std::string label;
  Millis duration_ms = 0;
  TimerRun run = TimerRun::idle;
  Millis ends_at_ms = 0;
  Millis remaining_ms = 0;
  Millis warning_ms = 0;
  bool warned = false;   // the warning threshold was crossed and announced
  bool expired = false;  // time up was announced; overtime counts up from here
  bool operator==(const Timer&) const = default;

  Millis remaining_at(Millis now) const { return run == TimerRun::running ? ends_at_ms - now : remaining_ms; }
};

struct QueueEntry {
  std::string id;
  std::string name;
  std::string affiliation;
  SpeakerKind kind = SpeakerKind::new_point;
  std::string device;  // owner's device id (hashed token); empty when added by the facilitator
  Millis added_at_ms = 0;
  std::optional<Millis> duration_ms;  // overrides the room's default speaking time
  bool operator==(const QueueEntry&) const = default;
};

struct Turn {
  QueueEntry entry;
  Millis started_at_ms = 0;
  Millis allotted_ms = 0;
  Millis paused_ms = 0;                   // total time the speaker timer stood paused
  std::optional<Millis> paused_since_ms;  // set while paused
  int pauses = 0;
  bool operator==(const Turn&) const = default;
};

// What the transcript keeps of a finished turn.
struct TurnRecord {
  std::string entry_id;
  std::string name;
  std::string affiliation;
  SpeakerKind kind = SpeakerKind::new_point;
  Millis started_at_ms = 0;
  Millis ended_at_ms = 0;
  Millis allotted_ms = 0;
  Millis paused_ms = 0;
  int pauses = 0;
  Millis spoken_ms = 0;  // ended - started - paused
  bool operator==(const TurnRecord&) const = default;
};

struct RoomSettings {
  Millis speaking_ms = 3 * 60 * 1000;  // default time per turn
  Millis warning_ms = 30 * 1000;       // speaker timer warning threshold
  bool operator==(const RoomSettings&) const = default;
};

struct RoomState {
  std::string room;
  RoomSettings settings;
  bool queue_open = true;
  std::vector<QueueEntry> queue;
  std::optional<Turn> current;
  Timer speaker;
  Timer segment;
  std::vector<TurnRecord> turns;
  std::uint64_t next_entry = 1;  // source of entry ids, advanced by evolve
  bool operator==(const RoomState&) const = default;

  const Timer& timer(TimerId id) const { return id == TimerId::speaker ? speaker : segment; }
  Timer& timer(TimerId id) { return id == TimerId::speaker ? speaker : segment; }
};

// A room as the meeting file configures it at first start.
RoomState initial_state(std::string room, RoomSettings settings, Timer segment);

}  // namespace podium::core
