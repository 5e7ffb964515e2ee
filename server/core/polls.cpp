// The rules of polls: drafts prepared ahead or on the spot, one open poll at a time, one vote per
// device (changeable while open), deadlines kept by the server, results revealed on purpose.
#include <algorithm>
#include <set>

#include "rules.hpp"

namespace podium::core::rules {
namespace {

Decision reject(RejectCode code, std::string message) { return Decision::reject(code, std::move(message)); }

Decision changed(PollChange change, const Context& ctx, Poll after) {
  return accept(PollChanged{change, ctx.now_ms, std::move(after)});
}

std::vector<std::string> fixed_options(PollKind kind) {
  if (kind == PollKind::yes_no_abstain) return {"Yes", "No", "Abstain"};
  return {"1", "2", "3", "4", "5"};
}

}  // namespace

Decision decide(const RoomState& state, const CreatePoll& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("create polls");
  if (state.polls.size() >= kMaxPolls) return reject(RejectCode::too_many, "This room has too many polls.");
  if (c.question.empty() || utf8_length(c.question) > kMaxPollQuestionChars)
    return reject(RejectCode::bad_request,
                  "A poll's question has 1 to " + std::to_string(kMaxPollQuestionChars) + " characters.");
  Poll p;
  p.id = "p" + std::to_string(state.next_poll);
  p.question = c.question;
  p.kind = c.kind;
  p.live_results = c.live_results;
  if (c.kind == PollKind::single || c.kind == PollKind::multiple) {
    if (c.options.size() < 2 || c.options.size() > kMaxOptions)
      return reject(RejectCode::bad_request, "A poll has 2 to " + std::to_string(kMaxOptions) + " options.");
    std::set<std::string> seen;
    for (const std::string& o : c.options) {
      if (o.empty() || utf8_length(o) > kMaxOptionChars)
        return reject(RejectCode::bad_request,
                      "Each option has 1 to " + std::to_string(kMaxOptionChars) + " characters.");
      if (!seen.insert(o).second)
        return reject(RejectCode::bad_request, "Two options read the same: \"" + o + "\".");
    }
    p.options = c.options;
  } else {
    if (!c.options.empty()) return reject(RejectCode::bad_request, "This kind of poll has fixed options.");
    p.options = fixed_options(c.kind);
  }
  const int count = static_cast<int>(p.options.size());
  if (c.kind == PollKind::multiple) {
    p.max_picks = c.max_picks.value_or(count);
    if (p.max_picks < 1 || p.max_picks > count)
      return reject(RejectCode::bad_request, "Allow 1 to " + std::to_string(count) + " picks.");
  } else if (c.max_picks && *c.max_picks != 1) {
    return reject(RejectCode::bad_request, "This kind of poll takes one pick.");
  }
  return changed(PollChange::created, ctx, std::move(p));
}

Decision decide(const RoomState& state, const OpenPoll& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("open polls");
  const Poll* p = state.poll(c.poll_id);
  if (!p) return reject(RejectCode::not_found, "No such poll.");
  if (p->status != PollStatus::draft)
    return reject(RejectCode::invalid_state, "That poll was already opened.");
  for (const Poll& other : state.polls)
    if (other.status == PollStatus::open)
      return reject(RejectCode::invalid_state, "Close the open poll first: \"" + other.question + "\".");
  if (c.duration_ms && (*c.duration_ms < kMinPollMs || *c.duration_ms > kMaxPollMs))
    return reject(RejectCode::bad_request, "A poll runs for 5 seconds to 24 hours.");
  Poll after = *p;
  after.status = PollStatus::open;
  after.opened_at_ms = ctx.now_ms;
  after.deadline_ms = c.duration_ms ? ctx.now_ms + *c.duration_ms : 0;
  return changed(PollChange::opened, ctx, std::move(after));
}

Decision decide(const RoomState& state, const ClosePoll& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("close polls");
  const Poll* p = state.poll(c.poll_id);
  if (!p) return reject(RejectCode::not_found, "No such poll.");
  if (p->status != PollStatus::open) return reject(RejectCode::invalid_state, "That poll is not open.");
  Poll after = *p;
  after.status = PollStatus::closed;
  after.closed_at_ms = ctx.now_ms;
  return changed(PollChange::closed, ctx, std::move(after));
}

Decision decide(const RoomState& state, const RevealPoll& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("reveal results");
  const Poll* p = state.poll(c.poll_id);
  if (!p) return reject(RejectCode::not_found, "No such poll.");
  if (p->status == PollStatus::draft) return reject(RejectCode::invalid_state, "Open the poll first.");
  if (p->revealed == c.revealed)
    return reject(RejectCode::invalid_state,
                  c.revealed ? "The results are already shown." : "The results are hidden.");
  Poll after = *p;
  after.revealed = c.revealed;
  return changed(c.revealed ? PollChange::revealed : PollChange::hidden, ctx, std::move(after));
}

Decision decide(const RoomState& state, const Vote& c, const Context& ctx) {
  if (ctx.role != Role::participant) return reject(RejectCode::forbidden, "Votes come from participants.");
  const Poll* p = state.poll(c.poll_id);
  if (!p || p->status == PollStatus::draft) return reject(RejectCode::not_found, "No such poll.");
  if (p->status != PollStatus::open || (p->deadline_ms != 0 && ctx.now_ms >= p->deadline_ms))
    return reject(RejectCode::poll_closed, "This poll is closed.");
  const int max = p->kind == PollKind::multiple ? p->max_picks : 1;
  if (c.picks.empty()) return reject(RejectCode::bad_request, "Pick an option.");
  if (static_cast<int>(c.picks.size()) > max)
    return reject(RejectCode::bad_request,
                  max == 1 ? "Pick one option." : "Pick at most " + std::to_string(max) + " options.");
  std::set<int> seen;
  for (int pick : c.picks) {
    if (pick < 0 || pick >= static_cast<int>(p->options.size()))
      return reject(RejectCode::bad_request, "There is no option " + std::to_string(pick) + ".");
    if (!seen.insert(pick).second) return reject(RejectCode::bad_request, "Each option counts once.");
  }
  std::vector<int> picks(seen.begin(), seen.end());
  if (auto poll_votes = state.votes.find(p->id); poll_votes != state.votes.end()) {
    if (auto mine = poll_votes->second.find(ctx.device);
        mine != poll_votes->second.end() && mine->second == picks)
      return reject(RejectCode::invalid_state, "That is already your vote.");
  }
  return accept(PollVoted{p->id, ctx.device, std::move(picks), ctx.now_ms});
}

void close_due_polls(const RoomState& state, Millis now, std::vector<Event>& events) {
  for (const Poll& p : state.polls) {
    if (p.status != PollStatus::open || p.deadline_ms == 0 || p.deadline_ms > now) continue;
    Poll after = p;
    after.status = PollStatus::closed;
    after.closed_at_ms = now;
    events.emplace_back(PollChanged{PollChange::closed, now, std::move(after)});
  }
}

std::optional<Millis> next_poll_deadline(const RoomState& state) {
  std::optional<Millis> next;
  for (const Poll& p : state.polls)
    if (p.status == PollStatus::open && p.deadline_ms != 0)
      next = next ? std::min(*next, p.deadline_ms) : p.deadline_ms;
  return next;
}

}  // namespace podium::core::rules
