#include "words.hpp"

#include "protocol/cpp/codec_domain.hpp"

namespace podium::record {

using protocol::detail::name_of;

std::string_view kind_words(core::SpeakerKind kind) {
  switch (kind) {
    case core::SpeakerKind::point_of_order:
      return "Point of order";
    case core::SpeakerKind::clarifying_question:
      return "Clarifying question";
    case core::SpeakerKind::reply:
      return "Reply";
    case core::SpeakerKind::new_point:
      return "New point";
    case core::SpeakerKind::presentation:
      return "Presentation";
  }
  return "";
}

std::string_view affiliation_words(core::AffiliationKind kind) {
  switch (kind) {
    case core::AffiliationKind::local_government:
      return "Local government";
    case core::AffiliationKind::un:
      return "UN";
    case core::AffiliationKind::civil_society:
      return "Civil society";
    case core::AffiliationKind::other:
      return "Other";
    case core::AffiliationKind::unknown:
      return "Not given";
  }
  return "";
}

std::string poll_kind_words(const core::Poll& poll) {
  switch (poll.kind) {
    case core::PollKind::single:
      return "Single choice";
    case core::PollKind::multiple:
      return "Multiple choice (up to " + std::to_string(poll.max_picks) + ")";
    case core::PollKind::yes_no_abstain:
      return "Yes / No / Abstain";
    case core::PollKind::rating:
      return "Rating 1–5";
  }
  return "";
}

std::string_view kind_code(core::SpeakerKind kind) { return name_of(kind, protocol::kTurnKinds); }

std::string_view affiliation_code(core::AffiliationKind kind) {
  return name_of(kind, protocol::kAffiliationKinds);
}

std::string_view question_status_code(core::QuestionStatus status) {
  return name_of(status, protocol::kQuestionStatuses);
}

std::string_view poll_kind_code(core::PollKind kind) { return name_of(kind, protocol::kPollKinds); }

std::string_view poll_status_code(core::PollStatus status) {
  return name_of(status, protocol::kPollStatuses);
}

}  // namespace podium::record
