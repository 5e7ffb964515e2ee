#pragma once
// The envelope of DESIGN.md §4 as C++ values. protocol/PROTOCOL.md is the reference for every field.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
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
  std::uint64_t prev_seq = 0;  // the previous event this kind of connection was sent (see the gap rule)
  std::int64_t server_time_ms = 0;
  core::Event event;
  bool operator==(const EventMessage&) const = default;
};
struct PollTally {
  int voters = 0;
  std::optional<std::vector<int>> counts;  // absent where the room may not see results yet
  bool operator==(const PollTally&) const = default;
};
// Absolute counts, coalesced: what changed since the last tally, as of `seq`.
struct Tally {
  std::string room;
  std::string epoch;
  std::uint64_t seq = 0;
  std::map<std::string, int> questions;
  std::map<std::string, PollTally> polls;
  std::optional<std::map<std::string, int>> presence;  // connected devices by role (facilitators only)
  bool operator==(const Tally&) const = default;
};
// The welcome's room state is already encoded for the connection's audience.
struct Welcome {
  std::string room;
  std::string epoch;
  std::uint64_t seq = 0;
  std::int64_t server_time_ms = 0;
  core::Role role = core::Role::participant;
  std::optional<nlohmann::json> snapshot;  // either a snapshot ...
  std::vector<EventMessage> events;        // ... or the events missed since `resume`
  std::optional<Tally> tally;              // ... with the counts as they are now
  std::vector<std::string> mine;           // the participant's own queue entries
  nlohmann::json my_questions = nlohmann::json::array();
  std::vector<std::string> my_upvotes;
  nlohmann::json my_votes = nlohmann::json::object();
  bool operator==(const Welcome&) const = default;
};
struct Ack {
  std::string op_id;
  std::uint64_t seq = 0;
  std::string entry_id;  // set when the command created a queue entry
  std::string question_id;
  std::string poll_id;
  std::string message_id;
  std::string key;  // a rotated facilitator key, shown to the organizer this once
  std::string slot_id;
  std::string conclusion_id;
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
using ServerMessage = std::variant<Welcome, Ack, Reject, EventMessage, Pong, Tally>;

// WebSocket close codes Podium sends (PROTOCOL.md, "Close codes").
namespace close_code {
inline constexpr std::uint16_t kServiceRestart = 1012;   // server stopping; reconnect and resume
inline constexpr std::uint16_t kPolicy = 1008;           // too many malformed messages
inline constexpr std::uint16_t kTooBig = 1009;           // a frame over the hard size limit
inline constexpr std::uint16_t kUnsupportedData = 1003;  // binary frames
inline constexpr std::uint16_t kKeyRotated = 4401;       // the facilitator key was replaced
inline constexpr std::uint16_t kHelloTimeout = 4408;     // no successful hello in time
inline constexpr std::uint16_t kTooSlow = 4503;          // the client did not keep up with the room
}  // namespace close_code

}  // namespace podium::protocol
