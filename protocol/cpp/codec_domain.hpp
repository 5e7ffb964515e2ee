#pragma once
// Wire names of the domain's enumerations, shared by the codec's translation units.
#include <array>
#include <utility>

#include "fields.hpp"

namespace podium::protocol {

inline constexpr std::array<std::pair<core::SpeakerKind, const char*>, 4> kSpeakerKinds{{
    {core::SpeakerKind::point_of_order, "point_of_order"},
    {core::SpeakerKind::clarifying_question, "clarifying_question"},
    {core::SpeakerKind::reply, "reply"},
    {core::SpeakerKind::new_point, "new_point"},
}};

// What a turn may be: the queue's kinds and a presenter's.
inline constexpr std::array<std::pair<core::SpeakerKind, const char*>, 5> kTurnKinds{{
    {core::SpeakerKind::point_of_order, "point_of_order"},
    {core::SpeakerKind::clarifying_question, "clarifying_question"},
    {core::SpeakerKind::reply, "reply"},
    {core::SpeakerKind::new_point, "new_point"},
    {core::SpeakerKind::presentation, "presentation"},
}};

inline constexpr std::array<std::pair<core::AffiliationKind, const char*>, 5> kAffiliationKinds{{
    {core::AffiliationKind::unknown, "unknown"},
    {core::AffiliationKind::local_government, "local_government"},
    {core::AffiliationKind::un, "un"},
    {core::AffiliationKind::civil_society, "civil_society"},
    {core::AffiliationKind::other, "other"},
}};

inline constexpr std::array<std::pair<core::BlockKind, const char*>, 3> kBlockKinds{{
    {core::BlockKind::session, "session"},
    {core::BlockKind::presentations, "presentations"},
    {core::BlockKind::discussion, "discussion"},
}};

inline constexpr std::array<std::pair<core::SlotStatus, const char*>, 3> kSlotStatuses{{
    {core::SlotStatus::waiting, "waiting"},
    {core::SlotStatus::speaking, "speaking"},
    {core::SlotStatus::done, "done"},
}};

inline constexpr std::array<std::pair<core::TimerId, const char*>, 2> kTimerIds{{
    {core::TimerId::speaker, "speaker"},
    {core::TimerId::segment, "segment"},
}};

inline constexpr std::array<std::pair<core::TimerRun, const char*>, 3> kTimerRuns{{
    {core::TimerRun::idle, "idle"},
    {core::TimerRun::running, "running"},
    {core::TimerRun::paused, "paused"},
}};

inline constexpr std::array<std::pair<core::TimerChange, const char*>, 7> kTimerChanges{{
    {core::TimerChange::set, "timer.set"},
    {core::TimerChange::started, "timer.started"},
    {core::TimerChange::paused, "timer.paused"},
    {core::TimerChange::adjusted, "timer.adjusted"},
    {core::TimerChange::reset, "timer.reset"},
    {core::TimerChange::warned, "timer.warned"},
    {core::TimerChange::expired, "timer.expired"},
}};

inline constexpr std::array<std::pair<core::QuestionStatus, const char*>, 6> kQuestionStatuses{{
    {core::QuestionStatus::pending, "pending"},
    {core::QuestionStatus::approved, "approved"},
    {core::QuestionStatus::answered, "answered"},
    {core::QuestionStatus::rejected, "rejected"},
    {core::QuestionStatus::withdrawn, "withdrawn"},
    {core::QuestionStatus::merged, "merged"},
}};

inline constexpr std::array<std::pair<core::QuestionChange, const char*>, 13> kQuestionChanges{{
    {core::QuestionChange::asked, "question.asked"},
    {core::QuestionChange::edited, "question.edited"},
    {core::QuestionChange::withdrawn, "question.withdrawn"},
    {core::QuestionChange::approved, "question.approved"},
    {core::QuestionChange::rejected, "question.rejected"},
    {core::QuestionChange::answered, "question.answered"},
    {core::QuestionChange::reopened, "question.reopened"},
    {core::QuestionChange::unrejected, "question.unrejected"},
    {core::QuestionChange::unapproved, "question.unapproved"},
    {core::QuestionChange::pinned, "question.pinned"},
    {core::QuestionChange::unpinned, "question.unpinned"},
    {core::QuestionChange::merged, "question.merged"},
    {core::QuestionChange::unmerged, "question.unmerged"},
}};

inline constexpr std::array<std::pair<core::Moderation, const char*>, 9> kModerations{{
    {core::Moderation::approve, "approve"},
    {core::Moderation::reject, "reject"},
    {core::Moderation::answer, "answer"},
    {core::Moderation::reopen, "reopen"},
    {core::Moderation::unreject, "unreject"},
    {core::Moderation::unapprove, "unapprove"},
    {core::Moderation::pin, "pin"},
    {core::Moderation::unpin, "unpin"},
    {core::Moderation::unmerge, "unmerge"},
}};

inline constexpr std::array<std::pair<core::PollKind, const char*>, 4> kPollKinds{{
    {core::PollKind::single, "single"},
    {core::PollKind::multiple, "multiple"},
    {core::PollKind::yes_no_abstain, "yes_no_abstain"},
    {core::PollKind::rating, "rating"},
}};

inline constexpr std::array<std::pair<core::PollStatus, const char*>, 3> kPollStatuses{{
    {core::PollStatus::draft, "draft"},
    {core::PollStatus::open, "open"},
    {core::PollStatus::closed, "closed"},
}};

inline constexpr std::array<std::pair<core::PollChange, const char*>, 5> kPollChanges{{
    {core::PollChange::created, "poll.created"},
    {core::PollChange::opened, "poll.opened"},
    {core::PollChange::closed, "poll.closed"},
    {core::PollChange::revealed, "poll.revealed"},
    {core::PollChange::hidden, "poll.hidden"},
}};

inline constexpr std::array<std::pair<core::MessageTo, const char*>, 2> kMessageTo{{
    {core::MessageTo::facilitator, "facilitator"},
    {core::MessageTo::display, "display"},
}};

inline constexpr std::array<std::pair<core::Role, const char*>, 4> kRoles{{
    {core::Role::participant, "participant"},
    {core::Role::facilitator, "facilitator"},
    {core::Role::display, "display"},
    {core::Role::organizer, "organizer"},
}};

// Optional ids travel as null when absent.
inline Json null_if_empty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// `affiliation_kind` is optional on the wire: absent means unknown, and unknown is never written.
inline void put_affiliation_kind(Json& j, core::AffiliationKind kind) {
  if (kind != core::AffiliationKind::unknown)
    j["affiliation_kind"] = detail::name_of(kind, kAffiliationKinds);
}
inline core::AffiliationKind affiliation_kind(const detail::Fields& f) {
  return f.has("affiliation_kind") ? f.enumeration("affiliation_kind", kAffiliationKinds)
                                   : core::AffiliationKind::unknown;
}

}  // namespace podium::protocol
