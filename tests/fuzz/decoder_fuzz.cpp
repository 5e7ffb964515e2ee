// Fuzz target: the decoder every client frame passes (protocol::decode_client, with the participant's and
// the chair's size limits), the one the tests and tools read server messages with (decode_server), and
// the one replay reads the log with (event_from_log).
//
// Whatever the bytes, decoding returns a message or a DecodeError and nothing else happens. Beyond not
// crashing, what is checked is what the hub relies on:
//   - a DecodeError becomes a reject the hub can encode, and that reject reads back unchanged;
//   - a decoded message encodes to JSON that decodes to the same message (normalized text stays
//     normalized), so what the log stores and what a replay reads agree;
//   - JSON the parser accepted was UTF-8 (the WebSocket layer checks this too, but the decoder must
//     not depend on it);
//   - event_from_log, whose fast path reads votes and upvotes without a JSON tree, gives what
//     event_from_json(Json::parse(...)) gives, or fails where it fails.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/cpp/codec.hpp"
#include "protocol/cpp/text.hpp"

namespace {

using namespace podium;

// HubLimits' defaults: a participant's message, and a facilitator's or the organizer's.
constexpr std::size_t kParticipantBytes = 16 * 1024;
constexpr std::size_t kChairBytes = 64 * 1024;

[[noreturn]] void fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "decoder_fuzz: %.*s\n  %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void check_reject(const protocol::DecodeError& error) {
  if (error.message.empty()) fail("a DecodeError without a message", "");
  if (error.op_id.size() > 64) fail("a DecodeError echoes an op_id longer than 64 bytes", error.op_id);
  // What Hub::reject sends.
  const protocol::Reject reject{error.op_id, error.code, error.message, std::nullopt};
  std::string text;
  try {
    text = protocol::encode(reject);
  } catch (const std::exception& e) {
    fail("encoding the reject threw", e.what());
  }
  auto back = protocol::decode_server(text);
  const auto* message = std::get_if<protocol::ServerMessage>(&back);
  if (!message) fail("the reject does not decode", text);
  if (*message != protocol::ServerMessage{reject}) fail("the reject reads back different", text);
}

void check_round_trip(const protocol::ClientMessage& message) {
  std::string text;
  try {
    text = protocol::to_json(message).dump();
  } catch (const std::exception& e) {
    fail("encoding a decoded message threw", e.what());
  }
  auto again = protocol::decode_client(text, std::numeric_limits<std::size_t>::max());
  if (const auto* error = std::get_if<protocol::DecodeError>(&again)) {
    // Normalizing can lengthen a text (NFC writes some characters as two code points), so one that
    // was just under the field's limit may be over it once normalized. The limit guards memory, not
    // meaning; a decode refused for that reason alone is not a disagreement.
    if (error->message.find("is too long") != std::string::npos) return;
    fail("a decoded message, encoded, no longer decodes", error->message + "\n  " + text);
  }
  if (std::get<protocol::ClientMessage>(again) != message)
    fail("a decoded message reads back different", text);
}

void check_client(std::string_view text, std::size_t limit) {
  auto decoded = protocol::decode_client(text, limit);
  if (const auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
    check_reject(*error);
    return;
  }
  if (text.size() > limit) fail("a message over the size limit decoded", std::to_string(text.size()));
  check_round_trip(std::get<protocol::ClientMessage>(decoded));
}

std::optional<core::Event> event_or_nothing(auto read) {
  try {
    return read();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void check_log_reader(std::string_view text) {
  const auto fast = event_or_nothing([&] { return protocol::event_from_log(text); });
  const auto full = event_or_nothing([&] { return protocol::event_from_json(protocol::Json::parse(text)); });
  if (fast.has_value() != full.has_value())
    fail(fast ? "event_from_log read what the full parser refuses"
              : "event_from_log refused what the full parser reads",
         text);
  if (fast && *fast != *full) fail("event_from_log read another event than the full parser", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_client(text, kParticipantBytes);
  if (size > kParticipantBytes) check_client(text, kChairBytes);

  // nlohmann's parser takes a NUL byte for the end of its input and ignores what follows, so only the
  // text up to the first NUL is the JSON it accepted.
  const protocol::Json j = protocol::Json::parse(text, nullptr, false);
  if (!j.is_discarded() && !protocol::is_utf8(text.substr(0, text.find('\0'))))
    fail("the JSON parser accepted text that is not UTF-8", "");

  auto server = protocol::decode_server(text);
  if (const auto* message = std::get_if<protocol::ServerMessage>(&server)) {
    // Whatever a server message decodes to encodes again, for either audience.
    try {
      (void)protocol::encode(*message, protocol::Audience::room);
      (void)protocol::encode(*message, protocol::Audience::chair);
    } catch (const std::exception& e) {
      fail("encoding a decoded server message threw", e.what());
    }
  }
  check_log_reader(text);
  return 0;
}
