#pragma once
// What the record calls the domain's values, in words for people (the minutes) and in the protocol's
// own names for machines (the CSV files).
#include <string>
#include <string_view>

#include "server/core/state.hpp"

namespace podium::record {

// "Presentation", "New point", "Reply", "Clarifying question", "Point of order".
std::string_view kind_words(core::SpeakerKind kind);
// "Local government", "UN", "Civil society", "Other", "Not given".
std::string_view affiliation_words(core::AffiliationKind kind);
// "Single choice", "Multiple choice (up to 2)", "Yes / No / Abstain", "Rating 1–5".
std::string poll_kind_words(const core::Poll& poll);

// The wire names: "new_point", "local_government", "approved", "yes_no_abstain", "closed".
std::string_view kind_code(core::SpeakerKind kind);
std::string_view affiliation_code(core::AffiliationKind kind);
std::string_view question_status_code(core::QuestionStatus status);
std::string_view poll_kind_code(core::PollKind kind);
std::string_view poll_status_code(core::PollStatus status);

}  // namespace podium::record
