// Domain values (queue entries, timers, events, room state) <-> JSON.
#include "codec_domain.hpp"
#include "server/core/overloaded.hpp"

namespace podium::protocol {
namespace {

using detail::Fields;
using detail::name_of;

using core::Overloaded;
Json timer_to_json(const core::Timer& t) {
  return Json{{"label", t.label},
              {"duration_ms", t.duration_ms},
              {"run", name_of(t.run, kTimerRuns)},
              {"ends_at_ms", t.ends_at_ms},
              {"remaining_ms", t.remaining_ms},
              {"warning_ms", t.warning_ms},
              {"warned", t.warned},
              {"expired", t.expired}};
}

core::Timer timer_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::Timer t;
  t.label = f.str("label");
  t.duration_ms = f.int64("duration_ms");
  t.run = f.enumeration("run", kTimerRuns);
  t.ends_at_ms = f.int64("ends_at_ms");
  t.remaining_ms = f.int64("remaining_ms");
  t.warning_ms = f.int64("warning_ms");
  t.warned = f.boolean("warned");
  t.expired = f.boolean("expired");
  return t;
}

Json entry_to_json(const core::QueueEntry& e, Audience audience) {
  Json j{{"id", e.id},
         {"name", e.name},
         {"affiliation", e.affiliation},
         {"kind", name_of(e.kind, kSpeakerKinds)},
         {"added_at_ms", e.added_at_ms}};
  if (e.duration_ms) j["duration_ms"] = *e.duration_ms;
  if (audience == Audience::log && !e.device.empty()) j["device"] = e.device;
  return j;
}

core::QueueEntry entry_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::QueueEntry e;
  e.id = f.str("id");
  e.name = f.str("name");
  e.affiliation = f.str("affiliation");
  e.kind = f.enumeration("kind", kSpeakerKinds);
  e.added_at_ms = f.int64("added_at_ms");
  e.duration_ms = f.opt_int64("duration_ms");
  e.device = f.opt_str("device");
  return e;
}

Json record_to_json(const core::TurnRecord& r) {
  return Json{{"entry_id", r.entry_id},
              {"name", r.name},
              {"affiliation", r.affiliation},
              {"kind", name_of(r.kind, kSpeakerKinds)},
              {"started_at_ms", r.started_at_ms},
              {"ended_at_ms", r.ended_at_ms},
              {"allotted_ms", r.allotted_ms},
              {"paused_ms", r.paused_ms},
              {"pauses", r.pauses},
              {"spoken_ms", r.spoken_ms}};
}

core::TurnRecord record_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::TurnRecord r;
  r.entry_id = f.str("entry_id");
  r.name = f.str("name");
  r.affiliation = f.str("affiliation");
  r.kind = f.enumeration("kind", kSpeakerKinds);
  r.started_at_ms = f.int64("started_at_ms");
  r.ended_at_ms = f.int64("ended_at_ms");
  r.allotted_ms = f.int64("allotted_ms");
  r.paused_ms = f.int64("paused_ms");
  r.pauses = static_cast<int>(f.int64("pauses"));
  r.spoken_ms = f.int64("spoken_ms");
  return r;
}

Json settings_to_json(const core::RoomSettings& s) {
  return Json{{"speaking_ms", s.speaking_ms}, {"warning_ms", s.warning_ms}};
}

core::RoomSettings settings_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  return core::RoomSettings{f.int64("speaking_ms"), f.int64("warning_ms")};
}

}  // namespace

std::string_view type_of(const core::Event& event) {
  return std::visit(Overloaded{
                        [](const core::QueueJoined&) { return "queue.joined"; },
                        [](const core::QueueWithdrawn&) { return "queue.withdrawn"; },
                        [](const core::QueueRemoved&) { return "queue.removed"; },
                        [](const core::QueueMoved&) { return "queue.moved"; },
                        [](const core::QueueClosed&) { return "queue.closed"; },
                        [](const core::QueueOpened&) { return "queue.opened"; },
                        [](const core::TurnStarted&) { return "turn.started"; },
                        [](const core::TurnEnded&) { return "turn.ended"; },
                        [](const core::TimerChanged& e) { return name_of(e.change, kTimerChanges); },
                        [](const core::RoomConfigured&) { return "room.configured"; },
                    },
                    event);
}

Json event_to_json(const core::Event& event, Audience audience) {
  Json j = std::visit(
      Overloaded{
          [&](const core::QueueJoined& e) {
            return Json{{"entry", entry_to_json(e.entry, audience)},
                        {"before_id", null_if_empty(e.before_id)}};
          },
          [](const core::QueueWithdrawn& e) {
            return Json{{"entry_id", e.entry_id}};
          },
          [](const core::QueueRemoved& e) {
            return Json{{"entry_id", e.entry_id}};
          },
          [](const core::QueueMoved& e) {
            return Json{{"entry_id", e.entry_id},
                        {"before_id", null_if_empty(e.before_id)},
                        {"after_id", null_if_empty(e.after_id)}};
          },
          [](const core::QueueClosed&) { return Json::object(); },
          [](const core::QueueOpened&) { return Json::object(); },
          [&](const core::TurnStarted& e) {
            return Json{{"entry", entry_to_json(e.entry, audience)},
                        {"at_ms", e.at_ms},
                        {"speaker", timer_to_json(e.speaker)}};
          },
          [](const core::TurnEnded& e) {
            return Json{{"record", record_to_json(e.record)}, {"speaker", timer_to_json(e.speaker)}};
          },
          [](const core::TimerChanged& e) {
            return Json{{"timer", name_of(e.timer, kTimerIds)},
                        {"at_ms", e.at_ms},
                        {"value", timer_to_json(e.value)}};
          },
          [](const core::RoomConfigured& e) {
            return Json{{"settings", settings_to_json(e.settings)}};
          },
      },
      event);
  j["type"] = type_of(event);
  return j;
}

core::Event event_from_json(const Json& j) {
  Fields f(j, "event");
  const std::string type = f.str("type");
  if (type == "queue.joined")
    return core::QueueJoined{entry_from_json(f.object("entry"), "event.entry"), f.opt_str("before_id")};
  if (type == "queue.withdrawn") return core::QueueWithdrawn{f.str("entry_id")};
  if (type == "queue.removed") return core::QueueRemoved{f.str("entry_id")};
  if (type == "queue.moved")
    return core::QueueMoved{f.str("entry_id"), f.opt_str("before_id"), f.opt_str("after_id")};
  if (type == "queue.closed") return core::QueueClosed{};
  if (type == "queue.opened") return core::QueueOpened{};
  if (type == "turn.started")
    return core::TurnStarted{entry_from_json(f.object("entry"), "event.entry"), f.int64("at_ms"),
                             timer_from_json(f.object("speaker"), "event.speaker")};
  if (type == "turn.ended")
    return core::TurnEnded{record_from_json(f.object("record"), "event.record"),
                           timer_from_json(f.object("speaker"), "event.speaker")};
  if (type == "room.configured")
    return core::RoomConfigured{settings_from_json(f.object("settings"), "event.settings")};
  for (const auto& [change, name] : kTimerChanges) {
    if (type == name)
      return core::TimerChanged{change, f.enumeration("timer", kTimerIds), f.int64("at_ms"),
                                timer_from_json(f.object("value"), "event.value")};
  }
  f.fail("type", "unknown event type \"" + type + "\"");
}

Json state_to_json(const core::RoomState& s, Audience audience) {
  Json queue = Json::array();
  for (const auto& e : s.queue) queue.push_back(entry_to_json(e, audience));
  Json turns = Json::array();
  for (const auto& r : s.turns) turns.push_back(record_to_json(r));
  Json current = nullptr;
  if (s.current) {
    const core::Turn& t = *s.current;
    current = Json{{"entry", entry_to_json(t.entry, audience)},
                   {"started_at_ms", t.started_at_ms},
                   {"allotted_ms", t.allotted_ms},
                   {"paused_ms", t.paused_ms},
                   {"paused_since_ms", t.paused_since_ms ? Json(*t.paused_since_ms) : Json(nullptr)},
                   {"pauses", t.pauses}};
  }
  return Json{{"room", s.room},
              {"settings", settings_to_json(s.settings)},
              {"queue_open", s.queue_open},
              {"queue", std::move(queue)},
              {"current", std::move(current)},
              {"speaker", timer_to_json(s.speaker)},
              {"segment", timer_to_json(s.segment)},
              {"turns", std::move(turns)},
              {"next_entry", s.next_entry}};
}

core::RoomState state_from_json(const Json& j) {
  Fields f(j, "snapshot");
  core::RoomState s;
  s.room = f.str("room");
  s.settings = settings_from_json(f.object("settings"), "snapshot.settings");
  s.queue_open = f.boolean("queue_open");
  for (const auto& e : f.array("queue")) s.queue.push_back(entry_from_json(e, "snapshot.queue[]"));
  if (const Json* c = f.opt_object("current")) {
    Fields t(*c, "snapshot.current");
    core::Turn turn;
    turn.entry = entry_from_json(t.object("entry"), "snapshot.current.entry");
    turn.started_at_ms = t.int64("started_at_ms");
    turn.allotted_ms = t.int64("allotted_ms");
    turn.paused_ms = t.int64("paused_ms");
    turn.paused_since_ms = t.opt_int64("paused_since_ms");
    turn.pauses = static_cast<int>(t.int64("pauses"));
    s.current = std::move(turn);
  }
  s.speaker = timer_from_json(f.object("speaker"), "snapshot.speaker");
  s.segment = timer_from_json(f.object("segment"), "snapshot.segment");
  for (const auto& r : f.array("turns")) s.turns.push_back(record_from_json(r, "snapshot.turns[]"));
  s.next_entry = f.uint64("next_entry");
  return s;
}

}  // namespace podium::protocol
