#include "state.hpp"

#include <algorithm>

namespace podium::core {

RoomState initial_state(RoomSetup setup) {
  RoomState state;
  state.room = std::move(setup.room);
  state.settings = setup.settings;
  state.guiding_questions = std::move(setup.guiding_questions);
  state.agenda_items = std::move(setup.agenda_items);
  state.blocks = std::move(setup.blocks);
  state.handoff_to = std::move(setup.handoff_to);
  state.speaker.duration_ms = setup.settings.speaking_ms;
  state.speaker.remaining_ms = setup.settings.speaking_ms;
  state.speaker.warning_ms = setup.settings.warning_ms;
  Timer& segment = state.segment = std::move(setup.segment);
  segment.run = TimerRun::idle;
  segment.remaining_ms = segment.duration_ms;
  // Slot ids named by the meeting file ("s1", "s2", ...) are taken.
  for (const Block& block : state.blocks) state.next_slot += block.slots.size();
  return state;
}

Millis segment_warning(Millis duration_ms) { return std::min<Millis>(5 * 60 * 1000, duration_ms / 6); }

namespace {

template <class T>
auto* find_by_id(T& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Question* RoomState::question(const std::string& id) const { return find_by_id(questions, id); }
Question* RoomState::question(const std::string& id) { return find_by_id(questions, id); }
const Poll* RoomState::poll(const std::string& id) const { return find_by_id(polls, id); }
Poll* RoomState::poll(const std::string& id) { return find_by_id(polls, id); }
const Block* RoomState::find_block(const std::string& id) const { return find_by_id(blocks, id); }
const Conclusion* RoomState::conclusion(const std::string& id) const { return find_by_id(conclusions, id); }

std::pair<const Block*, const Slot*> RoomState::find_slot(const std::string& id) const {
  for (const Block& b : blocks)
    if (const Slot* slot = find_by_id(b.slots, id)) return {&b, slot};
  return {nullptr, nullptr};
}

std::map<std::string, int> RoomState::vote_counts() const {
  std::map<std::string, std::vector<const std::string*>> merged_into_me;
  for (const Question& q : questions)
    if (q.status == QuestionStatus::merged) merged_into_me[q.merged_into].push_back(&q.id);
  auto own = [&](const std::string& id) -> const std::set<std::string>* {
    auto it = upvotes.find(id);
    return it == upvotes.end() ? nullptr : &it->second;
  };
  std::map<std::string, int> counts;
  for (const Question& q : questions) {
    if (!merged_into_me.contains(q.id)) {  // the usual case: no copying
      const auto* mine = own(q.id);
      counts[q.id] = mine ? static_cast<int>(mine->size()) : 0;
      continue;
    }
    std::set<std::string> devices;
    std::vector<const std::string*> todo{&q.id};
    std::set<std::string> seen;
    while (!todo.empty()) {
      const std::string& next = *todo.back();
      todo.pop_back();
      if (!seen.insert(next).second) continue;
      if (const auto* mine = own(next)) devices.insert(mine->begin(), mine->end());
      if (auto it = merged_into_me.find(next); it != merged_into_me.end())
        todo.insert(todo.end(), it->second.begin(), it->second.end());
    }
    counts[q.id] = static_cast<int>(devices.size());
  }
  return counts;
}

int RoomState::question_votes(const std::string& id) const {
  const auto counts = vote_counts();
  auto it = counts.find(id);
  return it == counts.end() ? 0 : it->second;
}

PollResults RoomState::poll_results(const std::string& id) const {
  PollResults r;
  const Poll* p = poll(id);
  if (!p) return r;
  r.counts.assign(p->options.size(), 0);
  auto it = votes.find(id);
  if (it == votes.end()) return r;
  r.voters = static_cast<int>(it->second.size());
  for (const auto& [device, picks] : it->second)
    for (int pick : picks)
      if (pick >= 0 && static_cast<std::size_t>(pick) < r.counts.size())
        ++r.counts[static_cast<std::size_t>(pick)];
  return r;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace podium::core
