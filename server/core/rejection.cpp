#include "rejection.hpp"

namespace podium::core {

std::string_view to_string(RejectCode code) {
  switch (code) {
    case RejectCode::bad_request:
      return "bad_request";
    case RejectCode::too_large:
      return "too_large";
    case RejectCode::too_deep:
      return "too_deep";
    case RejectCode::unknown_type:
      return "unknown_type";
    case RejectCode::not_joined:
      return "not_joined";
    case RejectCode::already_joined:
      return "already_joined";
    case RejectCode::unsupported_version:
      return "unsupported_version";
    case RejectCode::unknown_room:
      return "unknown_room";
    case RejectCode::bad_key:
      return "bad_key";
    case RejectCode::forbidden:
      return "forbidden";
    case RejectCode::not_found:
      return "not_found";
    case RejectCode::stale:
      return "stale";
    case RejectCode::queue_closed:
      return "queue_closed";
    case RejectCode::queue_empty:
      return "queue_empty";
    case RejectCode::too_many:
      return "too_many";
    case RejectCode::invalid_state:
      return "invalid_state";
    case RejectCode::rate_limited:
      return "rate_limited";
    case RejectCode::duplicate:
      return "duplicate";
    case RejectCode::poll_closed:
      return "poll_closed";
    case RejectCode::closed:
      return "closed";
    case RejectCode::storage_unavailable:
      return "storage_unavailable";
  }
  return "bad_request";
}

}  // namespace podium::core
