#include "fairness.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace podium::record {
namespace {

constexpr std::array kKindOrder{core::AffiliationKind::local_government, core::AffiliationKind::un,
                                core::AffiliationKind::civil_society, core::AffiliationKind::other,
                                core::AffiliationKind::unknown};

double share_of(core::Millis part, core::Millis whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// The turns to count: the finished ones and, with `now`, the one in progress as if it ended then.
std::vector<core::TurnRecord> counted_turns(const core::RoomState& state, std::optional<core::Millis> now) {
  std::vector<core::TurnRecord> turns = state.turns;
  if (!now || !state.current) return turns;
  const core::Turn& t = *state.current;
  core::TurnRecord r;
  r.name = t.entry.name;
  r.affiliation = t.entry.affiliation;
  r.kind = t.entry.kind;
  r.affiliation_kind = t.entry.affiliation_kind;
  r.started_at_ms = t.started_at_ms;
  r.paused_ms = t.paused_ms + (t.paused_since_ms ? *now - *t.paused_since_ms : 0);
  r.spoken_ms = std::max<core::Millis>(0, *now - t.started_at_ms - r.paused_ms);
  turns.push_back(std::move(r));
  return turns;
}

void add_turn(std::vector<SpeakerTime>& speakers, const SpeakerKey& key, const core::TurnRecord& r) {
  auto it =
      std::find_if(speakers.begin(), speakers.end(), [&](const SpeakerTime& s) { return s.speaker == key; });
  if (it == speakers.end())
    it =
        speakers.insert(speakers.end(), SpeakerTime{key, r.affiliation_kind, 0, 0, 0, r.started_at_ms, true});
  if (it->affiliation_kind == core::AffiliationKind::unknown) it->affiliation_kind = r.affiliation_kind;
  it->spoken_ms += r.spoken_ms;
  ++it->turns;
  it->first_turn_ms = std::min(it->first_turn_ms, r.started_at_ms);
}

void count_first_timers(Fairness& f) {
  f.first_time_speakers = static_cast<int>(
      std::count_if(f.speakers.begin(), f.speakers.end(), [](const SpeakerTime& s) { return s.first_time; }));
}

}  // namespace

SpeakerKey speaker_key(const std::string& name, const std::string& affiliation) {
  return SpeakerKey{name.empty() ? kUnnamedSpeaker : name, affiliation};
}

Fairness fairness(const core::RoomState& state, std::optional<core::Millis> now) {
  return fairness(state.room, counted_turns(state, now));
}

Fairness fairness(std::string room, const std::vector<core::TurnRecord>& turns) {
  Fairness f;
  f.room = std::move(room);
  std::map<core::AffiliationKind, KindTime> kinds;
  std::map<core::AffiliationKind, std::vector<SpeakerKey>> kind_speakers;
  for (const core::TurnRecord& r : turns) {
    const SpeakerKey key = speaker_key(r.name, r.affiliation);
    f.total_ms += r.spoken_ms;
    ++f.turns;
    add_turn(f.speakers, key, r);
    KindTime& k = kinds[r.affiliation_kind];
    k.spoken_ms += r.spoken_ms;
    ++k.turns;
    auto& seen = kind_speakers[r.affiliation_kind];
    if (std::find(seen.begin(), seen.end(), key) == seen.end()) seen.push_back(key);
  }
  for (SpeakerTime& s : f.speakers) s.share = share_of(s.spoken_ms, f.total_ms);
  for (core::AffiliationKind kind : kKindOrder) {
    KindTime k = kinds[kind];
    k.kind = kind;
    k.share = share_of(k.spoken_ms, f.total_ms);
    k.speakers = static_cast<int>(kind_speakers[kind].size());
    f.kinds.push_back(k);
  }
  count_first_timers(f);
  return f;
}

void mark_first_timers(std::vector<Fairness>& rooms) {
  // speaker -> (first turn, room index) of their earliest turn of the meeting
  std::map<SpeakerKey, std::pair<core::Millis, std::size_t>> first;
  for (std::size_t i = 0; i < rooms.size(); ++i)
    for (const SpeakerTime& s : rooms[i].speakers) {
      auto [it, inserted] = first.try_emplace(s.speaker, s.first_turn_ms, i);
      if (!inserted && s.first_turn_ms < it->second.first) it->second = {s.first_turn_ms, i};
    }
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    for (SpeakerTime& s : rooms[i].speakers) s.first_time = first.at(s.speaker).second == i;
    count_first_timers(rooms[i]);
  }
}

}  // namespace podium::record
