#include "room_log.hpp"

#include <algorithm>

#include "protocol/cpp/codec.hpp"
#include "server/core/decide.hpp"

namespace podium::record {

std::vector<RoomLog> load_logs(store::EventStore& store, const std::optional<std::string>& room) {
  std::vector<RoomLog> logs;
  for (const store::RoomRow& row : store.rooms()) {
    if (room && row.id != *room) continue;
    RoomLog log{row.id, row.epoch, protocol::state_from_json(protocol::Json::parse(row.initial_state)), {}};
    store.for_each_event(row.id, 0, [&](const store::EventRow& e) {
      log.events.push_back(LoggedEvent{
          e.seq, e.at_ms, protocol::event_from_json(protocol::Json::parse(e.body)), e.actor_role});
    });
    logs.push_back(std::move(log));
  }
  return logs;
}

std::vector<const RoomLog*> in_meeting_order(const app::Meeting& meeting, const std::vector<RoomLog>& logs) {
  const auto rank = [&](const RoomLog* log) {
    auto it = std::find_if(meeting.rooms.begin(), meeting.rooms.end(),
                           [&](const app::RoomConfig& r) { return r.id == log->room; });
    return std::pair(it - meeting.rooms.begin(), log->room);
  };
  std::vector<const RoomLog*> ordered;
  for (const RoomLog& log : logs) ordered.push_back(&log);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const RoomLog* a, const RoomLog* b) { return rank(a) < rank(b); });
  return ordered;
}

core::RoomState state_at(const RoomLog& log, std::uint64_t seq) {
  core::RoomState state = log.initial;
  for (const LoggedEvent& e : log.events) {
    if (e.seq > seq) break;
    core::evolve(state, e.event);
  }
  return state;
}

core::RoomState final_state(const RoomLog& log) {
  return state_at(log, log.events.empty() ? 0 : log.events.back().seq);
}

}  // namespace podium::record
