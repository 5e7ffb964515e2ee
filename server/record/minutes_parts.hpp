#pragma once
// The sections of the minutes (minutes.cpp puts them together). Internal to server/record.
#include <string>

#include "fairness.hpp"
#include "format.hpp"
#include "server/app/meeting.hpp"
#include "server/core/state.hpp"

namespace podium::record::minutes_parts {

// What every section needs to know about the meeting.
struct Context {
  const app::Meeting& meeting;
  LocalTime local;
};

// "GQ 2" for the meeting's second guiding question; the id itself for one the meeting does not list.
std::string guiding_label(const app::Meeting& meeting, const std::string& id);
// The room's title in the meeting file, or its id.
std::string room_title(const app::Meeting& meeting, const std::string& room);

std::string questions_section(const Context& ctx, const core::RoomState& state);
std::string polls_section(const Context& ctx, const core::RoomState& state);
std::string conclusions_section(const Context& ctx, const core::RoomState& state);
std::string handoffs_section(const Context& ctx, const core::RoomState& state);
std::string speaking_time_section(const Fairness& fairness);
// Every room together, by affiliation kind (only for a meeting-wide report).
std::string meeting_speaking_time(const Fairness& whole);

}  // namespace podium::record::minutes_parts
