#include <algorithm>

#include "decide.hpp"
#include "overloaded.hpp"

namespace podium::core {
namespace {

std::vector<QueueEntry>::iterator find_entry(RoomState& state, const std::string& id) {
  return std::find_if(state.queue.begin(), state.queue.end(),
                      [&](const QueueEntry& e) { return e.id == id; });
}

// Ids are a letter and a number ("e12", "q3", "p1"); each counter follows the largest id seen, so replay
// and live agree.
void advance_counter(std::uint64_t& next, const std::string& id, char prefix) {
  if (id.size() < 2 || id[0] != prefix) return;
  std::uint64_t n = 0;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  next = std::max(next, n + 1);
}

void advance_entry_counter(RoomState& state, const std::string& id) {
  advance_counter(state.next_entry, id, 'e');
}

// Keeps a device's activity of the last minute, for the per-minute limits.
void remember(std::map<std::string, std::deque<Millis>>& recent, const std::string& device, Millis at) {
  auto& times = recent[device];
  times.push_back(at);
  while (!times.empty() && times.front() + kRateWindowMs <= at) times.pop_front();
}

template <class T>
void upsert(std::vector<T>& items, const T& item) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == item.id; });
  if (it == items.end())
    items.push_back(item);
  else
    *it = item;
}

Block* find_block(RoomState& state, const std::string& id) {
  auto it =
      std::find_if(state.blocks.begin(), state.blocks.end(), [&](const Block& b) { return b.id == id; });
  return it == state.blocks.end() ? nullptr : &*it;
}

Slot* find_slot(RoomState& state, const std::string& id) {
  for (Block& b : state.blocks)
    for (Slot& s : b.slots)
      if (s.id == id) return &s;
  return nullptr;
}

// Inserts before `before_id`, or at the end when it is empty or gone.
template <class T>
void insert_before_id(std::vector<T>& items, T item, const std::string& before_id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == before_id; });
  items.insert(before_id.empty() ? items.end() : it, std::move(item));
}

template <class T>
void erase_id(std::vector<T>& items, const std::string& id) {
  std::erase_if(items, [&](const T& x) { return x.id == id; });
}

void apply_timer(RoomState& state, const TimerChanged& e) {
  state.timer(e.timer) = e.value;
  if (e.timer != TimerId::speaker || !state.current) return;
  Turn& turn = *state.current;
  if (e.change == TimerChange::paused && !turn.paused_since_ms) {
    turn.paused_since_ms = e.at_ms;
    ++turn.pauses;
  } else if (e.change == TimerChange::started && turn.paused_since_ms) {
    turn.paused_ms += e.at_ms - *turn.paused_since_ms;
    turn.paused_since_ms.reset();
  }
}

}  // namespace

void evolve(RoomState& state, const Event& event) {
  std::visit(Overloaded{
                 [&](const QueueJoined& e) {
                   advance_entry_counter(state, e.entry.id);
                   insert_before_id(state.queue, e.entry, e.before_id);
                 },
                 [&](const QueueWithdrawn& e) { erase_id(state.queue, e.entry_id); },
                 [&](const QueueRemoved& e) { erase_id(state.queue, e.entry_id); },
                 [&](const QueueMoved& e) {
                   auto it = find_entry(state, e.entry_id);
                   if (it == state.queue.end()) return;
                   QueueEntry moved = std::move(*it);
                   state.queue.erase(it);
                   if (!e.after_id.empty()) {
                     auto after = find_entry(state, e.after_id);
                     state.queue.insert(after == state.queue.end() ? after : after + 1, std::move(moved));
                   } else {
                     insert_before_id(state.queue, std::move(moved), e.before_id);
                   }
                 },
                 [&](const QueueClosed&) { state.queue_open = false; },
                 [&](const QueueOpened&) { state.queue_open = true; },
                 [&](const TurnStarted& e) {
                   erase_id(state.queue, e.entry.id);
                   advance_entry_counter(state, e.entry.id);
                   state.current = Turn{e.entry, e.at_ms, e.speaker.duration_ms, 0, std::nullopt, 0};
                   state.speaker = e.speaker;
                   if (Slot* slot = find_slot(state, e.entry.slot_id)) {
                     slot->status = SlotStatus::speaking;
                     slot->started_at_ms = e.at_ms;
                     slot->allotted_ms = e.speaker.duration_ms;
                   }
                 },
                 [&](const TurnEnded& e) {
                   state.current.reset();
                   state.speaker = e.speaker;
                   state.turns.push_back(e.record);
                   if (Slot* slot = find_slot(state, e.record.slot_id)) {
                     slot->status = SlotStatus::done;
                     slot->ended_at_ms = e.record.ended_at_ms;
                     slot->spoken_ms = e.record.spoken_ms;
                   }
                 },
                 [&](const TimerChanged& e) { apply_timer(state, e); },
                 [&](const RoomConfigured& e) { state.settings = e.settings; },
                 [&](const QuestionChanged& e) {
                   advance_counter(state.next_question, e.question.id, 'q');
                   upsert(state.questions, e.question);
                   if (e.change == QuestionChange::asked)
                     remember(state.recent_questions, e.question.device, e.at_ms);
                 },
                 [&](const AnsweringChanged& e) { state.answering = e.question_id; },
                 [&](const QuestionsConfigured& e) { state.premoderation = e.premoderation; },
                 [&](const DeviceMuted& e) {
                   if (e.muted)
                     state.muted.insert(e.device);
                   else
                     state.muted.erase(e.device);
                   for (const std::string& id : e.question_ids)
                     if (Question* q = state.question(id)) q->muted = e.muted;
                 },
                 [&](const QuestionUpvoted& e) {
                   if (e.up)
                     state.upvotes[e.question_id].insert(e.device);
                   else
                     state.upvotes[e.question_id].erase(e.device);
                   remember(state.recent_upvotes, e.device, e.at_ms);
                 },
                 [&](const PollChanged& e) {
                   advance_counter(state.next_poll, e.poll.id, 'p');
                   upsert(state.polls, e.poll);
                 },
                 [&](const PollVoted& e) { state.votes[e.poll_id][e.device] = e.picks; },
                 [&](const AgendaMoved& e) {
                   state.agenda_item = e.item_id;
                   state.agenda_since_ms = e.at_ms;
                 },
                 [&](const MessageSent& e) {
                   advance_counter(state.next_message, e.message.id, 'm');
                   upsert(state.messages, e.message);
                 },
                 [&](const MessageAcknowledged& e) {
                   for (Message& m : state.messages)
                     if (m.id == e.message_id) m.acknowledged_at_ms = e.at_ms;
                 },
                 [](const KeyRotated&) {},  // the shell keeps keys; the state has nothing to change
                 [&](const BlockStarted& e) {
                   state.block = e.block_id;
                   state.segment = e.segment;
                   if (Block* b = find_block(state, e.block_id)) {
                     b->started_at_ms = e.at_ms;
                     b->ended_at_ms = 0;
                     b->allotted_ms = e.segment.duration_ms;
                   }
                 },
                 [&](const BlockEnded& e) {
                   if (state.block == e.block_id) state.block.clear();
                   state.segment = e.segment;
                   if (Block* b = find_block(state, e.block_id)) {
                     b->ended_at_ms = e.at_ms;
                     b->left_ms = e.left_ms;
                   }
                 },
                 [&](const SlotAdded& e) {
                   advance_counter(state.next_slot, e.slot.id, 's');
                   if (Block* b = find_block(state, e.block_id))
                     insert_before_id(b->slots, e.slot, e.before_id);
                 },
                 [&](const SlotEdited& e) {
                   if (Block* b = find_block(state, e.block_id)) upsert(b->slots, e.slot);
                 },
                 [&](const SlotRemoved& e) {
                   if (Block* b = find_block(state, e.block_id)) erase_id(b->slots, e.slot_id);
                 },
                 [&](const SlotMoved& e) {
                   Block* b = find_block(state, e.block_id);
                   if (!b) return;
                   auto it = std::find_if(b->slots.begin(), b->slots.end(),
                                          [&](const Slot& s) { return s.id == e.slot_id; });
                   if (it == b->slots.end()) return;
                   Slot moved = std::move(*it);
                   b->slots.erase(it);
                   insert_before_id(b->slots, std::move(moved), e.before_id);
                 },
                 [&](const ConclusionChanged& e) {
                   advance_counter(state.next_conclusion, e.conclusion.id, 'c');
                   upsert(state.conclusions, e.conclusion);
                 },
                 [&](const ConclusionRemoved& e) { erase_id(state.conclusions, e.conclusion_id); },
                 [&](const HandoffSent& e) {
                   advance_counter(state.next_handoff, e.handoff.id, 'h');
                   state.handoffs.push_back(e.handoff);
                   for (Conclusion& c : state.conclusions)
                     for (const Conclusion& sent : e.handoff.conclusions)
                       if (c.id == sent.id && c.handed_off_at_ms == 0) c.handed_off_at_ms = e.handoff.at_ms;
                 },
                 [&](const HandoffReceived& e) { state.handoffs.push_back(e.handoff); },
                 [&](const MeetingClosed& e) { state.closed_at_ms = e.at_ms; },
             },
             event);
}

}  // namespace podium::core
