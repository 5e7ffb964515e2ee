#pragma once
// JSON <-> protocol values. The only place that knows field names; PROTOCOL.md documents them and the
// fixtures in protocol/fixtures pin them for both the C++ and the JS side.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "messages.hpp"

namespace podium::protocol {

using Json = nlohmann::json;

// Who reads an encoded value. The room (participants, displays) sees what is public; the chair
// (facilitators, organizer) also sees what waits for moderation; only the log keeps device ids.
enum class Audience { room, chair, log };

// Facilitators and the organizer read as the chair; participants and displays as the room.
inline Audience audience_of(core::Role role) {
  return role == core::Role::facilitator || role == core::Role::organizer ? Audience::chair : Audience::room;
}

inline constexpr int kMaxDepth = 32;
inline constexpr std::size_t kMaxStringBytes = 2000;

// A message that could not be decoded, with the reject it earns.
struct DecodeError {
  core::RejectCode code = core::RejectCode::bad_request;
  std::string message;
  std::string op_id;  // when it could be read, so the sender can match the reject
};

// Thrown by the *_from_json functions; decode_* turn it into a DecodeError.
struct CodecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks size and nesting on the raw text before anything is parsed or copied.
std::optional<DecodeError> precheck(std::string_view text, std::size_t max_bytes);

std::variant<ClientMessage, DecodeError> decode_client(std::string_view text, std::size_t max_bytes);
std::variant<ServerMessage, DecodeError> decode_server(std::string_view text);

Json to_json(const ClientMessage& message);
Json to_json(const ServerMessage& message, Audience audience = Audience::room);
std::string encode(const ServerMessage& message, Audience audience = Audience::room);

std::string_view type_of(const core::Command& command);
std::string_view type_of(const core::Event& event);
std::string_view to_string(core::Role role);

Json event_to_json(const core::Event& event, Audience audience);
core::Event event_from_json(const Json& j);
// An event as the log stores it (Json::dump of event_to_json(e, Audience::log)): the same result, or the
// same exception, as event_from_json(Json::parse(body)), without a JSON tree for votes and upvotes.
core::Event event_from_log(std::string_view body);
Json state_to_json(const core::RoomState& state, Audience audience);
// Reads a state written for the log audience (the room's initial state, tests).
core::RoomState state_from_json(const Json& j);
// A question as `audience` may see it (with its votes, for snapshots); polls likewise, with results
// where the audience may see them.
Json question_to_json(const core::Question& q, Audience audience, std::optional<int> votes = std::nullopt);
Json poll_to_json(const core::Poll& p, Audience audience, const core::PollResults* results = nullptr);
// Whether `audience` may see the results of `poll` now.
bool results_visible(const core::Poll& poll, Audience audience);

}  // namespace podium::protocol
