#pragma once
// The meeting file: agenda, rooms and guiding questions, loaded once at start-up. A malformed file is
// refused with a message naming the file, the field and the problem.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace podium::app {

struct Presenter {
  std::string name;
  std::string affiliation;       // city or organisation
  std::string affiliation_kind;  // "local_government", "un", "civil_society", "other" or "" (not given)

  bool operator==(const Presenter&) const = default;
};

// A block of a room's session, e.g. 30 minutes of presentations then 15 minutes of open discussion.
struct Block {
  std::string id;
  std::string kind;  // "presentations", "discussion" or "session"
  std::string title;
  std::int64_t minutes = 0;
  int min_presenters = 0;  // for presentations: how many presenters the block expects
  int max_presenters = 0;
  std::vector<Presenter> presenters;  // named in advance; more can be added on the spot
  std::string facilitated_by;
  // A presentation runs longer than a turn in open discussion. When the file leaves these out they are
  // the room's values, so the timer never needs to look further than the block.
  std::int64_t speaking_seconds = 180;
  std::int64_t warning_seconds = 30;

  bool operator==(const Block&) const = default;
};

struct RoomConfig {
  std::string id;     // [a-z0-9-]{1,32}, unique
  std::string kind;   // "plenary" or "group"
  std::string title;  // full title, e.g. "Group 1: Local governments as promoters ..."
  std::string theme;
  std::int64_t speaking_seconds = 180;  // default speaking time per turn
  std::int64_t warning_seconds = 30;
  std::vector<Block> blocks;
  std::vector<std::string> guiding_questions;  // ids of the guiding questions that apply here

  bool operator==(const RoomConfig&) const = default;
};

struct AgendaItem {
  std::string id;
  std::string start;  // "HH:MM", local time in the meeting's time zone
  std::string end;
  std::string kind;  // "registration", "session", "break", "parallel"
  std::string title;
  std::string details;
  std::vector<std::string> rooms;  // ids of the rooms this item runs in

  bool operator==(const AgendaItem&) const = default;
};

struct GuidingQuestion {
  std::string id;
  std::string theme;  // the heading it stands under in the agenda
  std::string text;   // word for word

  bool operator==(const GuidingQuestion&) const = default;
};

struct Meeting {
  std::string id;
  std::string title;
  std::string subtitle;
  std::string date;  // "YYYY-MM-DD"
  std::string venue;
  std::string time_zone;  // IANA, e.g. "Europe/Zurich"
  std::vector<std::string> organizers;
  std::string description;
  std::vector<std::string> objectives;
  std::vector<AgendaItem> agenda;
  std::vector<RoomConfig> rooms;
  std::vector<GuidingQuestion> guiding_questions;

  const RoomConfig* room(const std::string& id) const;  // nullptr when there is no such room

  bool operator==(const Meeting&) const = default;
};

struct MeetingError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Minutes since midnight for "HH:MM" on a 24-hour clock, or nothing for any other form.
std::optional<int> minute_of_day(std::string_view text);

// Throws MeetingError("<file>: <field path>: <problem>"), e.g.
// "meetings/x.json: rooms[2].blocks[0].minutes: expected a positive integer".
Meeting load_meeting(const std::filesystem::path& file);
Meeting parse_meeting(const nlohmann::json& j, const std::string& source_label);

// The meeting as GET /api/meeting serves it (without anything secret); the app adds join codes.
nlohmann::json meeting_to_json(const Meeting& meeting);

}  // namespace podium::app
