#pragma once
// The whole record as one JSON document, for archives and other tools:
//   {"rooms": [{"room", "epoch", "initial_state", "events": [{"seq", "at_ms", "actor_role", "event"}]}]}
// States and events are in the log's form, minus what must not leave the server: device ids (every
// "device" field, and the devices behind upvotes, votes and mutes), key hashes, and the words of every
// question publishable() keeps back (their text and name are written as ""). Keys sorted, two-space
// indent: the same log always gives the same bytes.
#include <string>
#include <vector>

#include "room_log.hpp"

namespace podium::record {

std::string json_log(const std::vector<RoomLog>& logs);

}  // namespace podium::record
