#pragma once
// The live state of one room. Plain data: no I/O, no clock, no JSON. Times are UTC epoch milliseconds
// handed in by the shell; durations are milliseconds.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace podium::core {

using Millis = std::int64_t;

enum class Role { participant, facilitator, display, organizer, system };

// Ordered by precedence: a lower value jumps ahead of a higher one in the queue (TCQ's order).
// `presentation` marks a presenter's turn started from a slot; it never enters the queue.
enum class SpeakerKind {
  point_of_order = 0,
  clarifying_question = 1,
  reply = 2,
  new_point = 3,
  presentation = 4
};

// Who a speaker speaks for, as the speaker or the meeting file says; for the speaking-time balance.
enum class AffiliationKind { unknown, local_government, un, civil_society, other };

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
  std::string question_id;            // set when the entry was promoted from a question
  std::string guiding_question;       // the guiding question the speaker means to address, or ""
  std::string slot_id;                // set for a presenter given the floor from a slot
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
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
  std::string slot_id;
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
  bool operator==(const TurnRecord&) const = default;
};

struct RoomSettings {
  Millis speaking_ms = 3 * 60 * 1000;  // default time per turn
  Millis warning_ms = 30 * 1000;       // speaker timer warning threshold
  bool operator==(const RoomSettings&) const = default;
};

enum class QuestionStatus { pending, approved, answered, rejected, withdrawn, merged };

struct Question {
  std::string id;
  std::string text;
  std::string name;
  std::string guiding_question;  // a guiding question id, or ""
  std::string device;            // the asker's device id
  Millis asked_at_ms = 0;
  QuestionStatus status = QuestionStatus::pending;
  bool pinned = false;
  bool muted = false;  // the asker's device is muted: the question stays pending and they are not told
  std::string merged_into;
  QuestionStatus status_before_merge = QuestionStatus::pending;  // what unmerge restores
  bool operator==(const Question&) const = default;

  // Participants and displays see only these.
  bool visible() const { return status == QuestionStatus::approved || status == QuestionStatus::answered; }
};

enum class PollKind { single, multiple, yes_no_abstain, rating };
enum class PollStatus { draft, open, closed };

struct Poll {
  std::string id;
  std::string question;
  PollKind kind = PollKind::single;
  std::vector<std::string> options;
  int max_picks = 1;
  bool live_results = false;  // results visible to the room while open
  PollStatus status = PollStatus::draft;
  Millis opened_at_ms = 0;
  Millis deadline_ms = 0;  // 0: no deadline
  Millis closed_at_ms = 0;
  bool revealed = false;
  bool operator==(const Poll&) const = default;
};

struct PollResults {
  int voters = 0;
  std::vector<int> counts;
  bool operator==(const PollResults&) const = default;
};

enum class MessageTo { facilitator, display };

// A note from the organizer ("5 minutes to plenary").
struct Message {
  std::string id;
  MessageTo to = MessageTo::facilitator;
  std::string text;
  Millis sent_at_ms = 0;
  Millis acknowledged_at_ms = 0;  // 0 until the facilitator acknowledges
  bool operator==(const Message&) const = default;
};

// The room's plan: a session is a row of blocks (presentations, then an open discussion); the segment
// timer runs the block in progress.
enum class BlockKind { session, presentations, discussion };
enum class SlotStatus { waiting, speaking, done };

// A presenter's place in a presentations block.
struct Slot {
  std::string id;
  std::string name;
  std::string affiliation;
  Millis planned_ms = 0;  // 0: an equal share of the block
  SlotStatus status = SlotStatus::waiting;
  Millis started_at_ms = 0;
  Millis ended_at_ms = 0;
  Millis allotted_ms = 0;
  Millis spoken_ms = 0;
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
  bool operator==(const Slot&) const = default;
};

struct Block {
  std::string id;
  BlockKind kind = BlockKind::session;
  std::string title;
  Millis planned_ms = 0;
  std::optional<int> plan_start_min;  // minutes after midnight in the meeting's zone
  int max_presenters = 0;             // 0: no limit
  std::vector<Slot> slots;
  Millis started_at_ms = 0;
  Millis ended_at_ms = 0;
  Millis allotted_ms = 0;  // what the segment timer got when the block started
  Millis left_ms = 0;      // what it showed when the block ended (negative: overrun)
  bool operator==(const Block&) const = default;

  bool started() const { return started_at_ms != 0; }
  bool ended() const { return ended_at_ms != 0; }
};

struct Conclusion {
  std::string id;
  std::string text;
  std::string guiding_question;
  Millis written_at_ms = 0;
  Millis handed_off_at_ms = 0;  // first sent to the plenary; 0 until then
  bool operator==(const Conclusion&) const = default;
};

// What a group sends to the plenary: copies, so later edits in the group do not rewrite it.
struct HandoffQuestion {
  std::string id;
  std::string text;
  std::string name;
  std::string guiding_question;
  int votes = 0;
  bool operator==(const HandoffQuestion&) const = default;
};
struct Handoff {
  std::string id;  // unique per sending room: a handoff is named by (from_room, id)
  std::string from_room;
  Millis at_ms = 0;
  std::vector<Conclusion> conclusions;  // id, text and guiding question only
  std::vector<HandoffQuestion> questions;
  bool operator==(const Handoff&) const = default;
};

using DevicePicks = std::unordered_map<std::string, std::vector<int>>;

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

  std::vector<std::string> guiding_questions;  // ids a question may be tagged with
  bool premoderation = true;
  std::vector<Question> questions;                       // in the order asked
  std::string answering;                                 // the question being answered now, or ""
  std::map<std::string, std::set<std::string>> upvotes;  // question id -> devices
  std::set<std::string> muted;                           // devices
  std::vector<Poll> polls;
  // poll id -> device -> picks. Hashed by device: a plenary's poll has ten thousand voters, and each
  // vote looks its device up twice (decide, evolve); nothing needs them in order.
  std::map<std::string, DevicePicks> votes;
  // Recent activity per device, for the per-minute limits (kept for the last minute only).
  std::map<std::string, std::deque<Millis>> recent_questions;
  std::map<std::string, std::deque<Millis>> recent_upvotes;
  std::uint64_t next_question = 1;
  std::uint64_t next_poll = 1;

  std::vector<std::string> agenda_items;  // the meeting's agenda item ids, in order
  std::string agenda_item;                // where the meeting is now ("" before it starts)
  Millis agenda_since_ms = 0;
  std::vector<Message> messages;
  std::uint64_t next_message = 1;

  std::vector<Block> blocks;
  std::string block;  // the block running now, or ""
  std::uint64_t next_slot = 1;
  std::vector<Conclusion> conclusions;
  std::uint64_t next_conclusion = 1;
  std::string handoff_to;         // the plenary room a group's conclusions go to, or ""
  std::vector<Handoff> handoffs;  // sent (in a group) or received (in the plenary)
  std::uint64_t next_handoff = 1;
  Millis closed_at_ms = 0;  // the organizer closed the meeting: nothing changes any more
  bool operator==(const RoomState&) const = default;

  const Block* find_block(const std::string& id) const;
  // The block holding a slot, and the slot; {nullptr, nullptr} if none.
  std::pair<const Block*, const Slot*> find_slot(const std::string& id) const;
  const Conclusion* conclusion(const std::string& id) const;

  const Question* question(const std::string& id) const;
  Question* question(const std::string& id);
  const Poll* poll(const std::string& id) const;
  Poll* poll(const std::string& id);
  // Upvotes of every question, each counting those of the questions merged into it (once per device).
  // One pass for all: snapshots and tallies need many at once.
  std::map<std::string, int> vote_counts() const;
  int question_votes(const std::string& id) const;
  PollResults poll_results(const std::string& id) const;

  const Timer& timer(TimerId id) const { return id == TimerId::speaker ? speaker : segment; }
  Timer& timer(TimerId id) { return id == TimerId::speaker ? speaker : segment; }
};

// A room as the meeting file configures it at first start.
struct RoomSetup {
  std::string room;
  RoomSettings settings;
  Timer segment;
  std::vector<std::string> guiding_questions;
  std::vector<std::string> agenda_items;
  std::vector<Block> blocks;
  std::string handoff_to;
};
RoomState initial_state(RoomSetup setup);

// The warning threshold a segment of this length gets: a sixth of it, at most five minutes.
Millis segment_warning(Millis duration_ms);

// Length in characters (code points) of valid UTF-8.
std::size_t utf8_length(std::string_view text);

}  // namespace podium::core
