// Who sees which event: a question waiting for moderation, a draft poll or a muted device is the
// facilitators' business; votes and upvotes travel as tallies.
#include "events.hpp"
#include "overloaded.hpp"

namespace podium::core {

bool is_quiet(const Event& event) {
  return std::holds_alternative<QuestionUpvoted>(event) || std::holds_alternative<PollVoted>(event);
}

bool visible_to_room(const Event& event) {
  return std::visit(
      Overloaded{
          [](const QuestionChanged& e) {
            return e.was_visible || e.question.visible() || e.change == QuestionChange::merged ||
                   e.change == QuestionChange::unmerged;
          },
          [](const DeviceMuted&) { return false; },
          [](const MessageSent& e) { return e.message.to == MessageTo::display; },
          [](const MessageAcknowledged&) { return false; },  // only facilitator messages are acknowledged
          [](const KeyRotated&) { return false; },
          // Conclusions are the facilitator's drafts until handed off.
          [](const ConclusionChanged&) { return false; },
          [](const ConclusionRemoved&) { return false; },
          [](const PollChanged& e) { return e.change != PollChange::created; },
          [](const QuestionUpvoted&) { return false; },
          [](const PollVoted&) { return false; },
          [](const auto&) { return true; },
      },
      event);
}

}  // namespace podium::core
