#include "event_store.hpp"

#include <memory>

namespace podium::store {
namespace {

// Ordered migrations: entry N upgrades user_version N to N+1. Never edit a shipped entry; append.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  epoch TEXT NOT NULL,
  join_code TEXT NOT NULL UNIQUE,
  facilitator_key_hash TEXT NOT NULL,
  initial_state TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE events (
  room TEXT NOT NULL REFERENCES rooms(id),
  seq INTEGER NOT NULL CHECK (seq > 0),
  at_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_device TEXT,
  op_id TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (room, seq)
) STRICT, WITHOUT ROWID;
)sql",
};

constexpr const char* kSelectRooms =
    "SELECT id, epoch, join_code, facilitator_key_hash, initial_state, created_at_ms FROM rooms "
    "ORDER BY created_at_ms, id";
constexpr const char* kInsertRoom =
    "INSERT INTO rooms (id, epoch, join_code, facilitator_key_hash, initial_state, created_at_ms) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectMeta = "SELECT value FROM meta WHERE key = ?";
constexpr const char* kUpsertMeta =
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr const char* kInsertEvent =
    "INSERT INTO events (room, seq, at_ms, type, actor_role, actor_device, op_id, body) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectEvents =
    "SELECT seq, at_ms, type, actor_role, actor_device, op_id, body FROM events "
    "WHERE room = ? AND seq > ? ORDER BY seq";
constexpr const char* kSelectLastSeq = "SELECT coalesce(max(seq), 0) FROM events WHERE room = ?";

void bind_optional(Statement& s, int index, const std::string& value) {
  if (value.empty())
    s.bind_null(index);
  else
    s.bind(index, value);
}

}  // namespace

int schema_version(Database& db) {
  Statement s(db, "PRAGMA user_version");
  s.step();
  return static_cast<int>(s.int64(0));
}

void require_known_schema(int version) {
  if (version > EventStore::kSchemaVersion)
    throw StoreError("the database has schema version " + std::to_string(version) +
                     ", newer than this Podium understands (" + std::to_string(EventStore::kSchemaVersion) +
                     "); use a newer Podium");
}

EventStore::EventStore(const std::string& path) : db_(path) {
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec("PRAGMA synchronous = FULL");
  db_.exec("PRAGMA foreign_keys = ON");
  db_.exec("PRAGMA busy_timeout = 5000");
  migrate();
}

void EventStore::migrate() {
  constexpr int kCount = static_cast<int>(std::size(kMigrations));
  static_assert(kCount == kSchemaVersion);
  const int version = schema_version(db_);
  require_known_schema(version);
  for (int v = version; v < kCount; ++v) {
    Transaction tx(db_);
    db_.exec(kMigrations[v]);
    db_.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
    tx.commit();
  }
}

std::vector<RoomRow> EventStore::rooms() {
  Statement s(db_, kSelectRooms);
  std::vector<RoomRow> rows;
  while (s.step()) rows.push_back(RoomRow{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.int64(5)});
  return rows;
}

void EventStore::insert_room(const RoomRow& room) {
  Statement s(db_, kInsertRoom);
  s.bind(1, room.id).bind(2, room.epoch).bind(3, room.join_code).bind(4, room.facilitator_key_hash);
  s.bind(5, room.initial_state).bind(6, room.created_at_ms).run();
}

std::optional<std::string> EventStore::meta(const std::string& key) {
  Statement s(db_, kSelectMeta);
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void EventStore::set_meta(const std::string& key, const std::string& value) {
  Statement(db_, kUpsertMeta).bind(1, key).bind(2, value).run();
}

void EventStore::append(const std::vector<EventRow>& rows) {
  // Prepared once and reused: the group-commit thread calls this for every batch.
  if (!insert_event_) insert_event_.emplace(db_, kInsertEvent);
  Statement& insert = *insert_event_;
  Transaction tx(db_);
  try {
    for (const EventRow& r : rows) {
      insert.bind(1, r.room).bind(2, static_cast<std::int64_t>(r.seq)).bind(3, r.at_ms).bind(4, r.type);
      insert.bind(5, r.actor_role);
      bind_optional(insert, 6, r.actor_device);
      bind_optional(insert, 7, r.op_id);
      insert.bind(8, r.body);
      insert.run();
    }
  } catch (const StoreError&) {
    // A failed step leaves the statement mid-run, and every later bind on it would fail: the next
    // append, once the disk has room again, must find it ready.
    insert.reset();
    throw;
  }
  tx.commit();
}

void EventStore::probe_write() {
  // Setting user_version to what it is rewrites the database header: a real write and sync, no change.
  Transaction tx(db_);
  db_.exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
  tx.commit();
}

void EventStore::for_each_event(const std::string& room, std::uint64_t after,
                                const std::function<void(const EventRow&)>& row) {
  // Replay reads the whole log at start-up: the raw statement lets each column be copied straight into
  // the row's strings, which keep their capacity from one row to the next (no allocation per row).
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db_.handle(), kSelectEvents, -1, 0, &raw, nullptr) != SQLITE_OK)
    db_.fail(std::string("cannot prepare: ") + kSelectEvents);
  const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> s(raw, &sqlite3_finalize);
  if (sqlite3_bind_text(raw, 1, room.data(), static_cast<int>(room.size()), SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64(raw, 2, static_cast<std::int64_t>(after)) != SQLITE_OK)
    db_.fail("bind");
  const auto assign = [raw](std::string& out, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
    out.assign(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(raw, column)));
  };
  EventRow r;
  r.room = room;
  for (;;) {
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) db_.fail(std::string("step failed in: ") + kSelectEvents);
    r.seq = static_cast<std::uint64_t>(sqlite3_column_int64(raw, 0));
    r.at_ms = sqlite3_column_int64(raw, 1);
    assign(r.type, 2);
    assign(r.actor_role, 3);
    assign(r.actor_device, 4);
    assign(r.op_id, 5);
    assign(r.body, 6);
    row(r);
  }
}

std::uint64_t EventStore::last_seq(const std::string& room) {
  Statement s(db_, kSelectLastSeq);
  s.bind(1, room);
  return s.step() ? static_cast<std::uint64_t>(s.int64(0)) : 0;
}

std::string EventStore::integrity_check() {
  Statement s(db_, "PRAGMA integrity_check");
  std::string result;
  while (s.step()) result += (result.empty() ? "" : "\n") + s.text(0);
  return result;
}

void EventStore::checkpoint() { db_.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

}  // namespace podium::store
