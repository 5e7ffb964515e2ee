#pragma once
// The envelope of DESIGN.md §4 as C++ values. protocol/PROTOCOL.md is the reference for every field.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "server/core/commands.hpp"
#include "server/core/events.hpp"
#include "server/core/rejection.hpp"

namespace podium::protocol {

// Major version: a client speaking another major is refused with `unsupported_version`.
inline constexpr int kProtocolVersion = 1;

struct Resume {
  std::string epoch;
  std::uint64_t seq = 0;
  bool operator==(const Resume&) const = default;
};

// ---- client -> server ----
struct Hello {
  int protocol = kProtocolVersion;
  std::string room;
  core::Role role = core::Role::participant;
  std::string device;  // the device's random token (participants must send one)
  std::string key;     // facilitator / organizer capability
  std::optional<Resume> resume;
  bool operator==(const Hello&) const = default;
};
struct CommandMessage {
  std::string op_id;
  core::Command command;
  bool operator==(const CommandMessage&) const = default;
};
struct Ping {
  double t0 = 0;
  bool operator==(const Ping&) const = default;
};
// Asks for a fresh welcome (after a gap): answered like a resuming hello.
struct Sync {
  std::optional<Resume> resume;
  bool operator==(const Sync&) const = default;
};
using ClientMessage = std::variant<Hello, CommandMessage, Ping, Sync>;

// ---- server -> client ----
struct EventMessage {
  std::string room;
  std::string epoch;
  std::uint64_t seq = 0;
  std::int64_t server_time_ms = 0;
  core::Event event;
  bool operator==(const EventMessage&) const = default;
};
struct Welcome {
  std::string room;
  std::string epoch;
  std::uint64_t seq = 0;
  std::int64_t server_time_ms = 0;
  core::Role role = core::Role::participant;
  std::optional<core::RoomState> snapshot;  // either a snapshot ...
  std::vector<EventMessage> events;         // ... or the events missed since `resume`
  std::vector<std::string> mine;            // the participant's own queue entries
  bool operator==(const Welcome&) const = default;
};
struct Ack {
  std::string op_id;
  std::uint64_t seq = 0;
  std::string entry_id;  // set when the command created a queue entry
  bool operator==(const Ack&) const = default;
};
struct Reject {
  std::string op_id;  // empty when the message had none (e.g. hello, malformed JSON)
  core::RejectCode code = core::RejectCode::bad_request;
  std::string message;
  std::optional<std::int64_t> retry_after_ms;
  bool operator==(const Reject&) const = default;
};
struct Pong {
  double t0 = 0;
  std::int64_t ts = 0;
  bool operator==(const Pong&) const = default;
};
using ServerMessage = std::variant<Welcome, Ack, Reject, EventMessage, Pong>;

// WebSocket close codes Podium sends (PROTOCOL.md, "Close codes").
namespace close_code {
inline constexpr std::uint16_t kServiceRestart = 1012;   // server stopping; reconnect and resume
inline constexpr std::uint16_t kPolicy = 1008;           // too many malformed messages
inline constexpr std::uint16_t kTooBig = 1009;           // a frame over the hard size limit
inline constexpr std::uint16_t kUnsupportedData = 1003;  // binary frames
inline constexpr std::uint16_t kHelloTimeout = 4408;     // no successful hello in time
inline constexpr std::uint16_t kTooSlow = 4503;          // the client did not keep up with the room
}  // namespace close_code

}  // namespace podium::protocol
