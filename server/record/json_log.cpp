#include "json_log.hpp"

#include <set>

#include "outline.hpp"
#include "protocol/cpp/codec.hpp"

namespace podium::record {
namespace {

using protocol::Json;

// Fields that name a device or a key, anywhere in an event or a state.
const std::set<std::string> kSecretFields{"device", "key_hash"};
// State fields keyed by device: who upvoted, who voted what, who is muted.
const std::set<std::string> kDeviceStateFields{"upvotes", "votes", "muted"};

void strip_secrets(Json& j) {
  if (j.is_array())
    for (Json& item : j) strip_secrets(item);
  if (!j.is_object()) return;
  for (const std::string& field : kSecretFields) j.erase(field);
  for (auto& [key, value] : j.items()) strip_secrets(value);
}

// Blanks the words of a question the record keeps back, wherever the question appears whole.
void blank_withheld(Json& j, const std::set<std::string>& withheld) {
  if (j.is_array())
    for (Json& item : j) blank_withheld(item, withheld);
  if (!j.is_object()) return;
  if (j.contains("question") && j["question"].is_object()) {
    Json& q = j["question"];
    if (q.contains("id") && q["id"].is_string() && withheld.contains(q["id"].get<std::string>())) {
      if (q.contains("text")) q["text"] = "";
      if (q.contains("name")) q["name"] = "";
    }
  }
  for (auto& [key, value] : j.items()) blank_withheld(value, withheld);
}

std::set<std::string> withheld_questions(const RoomLog& log) {
  std::set<std::string> ids;
  for (const core::Question& q : final_state(log).questions)
    if (!publishable(q)) ids.insert(q.id);
  return ids;
}

Json initial_state_json(const RoomLog& log, const std::set<std::string>& withheld) {
  Json state = protocol::state_to_json(log.initial, protocol::Audience::log);
  for (const std::string& field : kDeviceStateFields) state.erase(field);
  for (Json& q : state["questions"])
    if (withheld.contains(q.value("id", ""))) {
      q["text"] = "";
      q["name"] = "";
    }
  strip_secrets(state);
  return state;
}

Json event_json(const LoggedEvent& e, const std::set<std::string>& withheld) {
  Json event = protocol::event_to_json(e.event, protocol::Audience::log);
  strip_secrets(event);
  blank_withheld(event, withheld);
  return Json{{"seq", e.seq}, {"at_ms", e.at_ms}, {"actor_role", e.actor_role}, {"event", std::move(event)}};
}

}  // namespace

std::string json_log(const std::vector<RoomLog>& logs) {
  Json rooms = Json::array();
  for (const RoomLog& log : logs) {
    const std::set<std::string> withheld = withheld_questions(log);
    Json events = Json::array();
    for (const LoggedEvent& e : log.events) events.push_back(event_json(e, withheld));
    rooms.push_back(Json{{"room", log.room},
                         {"epoch", log.epoch},
                         {"initial_state", initial_state_json(log, withheld)},
                         {"events", std::move(events)}});
  }
  return Json{{"rooms", std::move(rooms)}}.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace podium::record
