// The room's plan as it runs: blocks (presentations, open discussion), presenter slots whose time
// flows into one another, the facilitator's conclusions and their handoff to the plenary.
#include <algorithm>
#include <numeric>
#include <set>

#include "rules.hpp"

namespace podium::core::rules {
namespace {

constexpr Millis kMinShareMs = 60'000;  // a presenter, or a discussion, always gets a minute
constexpr std::size_t kMaxSlots = 20;
constexpr std::size_t kMaxConclusionChars = 500;
constexpr std::size_t kMaxConclusions = 100;
constexpr std::size_t kMaxHandoffItems = 20;
constexpr std::size_t kMaxHandoffs = 100;

Decision reject(RejectCode code, std::string message) { return Decision::reject(code, std::move(message)); }

std::optional<Rejection> check_block_expected(const RoomState& state, const std::string& expected) {
  if (state.block == expected) return std::nullopt;
  const Block* running = state.find_block(state.block);
  return Rejection{RejectCode::stale,
                   "The session has already moved on: " +
                       (running ? "\"" + running->title + "\" is running now." : "no block is running now."),
                   std::nullopt};
}

std::optional<Rejection> check_presenter(const std::string& name, const std::string& affiliation,
                                         const std::optional<Millis>& planned_ms) {
  if (name.empty()) return Rejection{RejectCode::bad_request, "A presenter needs a name.", std::nullopt};
  if (auto r = check_text(name, kMaxNameLength, "name")) return r;
  if (auto r = check_text(affiliation, kMaxAffiliationLength, "affiliation")) return r;
  if (planned_ms && (*planned_ms < kMinDurationMs || *planned_ms > kMaxDurationMs))
    return Rejection{RejectCode::bad_request, "A presenter's time must be between 1 second and 12 hours.",
                     std::nullopt};
  return std::nullopt;
}

// Where a waiting slot may go: before another waiting slot of its block, or at the end.
std::optional<Rejection> check_place(const Block& block, const std::string& before_id,
                                     const std::string& moving = "") {
  if (before_id.empty()) return std::nullopt;
  auto it =
      std::find_if(block.slots.begin(), block.slots.end(), [&](const Slot& s) { return s.id == before_id; });
  if (before_id == moving)
    return Rejection{RejectCode::bad_request, "A presenter cannot be placed before themselves.",
                     std::nullopt};
  if (it == block.slots.end())
    return Rejection{RejectCode::not_found, "No such presenter to place it before.", std::nullopt};
  if (it->status != SlotStatus::waiting)
    return Rejection{RejectCode::invalid_state, "A presenter can only be placed before one still waiting.",
                     std::nullopt};
  return std::nullopt;
}

// The time a block gets when it starts: its plan, and for a discussion after presentations what they
// left (or minus what they overran).
Millis allotment(const RoomState& state, const Block& block, Millis now) {
  Millis allotted = block.planned_ms;
  auto it = std::find_if(state.blocks.begin(), state.blocks.end(),
                         [&](const Block& b) { return b.id == block.id; });
  if (block.kind == BlockKind::discussion && it != state.blocks.begin()) {
    const Block& before = *(it - 1);
    if (before.kind == BlockKind::presentations && before.started()) {
      const Millis left = before.ended() ? before.left_ms : state.segment.remaining_at(now);
      allotted = std::max(kMinShareMs, (allotted + left) / 1000 * 1000);
    }
  }
  return allotted;
}

// The block's time left: the segment timer while it runs the block, what it would get if it started now.
Millis block_time_left(const RoomState& state, const Block& block, Millis now) {
  return state.block == block.id ? state.segment.remaining_at(now) : allotment(state, block, now);
}

// A presenter's share of what the block has left: in proportion to the planned time of every slot
// still waiting (an equal share of the block for a slot with none), whole seconds, at least a minute.
Millis share_for(const RoomState& state, const Block& block, const Slot& slot, Millis now) {
  const Millis equal = block.planned_ms / static_cast<Millis>(std::max<std::size_t>(block.slots.size(), 1));
  auto weight = [&](const Slot& s) { return s.planned_ms > 0 ? s.planned_ms : equal; };
  Millis waiting = 0;
  for (const Slot& s : block.slots)
    if (s.status == SlotStatus::waiting) waiting += weight(s);
  const Millis left = block_time_left(state, block, now);
  if (left <= 0 || waiting <= 0) return kMinShareMs;
  const Millis share = static_cast<Millis>(static_cast<long double>(left) * weight(slot) / waiting);
  return std::max(kMinShareMs, share / 1000 * 1000);
}

// The events that stop whatever runs (the turn, the block) and start `block`; appended to `d`.
void start_block(const RoomState& state, const Block& block, Millis now, Decision& d) {
  Timer segment;
  segment.label = block.title;
  segment.duration_ms = allotment(state, block, now);
  segment.run = TimerRun::running;
  segment.ends_at_ms = now + segment.duration_ms;
  segment.remaining_ms = segment.duration_ms;
  segment.warning_ms = segment_warning(segment.duration_ms);
  if (!state.block.empty()) d.events.emplace_back(end_block(state, now));
  // The open round runs on the speaker queue.
  if (block.kind == BlockKind::discussion && !state.queue_open) d.events.emplace_back(QueueOpened{});
  d.events.emplace_back(BlockStarted{block.id, now, std::move(segment)});
}

std::optional<Rejection> check_startable(const Block& block) {
  if (block.ended())
    return Rejection{RejectCode::invalid_state,
                     "\"" + block.title + "\" is over; add time to the segment timer instead.", std::nullopt};
  return std::nullopt;
}

std::optional<Rejection> check_conclusion(const RoomState& state, const std::string& text,
                                          const std::string& guiding_question) {
  if (text.empty() || utf8_length(text) > kMaxConclusionChars)
    return Rejection{RejectCode::bad_request,
                     "A conclusion has 1 to " + std::to_string(kMaxConclusionChars) + " characters.",
                     std::nullopt};
  return check_guiding_question(state, guiding_question);
}

std::optional<Rejection> check_ids(const std::vector<std::string>& ids, std::size_t min,
                                   std::string_view what) {
  if (ids.size() < min || ids.size() > kMaxHandoffItems)
    return Rejection{RejectCode::bad_request,
                     "Choose " + std::to_string(min) + " to " + std::to_string(kMaxHandoffItems) + " " +
                         std::string(what) + ".",
                     std::nullopt};
  if (std::set<std::string>(ids.begin(), ids.end()).size() != ids.size())
    return Rejection{RejectCode::bad_request, "The same " + std::string(what) + " is named twice.",
                     std::nullopt};
  return std::nullopt;
}

}  // namespace

BlockEnded end_block(const RoomState& state, Millis now) {
  Timer segment = state.segment;
  const Millis left = segment.remaining_at(now);
  segment.run = TimerRun::paused;
  segment.remaining_ms = left;
  segment.ends_at_ms = 0;
  return BlockEnded{state.block, now, left, std::move(segment)};
}

Decision decide(const RoomState& state, const StartBlock& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("run the session");
  if (auto r = check_block_expected(state, c.expected_current)) return Decision{{}, r};
  const Block* block = state.find_block(c.block_id);
  if (!block) return reject(RejectCode::not_found, "This room's plan has no block \"" + c.block_id + "\".");
  if (state.block == block->id)
    return reject(RejectCode::invalid_state, "\"" + block->title + "\" is already running.");
  if (auto r = check_startable(*block)) return Decision{{}, r};
  Decision d;
  if (state.current) d.events.emplace_back(end_turn(state, ctx.now_ms));
  start_block(state, *block, ctx.now_ms, d);
  return d;
}

Decision decide(const RoomState& state, const EndBlock& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("run the session");
  if (auto r = check_block_expected(state, c.expected_current)) return Decision{{}, r};
  if (state.block.empty()) return reject(RejectCode::invalid_state, "No block is running.");
  Decision d;
  if (state.current) d.events.emplace_back(end_turn(state, ctx.now_ms));
  d.events.emplace_back(end_block(state, ctx.now_ms));
  return d;
}

Decision decide(const RoomState& state, const AddSlot& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("add presenters");
  const Block* block = state.find_block(c.block_id);
  if (!block) return reject(RejectCode::not_found, "This room's plan has no block \"" + c.block_id + "\".");
  if (block->kind != BlockKind::presentations)
    return reject(RejectCode::invalid_state, "Presenters belong in a block of presentations.");
  if (block->ended()) return reject(RejectCode::invalid_state, "\"" + block->title + "\" is over.");
  if (auto r = check_presenter(c.name, c.affiliation, c.planned_ms)) return Decision{{}, r};
  const std::size_t limit =
      block->max_presenters > 0 ? static_cast<std::size_t>(block->max_presenters) : kMaxSlots;
  if (block->slots.size() >= limit)
    return reject(RejectCode::too_many,
                  "\"" + block->title + "\" takes at most " + std::to_string(limit) + " presenters.");
  if (auto r = check_place(*block, c.before_id)) return Decision{{}, r};
  Slot slot;
  slot.id = "s" + std::to_string(state.next_slot);
  slot.name = c.name;
  slot.affiliation = c.affiliation;
  slot.planned_ms = c.planned_ms.value_or(0);
  slot.affiliation_kind = c.affiliation_kind;
  return accept(SlotAdded{block->id, std::move(slot), c.before_id});
}

namespace {

// The waiting slot a command names, or why not.
std::variant<std::pair<const Block*, const Slot*>, Rejection> waiting_slot(const RoomState& state,
                                                                           const std::string& id) {
  auto [block, slot] = state.find_slot(id);
  if (!slot) return Rejection{RejectCode::not_found, "No such presenter.", std::nullopt};
  if (slot->status != SlotStatus::waiting)
    return Rejection{
        RejectCode::invalid_state,
        slot->name + (slot->status == SlotStatus::speaking ? " has the floor now." : " has already spoken."),
        std::nullopt};
  return std::pair{block, slot};
}

}  // namespace

Decision decide(const RoomState& state, const EditSlot& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("edit presenters");
  auto found = waiting_slot(state, c.slot_id);
  if (auto* r = std::get_if<Rejection>(&found)) return Decision{{}, *r};
  auto [block, slot] = std::get<0>(found);
  if (auto r = check_presenter(c.name, c.affiliation, c.planned_ms)) return Decision{{}, r};
  Slot edited = *slot;
  edited.name = c.name;
  edited.affiliation = c.affiliation;
  edited.planned_ms = c.planned_ms.value_or(0);
  edited.affiliation_kind = c.affiliation_kind;
  if (edited == *slot) return reject(RejectCode::invalid_state, "Nothing to change.");
  return accept(SlotEdited{block->id, std::move(edited)});
}

Decision decide(const RoomState& state, const RemoveSlot& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("remove presenters");
  auto found = waiting_slot(state, c.slot_id);
  if (auto* r = std::get_if<Rejection>(&found)) return Decision{{}, *r};
  return accept(SlotRemoved{std::get<0>(found).first->id, c.slot_id});
}

Decision decide(const RoomState& state, const MoveSlot& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("reorder presenters");
  auto found = waiting_slot(state, c.slot_id);
  if (auto* r = std::get_if<Rejection>(&found)) return Decision{{}, *r};
  const Block& block = *std::get<0>(found).first;
  if (auto r = check_place(block, c.before_id, c.slot_id)) return Decision{{}, r};
  return accept(SlotMoved{block.id, c.slot_id, c.before_id});
}

Decision decide(const RoomState& state, const StartSlot& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("give the floor");
  if (auto r = check_current(state, c.expected_current)) return Decision{{}, r};
  auto found = waiting_slot(state, c.slot_id);
  if (auto* r = std::get_if<Rejection>(&found)) return Decision{{}, *r};
  auto [block, slot] = std::get<0>(found);
  if (auto r = check_startable(*block)) return Decision{{}, r};
  Decision d;
  if (state.current) d.events.emplace_back(end_turn(state, ctx.now_ms));
  const Millis share = share_for(state, *block, *slot, ctx.now_ms);
  if (state.block != block->id) start_block(state, *block, ctx.now_ms, d);
  QueueEntry entry;
  entry.id = "e" + std::to_string(state.next_entry);
  entry.name = slot->name;
  entry.affiliation = slot->affiliation;
  entry.kind = SpeakerKind::presentation;
  entry.added_at_ms = ctx.now_ms;
  entry.duration_ms = share;
  entry.slot_id = slot->id;
  entry.affiliation_kind = slot->affiliation_kind;
  d.events.emplace_back(start_turn(state, entry, ctx.now_ms));
  return d;
}

Decision decide(const RoomState& state, const AddConclusion& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("write conclusions");
  if (auto r = check_conclusion(state, c.text, c.guiding_question)) return Decision{{}, r};
  if (state.conclusions.size() >= kMaxConclusions)
    return reject(RejectCode::too_many, "Too many conclusions.");
  return accept(ConclusionChanged{
      ConclusionChange::added,
      Conclusion{"c" + std::to_string(state.next_conclusion), c.text, c.guiding_question, ctx.now_ms, 0}});
}

Decision decide(const RoomState& state, const EditConclusion& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("edit conclusions");
  const Conclusion* old = state.conclusion(c.conclusion_id);
  if (!old) return reject(RejectCode::not_found, "No such conclusion.");
  if (auto r = check_conclusion(state, c.text, c.guiding_question)) return Decision{{}, r};
  Conclusion edited = *old;
  edited.text = c.text;
  edited.guiding_question = c.guiding_question;
  if (edited == *old) return reject(RejectCode::invalid_state, "Nothing to change.");
  return accept(ConclusionChanged{ConclusionChange::edited, std::move(edited)});
}

Decision decide(const RoomState& state, const RemoveConclusion& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("delete conclusions");
  if (!state.conclusion(c.conclusion_id)) return reject(RejectCode::not_found, "No such conclusion.");
  return accept(ConclusionRemoved{c.conclusion_id});
}

Decision decide(const RoomState& state, const SendHandoff& c, const Context& ctx) {
  if (!is_chair(ctx.role)) return forbidden("hand conclusions to the plenary");
  if (state.handoff_to.empty())
    return reject(RejectCode::invalid_state, "This room has no plenary to hand its conclusions to.");
  if (auto r = check_ids(c.conclusion_ids, 1, "conclusions")) return Decision{{}, r};
  if (auto r = check_ids(c.question_ids, 0, "questions")) return Decision{{}, r};
  if (state.handoffs.size() >= kMaxHandoffs) return reject(RejectCode::too_many, "Too many handoffs.");
  Handoff h;
  h.id = "h" + std::to_string(state.next_handoff);
  h.from_room = state.room;
  h.at_ms = ctx.now_ms;
  for (const std::string& id : c.conclusion_ids) {
    const Conclusion* conclusion = state.conclusion(id);
    if (!conclusion) return reject(RejectCode::not_found, "No such conclusion: " + id + ".");
    h.conclusions.push_back(Conclusion{conclusion->id, conclusion->text, conclusion->guiding_question, 0, 0});
  }
  const auto votes = c.question_ids.empty() ? std::map<std::string, int>{} : state.vote_counts();
  for (const std::string& id : c.question_ids) {
    const Question* q = state.question(id);
    if (!q) return reject(RejectCode::not_found, "No such question: " + id + ".");
    if (!q->visible())
      return reject(RejectCode::invalid_state, "Only approved or answered questions go to the plenary.");
    auto v = votes.find(id);
    h.questions.push_back(
        HandoffQuestion{q->id, q->text, q->name, q->guiding_question, v == votes.end() ? 0 : v->second});
  }
  return accept(HandoffSent{std::move(h)});
}

Decision decide(const RoomState& state, const ReceiveHandoff& c, const Context& ctx) {
  if (ctx.role != Role::system) return reject(RejectCode::forbidden, "Handoffs come from the groups' rooms.");
  if (c.handoff.from_room == state.room)
    return reject(RejectCode::bad_request, "A room does not hand off to itself.");
  const bool seen = std::any_of(state.handoffs.begin(), state.handoffs.end(), [&](const Handoff& h) {
    return h.from_room == c.handoff.from_room && h.id == c.handoff.id;
  });
  if (seen) return reject(RejectCode::duplicate, "This handoff has already arrived.");
  return accept(HandoffReceived{c.handoff});
}

}  // namespace podium::core::rules
