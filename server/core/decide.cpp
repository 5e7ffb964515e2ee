#include "decide.hpp"

#include <algorithm>

#include "overloaded.hpp"
#include "rules.hpp"

namespace podium::core {
namespace {

using rules::accept;
using rules::check_current;
using rules::check_text;
using rules::end_turn;
using rules::forbidden;
using rules::is_chair;
using rules::join;
using rules::start_turn;

const QueueEntry* find_entry(const RoomState& state, const std::string& id) {
  auto it =
      std::find_if(state.queue.begin(), state.queue.end(), [&](const QueueEntry& e) { return e.id == id; });
  return it == state.queue.end() ? nullptr : &*it;
}

bool valid_duration(Millis ms) { return ms >= kMinDurationMs && ms <= kMaxDurationMs; }

Decision timer_change(TimerChange change, TimerId id, Millis now, Timer value) {
  return accept(TimerChanged{change, id, now, std::move(value)});
}

// Re-arms the announcements when time was added back.
void refresh_flags(Timer& t, Millis now) {
  const Millis left = t.remaining_at(now);
  t.warned = t.warned && left <= t.warning_ms;
  t.expired = t.expired && left <= 0;
}

Decision check_timers(const RoomState& state, Millis now) {
  Decision d;
  for (TimerId id : {TimerId::speaker, TimerId::segment}) {
    Timer t = state.timer(id);
    if (t.run != TimerRun::running) continue;
    const Millis left = t.ends_at_ms - now;
    if (!t.expired && left <= 0) {
      t.warned = true;
      t.expired = true;
      d.events.emplace_back(TimerChanged{TimerChange::expired, id, now, t});
    } else if (!t.warned && t.warning_ms > 0 && left <= t.warning_ms) {
      t.warned = true;
      d.events.emplace_back(TimerChanged{TimerChange::warned, id, now, t});
    }
  }
  return d;
}

}  // namespace

namespace rules {

namespace {
std::string describe(const QueueEntry& entry) { return entry.name.empty() ? "a participant" : entry.name; }
}  // namespace

std::optional<Rejection> check_current(const RoomState& state, const std::string& expected) {
  const std::string actual = state.current ? state.current->entry.id : "";
  if (actual == expected) return std::nullopt;
  std::string now =
      state.current ? describe(state.current->entry) + " has the floor now" : "nobody has the floor now";
  return Rejection{RejectCode::stale, "The floor has already changed: " + now + ".", std::nullopt};
}

Timer idle_speaker_timer(const RoomSettings& settings) {
  Timer t;
  t.duration_ms = settings.speaking_ms;
  t.remaining_ms = settings.speaking_ms;
  t.warning_ms = settings.warning_ms;
  return t;
}

TurnEnded end_turn(const RoomState& state, Millis now) {
  const Turn& turn = *state.current;
  TurnRecord r;
  r.entry_id = turn.entry.id;
  r.name = turn.entry.name;
  r.affiliation = turn.entry.affiliation;
  r.kind = turn.entry.kind;
  r.started_at_ms = turn.started_at_ms;
  r.ended_at_ms = now;
  r.allotted_ms = turn.allotted_ms;
  r.paused_ms = turn.paused_ms + (turn.paused_since_ms ? now - *turn.paused_since_ms : 0);
  r.pauses = turn.pauses;
  r.spoken_ms = std::max<Millis>(0, now - turn.started_at_ms - r.paused_ms);
  r.slot_id = turn.entry.slot_id;
  r.affiliation_kind = turn.entry.affiliation_kind;
  return TurnEnded{std::move(r), idle_speaker_timer(state.settings)};
}

TurnStarted start_turn(const RoomState& state, const QueueEntry& entry, Millis now) {
  Timer t;
  t.label = entry.name;
  t.duration_ms = entry.duration_ms.value_or(state.settings.speaking_ms);
  t.run = TimerRun::running;
  t.ends_at_ms = now + t.duration_ms;
  t.remaining_ms = t.duration_ms;
  // A short turn (a 20 s reply) gets a warning in proportion, not one that fires as it starts.
  t.warning_ms = std::min(state.settings.warning_ms, t.duration_ms / 4);
  return TurnStarted{entry, now, std::move(t)};
}

}  // namespace rules

Decision decide(const RoomState& state, const Command& command, const Context& ctx) {
  // A closed meeting is a record: nothing changes, and the server's own timers have nothing to say.
  if (state.closed_at_ms != 0) {
    if (std::holds_alternative<CheckTimers>(command)) return Decision{};
    // A leaked key must still be revocable: it would read the record.
    if (std::holds_alternative<RotateKey>(command))
      return rules::decide(state, std::get<RotateKey>(command), ctx);
    return Decision::reject(RejectCode::closed,
                            "The meeting is closed; its record can still be read and exported.");
  }
  return std::visit(
      Overloaded{
          [&](const JoinQueue& c) -> Decision {
            if (ctx.role != Role::participant)
              return Decision::reject(RejectCode::forbidden,
                                      "Use \"add speaker\" to put someone on the list.");
            if (!state.queue_open)
              return Decision::reject(RejectCode::queue_closed, "The list of speakers is closed.");
            if (auto r = check_text(c.name, kMaxNameLength, "name")) return Decision{{}, r};
            if (auto r = check_text(c.affiliation, kMaxAffiliationLength, "affiliation"))
              return Decision{{}, r};
            if (auto r = rules::check_guiding_question(state, c.guiding_question)) return Decision{{}, r};
            auto mine = std::count_if(state.queue.begin(), state.queue.end(),
                                      [&](const QueueEntry& e) { return e.device == ctx.device; });
            if (static_cast<std::size_t>(mine) >= kMaxEntriesPerDevice)
              return Decision::reject(RejectCode::too_many,
                                      "You are already on the list twice; withdraw one request first.");
            return join(state, ctx,
                        QueueEntry{"", c.name, c.affiliation, c.kind, ctx.device, 0, std::nullopt, "",
                                   c.guiding_question, "", c.affiliation_kind});
          },
          [&](const WithdrawFromQueue& c) -> Decision {
            const QueueEntry* e = find_entry(state, c.entry_id);
            if (!e) return Decision::reject(RejectCode::not_found, "That request is no longer on the list.");
            if (ctx.role != Role::participant || e->device != ctx.device)
              return Decision::reject(RejectCode::forbidden, "You can only withdraw your own request.");
            return accept(QueueWithdrawn{c.entry_id});
          },
          [&](const AddSpeaker& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("add speakers");
            if (c.name.empty()) return Decision::reject(RejectCode::bad_request, "A speaker needs a name.");
            if (auto r = check_text(c.name, kMaxNameLength, "name")) return Decision{{}, r};
            if (auto r = check_text(c.affiliation, kMaxAffiliationLength, "affiliation"))
              return Decision{{}, r};
            if (auto r = rules::check_guiding_question(state, c.guiding_question)) return Decision{{}, r};
            if (c.duration_ms && !valid_duration(*c.duration_ms))
              return Decision::reject(RejectCode::bad_request,
                                      "Speaking time must be between 1 second and 12 hours.");
            return join(state, ctx,
                        QueueEntry{"", c.name, c.affiliation, c.kind, "", 0, c.duration_ms, "",
                                   c.guiding_question, "", c.affiliation_kind});
          },
          [&](const MoveEntry& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("reorder the list");
            if (c.before_id.empty() == c.after_id.empty())
              return Decision::reject(RejectCode::bad_request, "Name exactly one of before_id and after_id.");
            const std::string& neighbour = c.before_id.empty() ? c.after_id : c.before_id;
            if (!find_entry(state, c.entry_id) || !find_entry(state, neighbour))
              return Decision::reject(RejectCode::not_found, "That request is no longer on the list.");
            if (neighbour == c.entry_id)
              return Decision::reject(RejectCode::bad_request, "An entry cannot move next to itself.");
            return accept(QueueMoved{c.entry_id, c.before_id, c.after_id});
          },
          [&](const RemoveEntry& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("remove speakers");
            if (!find_entry(state, c.entry_id))
              return Decision::reject(RejectCode::not_found, "That request is no longer on the list.");
            return accept(QueueRemoved{c.entry_id});
          },
          [&](const NextSpeaker& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("give the floor");
            if (auto r = check_current(state, c.expected_current)) return Decision{{}, r};
            if (!state.current && state.queue.empty())
              return Decision::reject(RejectCode::queue_empty, "Nobody is waiting for the floor.");
            Decision d;
            if (state.current) d.events.emplace_back(end_turn(state, ctx.now_ms));
            if (!state.queue.empty())
              d.events.emplace_back(start_turn(state, state.queue.front(), ctx.now_ms));
            return d;
          },
          [&](const EndTurn& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("end a turn");
            if (auto r = check_current(state, c.expected_current)) return Decision{{}, r};
            if (!state.current) return Decision::reject(RejectCode::invalid_state, "Nobody has the floor.");
            return accept(end_turn(state, ctx.now_ms));
          },
          [&](const CloseQueue&) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("close the list");
            if (!state.queue_open)
              return Decision::reject(RejectCode::invalid_state, "The list is already closed.");
            return accept(QueueClosed{});
          },
          [&](const OpenQueue&) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("open the list");
            if (state.queue_open)
              return Decision::reject(RejectCode::invalid_state, "The list is already open.");
            return accept(QueueOpened{});
          },
          [&](const SetTimer& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("set timers");
            if (!valid_duration(c.duration_ms))
              return Decision::reject(RejectCode::bad_request, "A timer runs between 1 second and 12 hours.");
            if (c.label) {
              if (auto r = check_text(*c.label, kMaxLabelLength, "label")) return Decision{{}, r};
            }
            if (c.warning_ms && (*c.warning_ms < 0 || *c.warning_ms > c.duration_ms))
              return Decision::reject(RejectCode::bad_request,
                                      "The warning must come within the timer's duration.");
            Timer t = state.timer(c.timer);
            t.label = c.label.value_or(t.label);
            t.duration_ms = c.duration_ms;
            t.warning_ms = c.warning_ms.value_or(std::min(t.warning_ms, c.duration_ms));
            t.run = TimerRun::idle;
            t.ends_at_ms = 0;
            t.remaining_ms = c.duration_ms;
            t.warned = t.expired = false;
            return timer_change(TimerChange::set, c.timer, ctx.now_ms, std::move(t));
          },
          [&](const StartTimer& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("start timers");
            Timer t = state.timer(c.timer);
            if (t.run == TimerRun::running)
              return Decision::reject(RejectCode::invalid_state, "That timer is already running.");
            if (t.duration_ms <= 0)
              return Decision::reject(RejectCode::invalid_state, "Set the timer's duration first.");
            t.run = TimerRun::running;
            t.ends_at_ms = ctx.now_ms + t.remaining_ms;
            return timer_change(TimerChange::started, c.timer, ctx.now_ms, std::move(t));
          },
          [&](const PauseTimer& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("pause timers");
            Timer t = state.timer(c.timer);
            if (t.run != TimerRun::running)
              return Decision::reject(RejectCode::invalid_state, "That timer is not running.");
            t.run = TimerRun::paused;
            t.remaining_ms = t.ends_at_ms - ctx.now_ms;
            return timer_change(TimerChange::paused, c.timer, ctx.now_ms, std::move(t));
          },
          [&](const AdjustTimer& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("change timers");
            if (c.delta_ms == 0 || c.delta_ms < -kMaxDurationMs || c.delta_ms > kMaxDurationMs)
              return Decision::reject(RejectCode::bad_request, "Add or remove between 1 ms and 12 hours.");
            Timer t = state.timer(c.timer);
            // The result is a timer like one set: 12 hours at most; taking time off stops at zero (or
            // where an overrunning timer already is).
            const Millis before = t.remaining_at(ctx.now_ms);
            const Millis after = std::max(before + c.delta_ms, std::min<Millis>(before, 0));
            if (after > kMaxDurationMs)
              return Decision::reject(RejectCode::bad_request, "A timer runs 12 hours at most.");
            if (t.run == TimerRun::running)
              t.ends_at_ms = ctx.now_ms + after;
            else
              t.remaining_ms = after;
            refresh_flags(t, ctx.now_ms);
            return timer_change(TimerChange::adjusted, c.timer, ctx.now_ms, std::move(t));
          },
          [&](const ResetTimer& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("reset timers");
            Timer t = state.timer(c.timer);
            t.run = TimerRun::idle;
            t.ends_at_ms = 0;
            t.remaining_ms = t.duration_ms;
            t.warned = t.expired = false;
            return timer_change(TimerChange::reset, c.timer, ctx.now_ms, std::move(t));
          },
          [&](const ConfigureRoom& c) -> Decision {
            if (!is_chair(ctx.role)) return forbidden("change the room's settings");
            if (c.speaking_ms < 1000 || c.speaking_ms > kMaxDurationMs)
              return Decision::reject(RejectCode::bad_request,
                                      "Speaking time must be between 1 s and 12 hours.");
            if (c.warning_ms < 0 || c.warning_ms >= c.speaking_ms)
              return Decision::reject(RejectCode::bad_request,
                                      "The warning must come before the time is up.");
            return accept(RoomConfigured{RoomSettings{c.speaking_ms, c.warning_ms}});
          },
          [&](const CheckTimers&) -> Decision {
            if (ctx.role != Role::system)
              return Decision::reject(RejectCode::forbidden, "Only the server announces time.");
            Decision d = check_timers(state, ctx.now_ms);
            rules::close_due_polls(state, ctx.now_ms, d.events);
            return d;
          },
          // Questions and polls: rules in questions.cpp and polls.cpp.
          [&](const auto& c) -> Decision { return rules::decide(state, c, ctx); },
      },
      command);
}

std::optional<Millis> next_timer_deadline(const RoomState& state) {
  if (state.closed_at_ms != 0) return std::nullopt;
  std::optional<Millis> next;
  auto consider = [&](Millis at) { next = next ? std::min(*next, at) : at; };
  for (const Timer* t : {&state.speaker, &state.segment}) {
    if (t->run != TimerRun::running) continue;
    if (!t->warned && t->warning_ms > 0) consider(t->ends_at_ms - t->warning_ms);
    if (!t->expired) consider(t->ends_at_ms);
  }
  if (auto poll = rules::next_poll_deadline(state)) consider(*poll);
  return next;
}

}  // namespace podium::core
