#include "state.hpp"

#include <algorithm>

namespace podium::core {

RoomState initial_state(std::string room, RoomSettings settings, Timer segment,
                        std::vector<std::string> guiding_questions) {
  RoomState state;
  state.guiding_questions = std::move(guiding_questions);
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

int RoomState::question_votes(const std::string& id) const {
  std::set<std::string> devices;
  // Follow merges backwards: everything merged into `id`, and into those, counts here.
  std::vector<std::string> todo{id};
  std::set<std::string> seen;
  while (!todo.empty()) {
    const std::string next = todo.back();
    todo.pop_back();
    if (!seen.insert(next).second) continue;
    if (auto it = upvotes.find(next); it != upvotes.end())
      devices.insert(it->second.begin(), it->second.end());
    for (const Question& q : questions)
      if (q.status == QuestionStatus::merged && q.merged_into == next) todo.push_back(q.id);
  }
  return static_cast<int>(devices.size());
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
