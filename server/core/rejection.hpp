#pragma once
// Stable reject codes: clients and tests match on the code, people read the message.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace podium::core {

enum class RejectCode {
  bad_request,     // malformed JSON, missing or mistyped field, value out of range
  too_large,       // message over the size limit for the role
  too_deep,        // JSON nested deeper than 32
  unknown_type,    // no such message type
  not_joined,      // a command before a successful hello
  already_joined,  // a second hello on the same connection
  unsupported_version,
  unknown_room,
  bad_key,    // missing or wrong facilitator/organizer key
  forbidden,  // the role may not send this command
  not_found,  // no such queue entry
  stale,      // the precondition (current speaker) no longer holds
  queue_closed,
  queue_empty,
  too_many,       // per-device or per-room limit reached
  invalid_state,  // e.g. pausing a timer that is not running
  rate_limited,
  duplicate,            // the same question again from the same device
  poll_closed,          // a vote on a poll that is not open
  closed,               // the organizer closed the meeting: the record is read-only
  storage_unavailable,  // the record could not be written (disk full?): nothing was saved, try again
};
// The codec reads a code by trying each one up to this: keep it the last.
constexpr RejectCode kLastRejectCode = RejectCode::storage_unavailable;

struct Rejection {
  RejectCode code = RejectCode::bad_request;
  std::string message;
  std::optional<std::int64_t> retry_after_ms;
  bool operator==(const Rejection&) const = default;
};

std::string_view to_string(RejectCode code);

}  // namespace podium::core
