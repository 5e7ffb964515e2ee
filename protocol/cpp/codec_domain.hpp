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

inline constexpr std::array<std::pair<core::Role, const char*>, 4> kRoles{{
    {core::Role::participant, "participant"},
    {core::Role::facilitator, "facilitator"},
    {core::Role::display, "display"},
    {core::Role::organizer, "organizer"},
}};

// Optional ids travel as null when absent.
inline Json null_if_empty(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

}  // namespace podium::protocol
