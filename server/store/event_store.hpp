#pragma once
// The meeting's record: rooms, and the append-only event log with a contiguous seq per room. The log
// is the source of truth; live state is a fold over it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sqlite.hpp"

namespace podium::store {

struct RoomRow {
  std::string id;
  std::string epoch;
  std::string join_code;
  std::string facilitator_key_hash;
  std::string initial_state;  // the room state replay starts from (JSON), as configured when created
  std::int64_t created_at_ms = 0;
};

struct EventRow {
  std::string room;
  std::uint64_t seq = 0;
  std::int64_t at_ms = 0;
  std::string type;
  std::string actor_role;
  std::string actor_device;  // hashed device token; empty for the server itself
  std::string op_id;         // empty for server-issued events
  std::string body;          // the event as JSON
};

// The schema version a database file records (PRAGMA user_version; 0 for a file Podium never wrote).
int schema_version(Database& db);
// Throws StoreError when `version` is newer than this Podium understands: such a file is never touched.
void require_known_schema(int version);

class EventStore {
 public:
  // Opens (creating if needed) and migrates. Refuses a database written by a newer Podium.
  explicit EventStore(const std::string& path);

  static constexpr int kSchemaVersion = 1;

  std::vector<RoomRow> rooms();
  void insert_room(const RoomRow& room);

  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);

  // Appends every row in one transaction; all or nothing. Throws StoreError when it cannot (the disk
  // is full, the file unwritable); the store stays usable and a later append may succeed.
  void append(const std::vector<EventRow>& rows);
  // A write transaction that changes nothing: throws StoreError while the file cannot be written.
  void probe_write();

  // Calls `row` for each event of `room` with seq > after, in seq order.
  void for_each_event(const std::string& room, std::uint64_t after,
                      const std::function<void(const EventRow&)>& row);
  // The seq of the room's last event (0 for none): how many events a replay will read.
  std::uint64_t last_seq(const std::string& room);

  std::string integrity_check();
  void checkpoint();

 private:
  void migrate();
  Database db_;
  std::optional<Statement> insert_event_;
};

}  // namespace podium::store
