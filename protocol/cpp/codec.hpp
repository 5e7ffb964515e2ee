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

// Who reads an encoded value: the room (browsers) never sees device ids; the log keeps them.
enum class Audience { room, log };

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
Json state_to_json(const core::RoomState& state, Audience audience);
core::RoomState state_from_json(const Json& j);

}  // namespace podium::protocol
