#pragma once
// Who had the floor, and for how long: per speaker and per kind of affiliation, from a room's finished
// turns (and, when asked, the turn in progress up to a given instant).
#include <optional>
#include <string>
#include <vector>

#include "server/core/state.hpp"

namespace podium::record {

// A speaker is their name and affiliation as given; everyone who gave no name is "A participant".
struct SpeakerKey {
  std::string name;
  std::string affiliation;
  auto operator<=>(const SpeakerKey&) const = default;
};
inline constexpr const char* kUnnamedSpeaker = "A participant";

SpeakerKey speaker_key(const std::string& name, const std::string& affiliation);

struct SpeakerTime {
  SpeakerKey speaker;
  core::AffiliationKind affiliation_kind = core::AffiliationKind::unknown;  // the first one given
  core::Millis spoken_ms = 0;
  double share = 0;  // of the room's total, 0..1
  int turns = 0;
  core::Millis first_turn_ms = 0;
  bool first_time = true;  // their first turn of the day was here
};

struct KindTime {
  core::AffiliationKind kind = core::AffiliationKind::unknown;
  core::Millis spoken_ms = 0;
  double share = 0;
  int turns = 0;
  int speakers = 0;
};

struct Fairness {
  std::string room;
  core::Millis total_ms = 0;
  int turns = 0;
  std::vector<SpeakerTime> speakers;  // in the order they first spoke
  std::vector<KindTime> kinds;        // every kind, local government first and "not given" last
  int first_time_speakers = 0;
};

// Each turn counts under its own affiliation kind. With `now`, the turn in progress counts up to then.
Fairness fairness(const core::RoomState& state, std::optional<core::Millis> now = std::nullopt);
// The same over any turns, e.g. every room's together for the whole meeting.
Fairness fairness(std::string room, const std::vector<core::TurnRecord>& turns);

// For a meeting-wide report: a speaker is first-time only in the room where they spoke first (the
// earlier room in `rooms` on a tie); recounts first_time_speakers.
void mark_first_timers(std::vector<Fairness>& rooms);

}  // namespace podium::record
