// The rules of questions: asking, editing, withdrawing, upvoting, moderation with undo, merging,
// "now answering", promotion to the speaker queue, and the per-device limits.
#include <algorithm>
#include <cctype>

#include "rules.hpp"

namespace podium::core::rules {
namespace {

Decision reject(RejectCode code, std::string message) { return Decision::reject(code, std::move(message)); }

Decision changed(QuestionChange change, const Context& ctx, const Question& before, Question after) {
  return accept(QuestionChanged{change, ctx.now_ms, std::move(after), before.visible()});
}

// How many of `times` fall in the last minute, and when the oldest of them leaves it.
struct Window {
  std::size_t count = 0;
  Millis frees_at = 0;
};
Window window(const std::map<std::string, std::deque<Millis>>& recent, const std::string& device,
              Millis now) {
  Window w;
  auto it = recent.find(device);
  if (it == recent.end()) return w;
  for (Millis t : it->second) {
    if (t + kRateWindowMs <= now) continue;
    if (w.count++ == 0) w.frees_at = t + kRateWindowMs;
  }
  return w;
}

std::optional<Rejection> over_limit(const std::map<std::string, std::deque<Millis>>& recent,
                                    const Context& ctx, std::size_t limit, std::string_view what) {
  const Window w = window(recent, ctx.device, ctx.now_ms);
  if (w.count < limit) return std::nullopt;
  return Rejection{
      RejectCode::rate_limited,
      "You can send " + std::to_string(limit) + " " + std::string(what) + " a minute; try again in a moment.",
      w.frees_at - ctx.now_ms};
}

// Text the way a person reads it, for spotting the same question sent twice.
std::string folded(const std::string& text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || std::ispunct(u)) continue;
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

std::optional<Rejection> check_question_text(const RoomState& state, const Context& ctx,
                                             const std::string& text, const std::string& name,
                                             const std::string& guiding, const std::string& except_id) {
  auto bad = [](std::string m) { return Rejection{RejectCode::bad_request, std::move(m), std::nullopt}; };
  if (text.empty()) return bad("A question needs some text.");
  if (utf8_length(text) > kMaxQuestionChars)
    return bad("A question has at most " + std::to_string(kMaxQuestionChars) + " characters.");
  if (auto r = check_text(name, kMaxNameLength, "name")) return r;
  if (auto r = check_guiding_question(state, guiding)) return r;
  const std::string mine = folded(text);
  for (const Question& q : state.questions) {
    if (q.device == ctx.device && q.id != except_id && q.status != QuestionStatus::withdrawn &&
        folded(q.text) == mine)
      return Rejection{RejectCode::duplicate, "You already asked this question.", std::nullopt};
  }
  return std::nullopt;
}

// Looks up a question the participant may change: their own, still pending.
std::variant<const Question*, Decision> own_pending(const RoomState& state, const std::string& id,
                                                    const Context& ctx, std::string_view what) {
  if (ctx.role != Role::participant) return reject(RejectCode::forbidden, "Only the asker can do that.");
  const Question* q = state.question(id);
  if (!q || q->status == QuestionStatus::withdrawn) return reject(RejectCode::not_found, "No such question.");
  if (q->device != ctx.device)
    return reject(RejectCode::forbidden, "You can only change your own questions.");
  if (q->status != QuestionStatus::pending)
    return reject(RejectCode::invalid_state, "Your question can no longer be " + std::string(what) +
                                                 ": the facilitator has taken it up.");
  return q;
}

const Question* find(const RoomState& state, const std::string& id) {
  const Question* q = state.question(id);
  return q && q->status != QuestionStatus::withdrawn ? q : nullptr;
}

// The moderation actions as transitions: from which statuses, to which status (or pin state).
struct Transition {
  QuestionChange change;
  std::vector<QuestionStatus> from;
  QuestionStatus to;
};

std::optional<Transition> transition(Moderation action) {
  using S = QuestionStatus;
  switch (action) {
    case Moderation::approve:
      return Transition{QuestionChange::approved, {S::pending, S::rejected}, S::approved};
    case Moderation::reject:
      return Transition{QuestionChange::rejected, {S::pending, S::approved, S::answered}, S::rejected};
    case Moderation::answer:
      return Transition{QuestionChange::answered, {S::approved}, S::answered};
    case Moderation::reopen:
      return Transition{QuestionChange::reopened, {S::answered}, S::approved};
    case Moderation::unreject:
      return Transition{QuestionChange::unrejected, {S::rejected}, S::pending};
    case Moderation::unapprove:
      return Transition{QuestionChange::unapproved, {S::approved}, S::pending};
    default:
      return std::nullopt;
  }
}

std::string_view status_name(QuestionStatus s) {
  switch (s) {
    case QuestionStatus::pending:
      return "waiting for moderation";
    case QuestionStatus::approved:
      return "approved";
    case QuestionStatus::answered:
      return "answered";
    case QuestionStatus::rejected:
      return "rejected";
    case QuestionStatus::withdrawn:
      return "withdrawn";
    case QuestionStatus::merged:
      return "merged";
  }
  return "";
}

}  // namespace

Decision decide(const RoomState& state, const AskQuestion& c, const Context& ctx) {
  if (ctx.role != Role::participant)
    return reject(RejectCode::forbidden, "Questions come from participants.");
  if (state.questions.size() >= kMaxQuestions)
    return reject(RejectCode::too_many, "This room has too many questions.");
  if (auto r = over_limit(state.recent_questions, ctx, kQuestionsPerMinute, "questions"))
    return Decision{{}, r};
  if (auto r = check_question_text(state, ctx, c.text, c.name, c.guiding_question, ""))
    return Decision{{}, r};
  Question q;
  q.id = "q" + std::to_string(state.next_question);
  q.text = c.text;
  q.name = c.name;
  q.guiding_question = c.guiding_question;
  q.device = ctx.device;
  q.asked_at_ms = ctx.now_ms;
  q.muted = state.muted.contains(ctx.device);
  // A muted device's questions wait forever, whatever the moderation setting; it is not told.
  q.status = state.premoderation || q.muted ? QuestionStatus::pending : QuestionStatus::approved;
  return accept(QuestionChanged{QuestionChange::asked, ctx.now_ms, std::move(q), false});
}

Decision decide(const RoomState& state, const EditQuestion& c, const Context& ctx) {
  auto found = own_pending(state, c.question_id, ctx, "edited");
  if (auto* d = std::get_if<Decision>(&found)) return std::move(*d);
  const Question& q = *std::get<const Question*>(found);
  if (auto r = check_question_text(state, ctx, c.text, c.name, c.guiding_question, q.id))
    return Decision{{}, r};
  Question after = q;
  after.text = c.text;
  after.name = c.name;
  after.guiding_question = c.guiding_question;
  if (after == q) return reject(RejectCode::invalid_state, "Nothing changed.");
  return changed(QuestionChange::edited, ctx, q, std::move(after));
}

Decision decide(const RoomState& state, const WithdrawQuestion& c, const Context& ctx) {
  auto found = own_pending(state, c.question_id, ctx, "withdrawn");
  if (auto* d = std::get_if<Decision>(&found)) return std::move(*d);
  const Question& q = *std::get<const Question*>(found);
  Question after = q;
  after.status = QuestionStatus::withdrawn;
  return changed(QuestionChange::withdrawn, ctx, q, std::move(after));
}

Decision decide(const RoomState& state, const UpvoteQuestion& c, const Context& ctx) {
  if (ctx.role != Role::participant) return reject(RejectCode::forbidden, "Upvotes come from participants.");
  const Question* q = find(state, c.question_id);
  if (!q || !q->visible()) return reject(RejectCode::not_found, "That question is not shown to the room.");
  if (q->device == ctx.device)
    return reject(RejectCode::invalid_state, "You cannot upvote your own question.");
  auto it = state.upvotes.find(q->id);
  const bool has = it != state.upvotes.end() && it->second.contains(ctx.device);
  if (has == c.up)
    return reject(RejectCode::invalid_state,
                  c.up ? "You already upvoted this question." : "You had not upvoted it.");
  if (auto r = over_limit(state.recent_upvotes, ctx, kUpvotesPerMinute, "upvotes")) return Decision{{}, r};
  return accept(QuestionUpvoted{q->id, ctx.device, c.up, ctx.now_ms});
}

Decision decide(const RoomState& state, const ModerateQuestion& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("moderate questions");
  const Question* q = find(state, c.question_id);
  if (!q) return reject(RejectCode::not_found, "No such question.");
  Question after = *q;
  QuestionChange change{};
  if (c.action == Moderation::pin || c.action == Moderation::unpin) {
    const bool pin = c.action == Moderation::pin;
    if (!q->visible())
      return reject(RejectCode::invalid_state, "Only a question shown to the room can be pinned.");
    if (q->pinned == pin) return reject(RejectCode::invalid_state, pin ? "Already pinned." : "Not pinned.");
    after.pinned = pin;
    change = pin ? QuestionChange::pinned : QuestionChange::unpinned;
  } else if (c.action == Moderation::unmerge) {
    if (q->status != QuestionStatus::merged)
      return reject(RejectCode::invalid_state, "That question is not merged.");
    after.status = q->status_before_merge;
    after.status_before_merge = QuestionStatus::pending;
    after.merged_into.clear();
    change = QuestionChange::unmerged;
  } else {
    const Transition t = *transition(c.action);
    if (std::find(t.from.begin(), t.from.end(), q->status) == t.from.end())
      return reject(RejectCode::invalid_state,
                    "That question is " + std::string(status_name(q->status)) + "; this cannot apply to it.");
    after.status = t.to;
    if (!after.visible()) after.pinned = false;
    change = t.change;
  }
  Decision d;
  // A question that leaves the room's view stops being the one answered now.
  if (state.answering == q->id && !after.visible()) d.events.emplace_back(AnsweringChanged{""});
  if (state.answering == q->id && change == QuestionChange::answered)
    d.events.emplace_back(AnsweringChanged{""});
  d.events.emplace_back(QuestionChanged{change, ctx.now_ms, std::move(after), q->visible()});
  return d;
}

Decision decide(const RoomState& state, const MergeQuestion& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("merge questions");
  const Question* q = find(state, c.question_id);
  const Question* into = find(state, c.into_id);
  if (!q || !into) return reject(RejectCode::not_found, "No such question.");
  if (q->id == into->id) return reject(RejectCode::bad_request, "A question cannot be merged into itself.");
  if (q->status == QuestionStatus::merged)
    return reject(RejectCode::invalid_state, "That question is already merged.");
  if (into->status == QuestionStatus::merged || into->status == QuestionStatus::rejected)
    return reject(RejectCode::invalid_state, "Merge into a question that is still open.");
  Question after = *q;
  after.status_before_merge = q->status;
  after.status = QuestionStatus::merged;
  after.merged_into = into->id;
  after.pinned = false;
  Decision d;
  if (state.answering == q->id) d.events.emplace_back(AnsweringChanged{""});
  d.events.emplace_back(QuestionChanged{QuestionChange::merged, ctx.now_ms, std::move(after), q->visible()});
  return d;
}

Decision decide(const RoomState& state, const SetAnswering& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("choose the question being answered");
  if (c.question_id == state.answering)
    return reject(RejectCode::invalid_state, c.question_id.empty()
                                                 ? "No question is being answered."
                                                 : "That question is already being answered.");
  if (!c.question_id.empty()) {
    const Question* q = find(state, c.question_id);
    if (!q) return reject(RejectCode::not_found, "No such question.");
    if (!q->visible()) return reject(RejectCode::invalid_state, "Approve the question first.");
  }
  return accept(AnsweringChanged{c.question_id});
}

Decision decide(const RoomState& state, const PromoteQuestion& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("put questions in the speaker queue");
  const Question* q = find(state, c.question_id);
  if (!q) return reject(RejectCode::not_found, "No such question.");
  if (!q->visible()) return reject(RejectCode::invalid_state, "Approve the question first.");
  const auto from_this = [&](const QueueEntry& e) { return e.question_id == q->id; };
  if (std::any_of(state.queue.begin(), state.queue.end(), from_this) ||
      (state.current && from_this(state.current->entry)))
    return reject(RejectCode::invalid_state, "That question is already in the speaker queue.");
  QueueEntry entry;
  entry.kind = SpeakerKind::new_point;
  entry.question_id = q->id;
  if (c.by_asker) {
    // The asker takes the floor under the name they gave, and their phone says so.
    entry.name = q->name;
    entry.device = q->device;
  }
  return join(state, ctx, std::move(entry));
}

Decision decide(const RoomState& state, const ConfigureQuestions& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("change moderation");
  if (state.premoderation == c.premoderation)
    return reject(RejectCode::invalid_state,
                  c.premoderation ? "Pre-moderation is already on." : "Pre-moderation is already off.");
  return accept(QuestionsConfigured{c.premoderation});
}

Decision decide(const RoomState& state, const MuteDevice& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("mute a device");
  const Question* q = state.question(c.question_id);
  if (!q) return reject(RejectCode::not_found, "No such question.");
  if (state.muted.contains(q->device) == c.muted)
    return reject(RejectCode::invalid_state,
                  c.muted ? "That device is already muted." : "That device is not muted.");
  DeviceMuted e{q->device, c.muted, {}};
  for (const Question& other : state.questions)
    if (other.device == q->device) e.question_ids.push_back(other.id);
  return accept(std::move(e));
}

}  // namespace podium::core::rules
