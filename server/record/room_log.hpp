#pragma once
// A room's log as the record reads it: the state it started from and every event, decoded. Everything
// else in server/record is a pure function of these; only load_logs touches the database.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/app/meeting.hpp"
#include "server/core/events.hpp"
#include "server/store/event_store.hpp"

namespace podium::record {

struct LoggedEvent {
  std::uint64_t seq = 0;
  core::Millis at_ms = 0;
  core::Event event;
  std::string actor_role;  // "participant", "facilitator", "organizer", "display"; "" for the server
};

struct RoomLog {
  std::string room;
  std::string epoch;
  core::RoomState initial;
  std::vector<LoggedEvent> events;  // in seq order
};

// Every room of the database (or only `room`), in the order the store lists them. Throws
// protocol::CodecError (or nlohmann::json::parse_error) for a row the codec cannot read.
std::vector<RoomLog> load_logs(store::EventStore& store,
                               const std::optional<std::string>& room = std::nullopt);

// The logs in the order the meeting file lists their rooms; rooms it does not list follow, by id.
std::vector<const RoomLog*> in_meeting_order(const app::Meeting& meeting, const std::vector<RoomLog>& logs);

// The room as it stood after the event numbered `seq` (the initial state for 0), by replay.
core::RoomState state_at(const RoomLog& log, std::uint64_t seq);
// The room after its last event.
core::RoomState final_state(const RoomLog& log);

}  // namespace podium::record
