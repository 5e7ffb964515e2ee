#pragma once
// Pieces of decide() shared by the queue, question and poll rules, and the rules of questions and
// polls themselves (questions.cpp, polls.cpp). Internal to core.
#include <string>
#include <string_view>

#include "decide.hpp"

namespace podium::core::rules {

bool is_chair(Role role);
Decision accept(Event event);
Decision forbidden(std::string_view what);
std::optional<Rejection> check_text(const std::string& text, std::size_t max_bytes, std::string_view field);
// "" or one of the room's guiding questions.
std::optional<Rejection> check_guiding_question(const RoomState& state, const std::string& id);
// The floor: `expected_current` must name who speaks now; a turn's end and start.
std::optional<Rejection> check_current(const RoomState& state, const std::string& expected);
TurnEnded end_turn(const RoomState& state, Millis now);
TurnStarted start_turn(const RoomState& state, const QueueEntry& entry, Millis now);
// Ends the running block: the segment timer pauses on what is left.
BlockEnded end_block(const RoomState& state, Millis now);
// Puts an entry in the queue at the place its kind earns.
Decision join(const RoomState& state, const Context& ctx, QueueEntry entry);

Decision decide(const RoomState& state, const AskQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const EditQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const WithdrawQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const UpvoteQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const ModerateQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const MergeQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const SetAnswering& c, const Context& ctx);
Decision decide(const RoomState& state, const PromoteQuestion& c, const Context& ctx);
Decision decide(const RoomState& state, const ConfigureQuestions& c, const Context& ctx);
Decision decide(const RoomState& state, const MuteDevice& c, const Context& ctx);

Decision decide(const RoomState& state, const CreatePoll& c, const Context& ctx);
Decision decide(const RoomState& state, const OpenPoll& c, const Context& ctx);
Decision decide(const RoomState& state, const ClosePoll& c, const Context& ctx);
Decision decide(const RoomState& state, const RevealPoll& c, const Context& ctx);
Decision decide(const RoomState& state, const Vote& c, const Context& ctx);

Decision decide(const RoomState& state, const SetAgenda& c, const Context& ctx);
Decision decide(const RoomState& state, const SendMessage& c, const Context& ctx);
Decision decide(const RoomState& state, const AcknowledgeMessage& c, const Context& ctx);
Decision decide(const RoomState& state, const RotateKey& c, const Context& ctx);
Decision decide(const RoomState& state, const CloseMeeting& c, const Context& ctx);

Decision decide(const RoomState& state, const StartBlock& c, const Context& ctx);
Decision decide(const RoomState& state, const EndBlock& c, const Context& ctx);
Decision decide(const RoomState& state, const AddSlot& c, const Context& ctx);
Decision decide(const RoomState& state, const EditSlot& c, const Context& ctx);
Decision decide(const RoomState& state, const RemoveSlot& c, const Context& ctx);
Decision decide(const RoomState& state, const MoveSlot& c, const Context& ctx);
Decision decide(const RoomState& state, const StartSlot& c, const Context& ctx);
Decision decide(const RoomState& state, const AddConclusion& c, const Context& ctx);
Decision decide(const RoomState& state, const EditConclusion& c, const Context& ctx);
Decision decide(const RoomState& state, const RemoveConclusion& c, const Context& ctx);
Decision decide(const RoomState& state, const SendHandoff& c, const Context& ctx);
Decision decide(const RoomState& state, const ReceiveHandoff& c, const Context& ctx);

// Open polls whose deadline has passed, closed at `now` (for CheckTimers).
void close_due_polls(const RoomState& state, Millis now, std::vector<Event>& events);
std::optional<Millis> next_poll_deadline(const RoomState& state);

}  // namespace podium::core::rules
