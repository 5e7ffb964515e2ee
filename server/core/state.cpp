#include "state.hpp"

#include <algorithm>

namespace podium::core {

RoomState initial_state(std::string room, RoomSettings settings, Timer segment,
                        std::vector<std::string> guiding_questions, std::vector<std::string> agenda_items) {
  RoomState state;
  state.guiding_questions = std::move(guiding_questions);
  state.agenda_items = std::move(agenda_items);
  state.room = std::move(room);
  state.settings = settings;
  state.speaker.duration_ms = settings.speaking_ms;
  state.speaker.remaining_ms = settings.speaking_ms;
  state.speaker.warning_ms = settings.warning_ms;
  segment.run = TimerRun::idle;
  segment.remaining_ms = segment.duration_ms;
  state.segment = std::move(segment);
  return state;
}

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
