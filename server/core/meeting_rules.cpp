// The meeting's own rules: the organizer moves the agenda, sends notes to a room, rotates its key.
#include <algorithm>

#include "rules.hpp"

namespace podium::core::rules {
namespace {

constexpr std::size_t kMaxMessageChars = 280;
constexpr std::size_t kMaxMessages = 500;

bool is_organizer(const Context& ctx) { return ctx.role == Role::organizer || ctx.role == Role::system; }

Decision only_organizer(std::string_view what) {
  return Decision::reject(RejectCode::forbidden, "Only the organizer can " + std::string(what) + ".");
}

}  // namespace

Decision decide(const RoomState& state, const SetAgenda& c, const Context& ctx) {
  if (!is_organizer(ctx)) return only_organizer("move the agenda");
  if (c.expected_current != state.agenda_item)
    return Decision::reject(RejectCode::stale, "The agenda has already moved on.");
  if (c.item_id == state.agenda_item)
    return Decision::reject(RejectCode::invalid_state, "The meeting is already there.");
  if (!c.item_id.empty() &&
      std::find(state.agenda_items.begin(), state.agenda_items.end(), c.item_id) == state.agenda_items.end())
    return Decision::reject(RejectCode::not_found, "The agenda has no item \"" + c.item_id + "\".");
  return accept(AgendaMoved{c.item_id, ctx.now_ms});
}

Decision decide(const RoomState& state, const SendMessage& c, const Context& ctx) {
  if (!is_organizer(ctx)) return only_organizer("send messages");
  if (c.text.empty() || utf8_length(c.text) > kMaxMessageChars)
    return Decision::reject(RejectCode::bad_request,
                            "A message has 1 to " + std::to_string(kMaxMessageChars) + " characters.");
  if (state.messages.size() >= kMaxMessages)
    return Decision::reject(RejectCode::too_many, "Too many messages.");
  return accept(MessageSent{Message{"m" + std::to_string(state.next_message), c.to, c.text, ctx.now_ms, 0}});
}

Decision decide(const RoomState& state, const AcknowledgeMessage& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("acknowledge messages");
  auto it = std::find_if(state.messages.begin(), state.messages.end(),
                         [&](const Message& m) { return m.id == c.message_id; });
  if (it == state.messages.end()) return Decision::reject(RejectCode::not_found, "No such message.");
  if (it->to != MessageTo::facilitator)
    return Decision::reject(RejectCode::invalid_state, "Messages to the display need no acknowledgement.");
  if (it->acknowledged_at_ms != 0)
    return Decision::reject(RejectCode::invalid_state, "Already acknowledged.");
  return accept(MessageAcknowledged{c.message_id, ctx.now_ms});
}

Decision decide(const RoomState& state, const CloseMeeting&, const Context& ctx) {
  if (!is_organizer(ctx)) return only_organizer("close the meeting");
  if (state.closed_at_ms != 0) return Decision::reject(RejectCode::closed, "The meeting is already closed.");
  // The record ends tidy: the turn and the block end, the clocks stop, then the meeting closes.
  Decision d;
  if (state.current) d.events.emplace_back(end_turn(state, ctx.now_ms));
  if (!state.block.empty()) d.events.emplace_back(end_block(state, ctx.now_ms));
  // Ending the turn stopped the speaker timer and ending the block the segment timer; one started by hand
  // without either is paused here.
  for (TimerId id : {TimerId::speaker, TimerId::segment}) {
    const Timer& t = state.timer(id);
    const bool stopped_already = id == TimerId::speaker ? state.current.has_value() : !state.block.empty();
    if (t.run != TimerRun::running || stopped_already) continue;
    Timer paused = t;
    paused.run = TimerRun::paused;
    paused.remaining_ms = t.ends_at_ms - ctx.now_ms;
    d.events.emplace_back(TimerChanged{TimerChange::paused, id, ctx.now_ms, std::move(paused)});
  }
  d.events.emplace_back(MeetingClosed{ctx.now_ms});
  return d;
}

Decision decide(const RoomState&, const RotateKey& c, const Context& ctx) {
  if (!is_organizer(ctx)) return only_organizer("change a room's key");
  if (c.key_hash.size() != 64) return Decision::reject(RejectCode::bad_request, "Not a key hash.");
  return accept(KeyRotated{c.key_hash, ctx.now_ms});
}

}  // namespace podium::core::rules
