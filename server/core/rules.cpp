#include "rules.hpp"

#include <algorithm>

namespace podium::core::rules {

bool is_chair(Role role) { return role == Role::facilitator || role == Role::organizer; }

Decision accept(Event event) { return Decision{{std::move(event)}, std::nullopt}; }

Decision forbidden(std::string_view what) {
  return Decision::reject(RejectCode::forbidden,
                          std::string("Only the facilitator can ") + std::string(what) + ".");
}

std::optional<Rejection> check_text(const std::string& text, std::size_t max_bytes, std::string_view field) {
  if (text.size() <= max_bytes) return std::nullopt;
  return Rejection{RejectCode::bad_request,
                   std::string(field) + " is too long (at most " + std::to_string(max_bytes) + " bytes).",
                   std::nullopt};
}

std::optional<Rejection> check_guiding_question(const RoomState& state, const std::string& id) {
  if (id.empty() || std::find(state.guiding_questions.begin(), state.guiding_questions.end(), id) !=
                        state.guiding_questions.end())
    return std::nullopt;
  return Rejection{RejectCode::bad_request, "This room has no guiding question \"" + id + "\".",
                   std::nullopt};
}

namespace {

// A new entry goes after every entry of the same or higher precedence: a point of order jumps ahead
// of clarifying questions, which jump ahead of replies, which jump ahead of new points.
std::string place_for(const RoomState& state, SpeakerKind kind) {
  for (auto it = state.queue.rbegin(); it != state.queue.rend(); ++it) {
    if (it->kind <= kind) return it == state.queue.rbegin() ? "" : (it - 1)->id;
  }
  return state.queue.empty() ? "" : state.queue.front().id;
}

}  // namespace

Decision join(const RoomState& state, const Context& ctx, QueueEntry entry) {
  if (entry.kind == SpeakerKind::presentation)
    return Decision::reject(RejectCode::bad_request,
                            "Presenters take the floor from their slot, not the list.");
  if (state.queue.size() >= kMaxQueueLength)
    return Decision::reject(RejectCode::too_many, "The list of speakers is full.");
  entry.id = "e" + std::to_string(state.next_entry);
  entry.added_at_ms = ctx.now_ms;
  std::string before = place_for(state, entry.kind);
  return accept(QueueJoined{std::move(entry), std::move(before)});
}

}  // namespace podium::core::rules
