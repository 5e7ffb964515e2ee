#pragma once
// Commands ask for a change; decide() turns an accepted one into events. Names are imperative.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "state.hpp"

namespace podium::core {

struct JoinQueue {
  SpeakerKind kind = SpeakerKind::new_point;
  std::string name;
  std::string affiliation;
  std::string guiding_question;
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
  bool operator==(const JoinQueue&) const = default;
};
struct WithdrawFromQueue {
  std::string entry_id;
  bool operator==(const WithdrawFromQueue&) const = default;
};
struct AddSpeaker {
  std::string name;
  std::string affiliation;
  SpeakerKind kind = SpeakerKind::new_point;
  std::optional<Millis> duration_ms;
  std::string guiding_question;
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
  bool operator==(const AddSpeaker&) const = default;
};
// Moves an entry next to a neighbour named by id (not by index, so concurrent edits stay meaningful).
struct MoveEntry {
  std::string entry_id;
  std::string before_id;  // exactly one of before_id / after_id is set
  std::string after_id;
  bool operator==(const MoveEntry&) const = default;
};
struct RemoveEntry {
  std::string entry_id;
  bool operator==(const RemoveEntry&) const = default;
};
// `expected_current` is the current speaker's entry id the facilitator saw ("" for nobody): two
// facilitators pressing "next" at once advance once.
struct NextSpeaker {
  std::string expected_current;
  bool operator==(const NextSpeaker&) const = default;
};
struct EndTurn {
  std::string expected_current;
  bool operator==(const EndTurn&) const = default;
};
struct CloseQueue {
  bool operator==(const CloseQueue&) const = default;
};
struct OpenQueue {
  bool operator==(const OpenQueue&) const = default;
};
struct SetTimer {
  TimerId timer = TimerId::segment;
  Millis duration_ms = 0;
  std::optional<std::string> label;
  std::optional<Millis> warning_ms;
  bool operator==(const SetTimer&) const = default;
};
// Starts an idle timer or resumes a paused one.
struct StartTimer {
  TimerId timer = TimerId::speaker;
  bool operator==(const StartTimer&) const = default;
};
struct PauseTimer {
  TimerId timer = TimerId::speaker;
  bool operator==(const PauseTimer&) const = default;
};
struct AdjustTimer {
  TimerId timer = TimerId::speaker;
  Millis delta_ms = 0;
  bool operator==(const AdjustTimer&) const = default;
};
struct ResetTimer {
  TimerId timer = TimerId::speaker;
  bool operator==(const ResetTimer&) const = default;
};
struct ConfigureRoom {
  Millis speaking_ms = 0;
  Millis warning_ms = 0;
  bool operator==(const ConfigureRoom&) const = default;
};
// Issued by the server's own scheduler, never by a client: announces warnings and time-up, and closes
// polls at their deadline.
struct CheckTimers {
  bool operator==(const CheckTimers&) const = default;
};

// ---- questions ----
struct AskQuestion {
  std::string text;
  std::string name;
  std::string guiding_question;
  bool operator==(const AskQuestion&) const = default;
};
struct EditQuestion {
  std::string question_id;
  std::string text;
  std::string name;
  std::string guiding_question;
  bool operator==(const EditQuestion&) const = default;
};
struct WithdrawQuestion {
  std::string question_id;
  bool operator==(const WithdrawQuestion&) const = default;
};
struct UpvoteQuestion {
  std::string question_id;
  bool up = true;
  bool operator==(const UpvoteQuestion&) const = default;
};
// Each action has its undo: approve/unapprove, reject/unreject, answer/reopen, pin/unpin, (merge)/unmerge.
enum class Moderation { approve, reject, answer, reopen, unreject, unapprove, pin, unpin, unmerge };
struct ModerateQuestion {
  std::string question_id;
  Moderation action = Moderation::approve;
  bool operator==(const ModerateQuestion&) const = default;
};
struct MergeQuestion {
  std::string question_id;
  std::string into_id;
  bool operator==(const MergeQuestion&) const = default;
};
struct SetAnswering {
  std::string question_id;  // "" clears
  bool operator==(const SetAnswering&) const = default;
};
struct PromoteQuestion {
  std::string question_id;
  bool by_asker = true;  // false: the facilitator reads it out
  bool operator==(const PromoteQuestion&) const = default;
};
struct ConfigureQuestions {
  bool premoderation = true;
  bool operator==(const ConfigureQuestions&) const = default;
};
struct MuteDevice {
  std::string question_id;  // the device is named by one of its questions: facilitators never see device ids
  bool muted = true;
  bool operator==(const MuteDevice&) const = default;
};

// ---- polls ----
struct CreatePoll {
  std::string question;
  PollKind kind = PollKind::single;
  std::vector<std::string> options;
  std::optional<int> max_picks;
  bool live_results = false;
  bool operator==(const CreatePoll&) const = default;
};
struct OpenPoll {
  std::string poll_id;
  std::optional<Millis> duration_ms;
  bool operator==(const OpenPoll&) const = default;
};
struct ClosePoll {
  std::string poll_id;
  bool operator==(const ClosePoll&) const = default;
};
struct RevealPoll {
  std::string poll_id;
  bool revealed = true;
  bool operator==(const RevealPoll&) const = default;
};
struct Vote {
  std::string poll_id;
  std::vector<int> picks;
  bool operator==(const Vote&) const = default;
};

// ---- the meeting (organizer) ----
struct SetAgenda {
  std::string item_id;           // "" = before the day starts
  std::string expected_current;  // the item the organizer saw: two organizers move the agenda once
  bool operator==(const SetAgenda&) const = default;
};
struct SendMessage {
  MessageTo to = MessageTo::facilitator;
  std::string text;
  bool operator==(const SendMessage&) const = default;
};
struct AcknowledgeMessage {
  std::string message_id;
  bool operator==(const AcknowledgeMessage&) const = default;
};
// Ends the meeting for good: every room becomes read-only; the record and its exports stay.
struct CloseMeeting {
  bool operator==(const CloseMeeting&) const = default;
};
// The shell makes the key; core only records its hash. `key` goes back to the organizer in the ack.
struct RotateKey {
  std::string key_hash;
  std::string key;
  bool operator==(const RotateKey&) const = default;
};

// ---- the room's plan: blocks and presenter slots ----
struct StartBlock {
  std::string block_id;
  std::string expected_current;  // the block the facilitator saw running ("" for none)
  bool operator==(const StartBlock&) const = default;
};
struct EndBlock {
  std::string expected_current;
  bool operator==(const EndBlock&) const = default;
};
struct AddSlot {
  std::string block_id;
  std::string name;
  std::string affiliation;
  std::optional<Millis> planned_ms;
  std::string before_id;  // "" = at the end
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
  bool operator==(const AddSlot&) const = default;
};
struct EditSlot {
  std::string slot_id;
  std::string name;
  std::string affiliation;
  std::optional<Millis> planned_ms;
  AffiliationKind affiliation_kind = AffiliationKind::unknown;
  bool operator==(const EditSlot&) const = default;
};
struct RemoveSlot {
  std::string slot_id;
  bool operator==(const RemoveSlot&) const = default;
};
struct MoveSlot {
  std::string slot_id;
  std::string before_id;  // "" = at the end
  bool operator==(const MoveSlot&) const = default;
};
// Gives a presenter the floor; `expected_current` as for NextSpeaker.
struct StartSlot {
  std::string slot_id;
  std::string expected_current;
  bool operator==(const StartSlot&) const = default;
};

// ---- conclusions and the rapporteur's handoff ----
struct AddConclusion {
  std::string text;
  std::string guiding_question;
  bool operator==(const AddConclusion&) const = default;
};
struct EditConclusion {
  std::string conclusion_id;
  std::string text;
  std::string guiding_question;
  bool operator==(const EditConclusion&) const = default;
};
struct RemoveConclusion {
  std::string conclusion_id;
  bool operator==(const RemoveConclusion&) const = default;
};
struct SendHandoff {
  std::vector<std::string> conclusion_ids;
  std::vector<std::string> question_ids;
  bool operator==(const SendHandoff&) const = default;
};
// Issued by the shell in the plenary after a group's handoff committed; never from the wire.
struct ReceiveHandoff {
  Handoff handoff;
  bool operator==(const ReceiveHandoff&) const = default;
};

using Command =
    std::variant<JoinQueue, WithdrawFromQueue, AddSpeaker, MoveEntry, RemoveEntry, NextSpeaker, EndTurn,
                 CloseQueue, OpenQueue, SetTimer, StartTimer, PauseTimer, AdjustTimer, ResetTimer,
                 ConfigureRoom, CheckTimers, AskQuestion, EditQuestion, WithdrawQuestion, UpvoteQuestion,
                 ModerateQuestion, MergeQuestion, SetAnswering, PromoteQuestion, ConfigureQuestions,
                 MuteDevice, CreatePoll, OpenPoll, ClosePoll, RevealPoll, Vote, SetAgenda, SendMessage,
                 AcknowledgeMessage, RotateKey, StartBlock, EndBlock, AddSlot, EditSlot, RemoveSlot, MoveSlot,
                 StartSlot, AddConclusion, EditConclusion, RemoveConclusion, SendHandoff, ReceiveHandoff,
                 CloseMeeting>;

}  // namespace podium::core
