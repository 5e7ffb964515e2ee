#include "purge.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "outline.hpp"
#include "protocol/cpp/codec.hpp"
#include "server/store/event_store.hpp"

namespace podium::record {
namespace {

using nlohmann::json;

// Replaces every "device" string below `value` with its stand-in.
void replace_devices(json& value, std::map<std::string, std::string>& stand_ins, store::Database& db) {
  if (value.is_array()) {
    for (json& item : value) replace_devices(item, stand_ins, db);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, item] : value.items()) {
    if (key == "device" && item.is_string() && !item.get_ref<const std::string&>().empty()) {
      const std::string device = item.get<std::string>();
      auto it = stand_ins.find(device);
      if (it == stand_ins.end()) {
        store::Statement random(db, "SELECT 'x' || lower(hex(randomblob(16)))");
        random.step();
        it = stand_ins.emplace(device, random.text(0)).first;
      }
      item = it->second;
    } else {
      replace_devices(item, stand_ins, db);
    }
  }
}

}  // namespace

PurgeResult purge_personal_data(const std::string& db_path) {
  store::EventStore store(db_path);  // refuses a newer schema, migrates an older one
  store::Database db(db_path, store::OpenMode::read_write);
  {
    store::Statement open_rooms(db,
                                "SELECT id FROM rooms WHERE id NOT IN "
                                "(SELECT room FROM events WHERE type = 'meeting.closed') ORDER BY id");
    if (open_rooms.step())
      throw std::runtime_error("room " + open_rooms.text(0) +
                               " is still open: the organizer closes the meeting first (and exports it)");
  }
  PurgeResult result;
  {
    store::Transaction tx(db);
    // Question ids are per room; a blanked id is blanked in the room it belongs to.
    std::map<std::string, std::set<std::string>> withheld;
    {
      store::Statement rooms(db, "SELECT id FROM rooms");
      std::vector<std::string> ids;
      while (rooms.step()) ids.push_back(rooms.text(0));
      for (const std::string& room : ids) {
        std::map<std::string, core::Question> latest;
        store::Statement rows(
            db, "SELECT body FROM events WHERE room = ? AND type LIKE 'question.%' ORDER BY seq");
        rows.bind(1, room);
        while (rows.step()) {
          const core::Event event = protocol::event_from_json(json::parse(rows.text(0)));
          if (const auto* changed = std::get_if<core::QuestionChanged>(&event))
            latest[changed->question.id] = changed->question;
        }
        for (const auto& [id, question] : latest)
          if (!publishable(question)) withheld[room].insert(id);
        result.questions += withheld[room].size();
      }
    }
    std::map<std::string, std::string> stand_ins;
    std::vector<std::tuple<std::string, std::int64_t, std::string, std::string>> rewritten;
    {
      store::Statement rows(db, "SELECT room, seq, actor_device, body FROM events ORDER BY room, seq");
      while (rows.step()) {
        const std::string room = rows.text(0);
        json body = json::parse(rows.text(3));
        const std::string before = body.dump();
        replace_devices(body, stand_ins, db);
        if (body.contains("question") && body["question"].is_object()) {
          json& q = body["question"];
          if (q.contains("id") && withheld[room].contains(q["id"].get<std::string>())) {
            if (q.contains("text")) q["text"] = "";
            if (q.contains("name")) q["name"] = "";
          }
        }
        json actor{{"device", rows.text(2)}};
        replace_devices(actor, stand_ins, db);
        const std::string after = body.dump();
        if (after != before || actor["device"] != rows.text(2)) {
          rewritten.emplace_back(room, rows.int64(1), actor["device"].get<std::string>(), after);
        }
      }
    }
    store::Statement update(db, "UPDATE events SET actor_device = ?, body = ? WHERE room = ? AND seq = ?");
    for (const auto& [room, seq, actor, body] : rewritten)
      update.bind(1, actor).bind(2, body).bind(3, room).bind(4, seq).run();
    result.events = rewritten.size();
    result.devices = stand_ins.size();
    // The history changed under every client: a new epoch makes them take a fresh snapshot.
    db.exec("UPDATE rooms SET epoch = lower(hex(randomblob(8)))");
    tx.commit();
  }
  // The old pages still hold the old bytes until the file is rewritten.
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("VACUUM");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return result;
}

}  // namespace podium::record
