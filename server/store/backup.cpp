#include "backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>

namespace podium::store {
namespace {

namespace fs = std::filesystem;

// A busy source is retried for about this long before the backup gives up. With the read transaction
// held across steps it should never be busy; a corrupt or foreign lock is the only way here.
constexpr int kBusyRetries = 1000;
constexpr int kBusySleepMs = 5;

std::atomic<unsigned> partial_counter{0};

fs::path folder_of(const fs::path& file) {
  return file.parent_path().empty() ? fs::path(".") : file.parent_path();
}

// Hidden, beside the target (so the final rename stays in one file system), and unique per process.
fs::path partial_path(const fs::path& target) {
  return folder_of(target) / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()) +
                              "-" + std::to_string(++partial_counter));
}

void remove_database_files(const fs::path& file) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(file.string() + suffix, ignored);
}

// A rename is durable only once its folder is synced.
void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// One line, as messages go to a terminal: integrity_check can answer with many rows.
std::string integrity(Database& db) {
  Statement s(db, "PRAGMA integrity_check");
  std::string result;
  while (s.step()) result += (result.empty() ? "" : "; ") + s.text(0);
  return result;
}

// Opens a Podium database read-only and starts the read transaction every later read shares: in WAL
// mode it sees one instant of the log and never blocks the server's writer.
Database open_source(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw StoreError("no database at " + path);
  if (fs::is_directory(path, ec)) throw StoreError(path + " is a folder, not a database");
  Database db(path, OpenMode::read_only);
  int version = 0;
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("BEGIN");
    Statement(db, "SELECT count(*) FROM sqlite_schema").step();
    version = schema_version(db);
  } catch (const StoreError&) {
    throw StoreError(path + " cannot be read as a database: " + sqlite3_errmsg(db.handle()));
  }
  if (version == 0) throw StoreError(path + " is not a Podium database");
  try {
    require_known_schema(version);
  } catch (const StoreError& e) {
    throw StoreError(path + ": " + e.what());
  }
  return db;
}

// The partial file is made here first, so a folder we may not write is named with the system's reason.
Database open_target(const fs::path& partial, const std::string& target) {
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw StoreError("cannot write " + target + ": " + std::strerror(errno));
  ::close(fd);
  return Database(partial.string(), OpenMode::read_write);
}

// Copies every page of `src` (inside its read transaction) into the empty database `dst`.
void copy_pages(Database& src, Database& dst, const BackupOptions& options) {
  sqlite3_backup* backup = sqlite3_backup_init(dst.handle(), "main", src.handle(), "main");
  if (!backup) dst.fail("cannot start the backup");
  int busy = 0;
  for (;;) {
    if (options.cancel && options.cancel->load()) {
      sqlite3_backup_finish(backup);
      throw StoreError("backup cancelled");
    }
    const int rc = sqlite3_backup_step(backup, options.pages_per_step);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) continue;
    if (((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) && ++busy < kBusyRetries) {
      sqlite3_sleep(kBusySleepMs);
      continue;
    }
    sqlite3_backup_finish(backup);
    throw StoreError(std::string("backup failed: ") + sqlite3_errstr(rc));
  }
  if (sqlite3_backup_finish(backup) != SQLITE_OK) dst.fail("backup failed");
}

void require_intact(Database& db, const std::string& what) {
  const std::string check = integrity(db);
  if (check != "ok") throw StoreError(what + " failed its integrity check: " + check);
}

// Refuses when a server has `path` open. A server's WAL connection holds a shared lock on the file
// for as long as it is open, so an exclusive lock is granted only when nobody else uses it.
void require_unused(const fs::path& path) {
  sqlite3* raw = nullptr;
  const int opened =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> probe(raw, &sqlite3_close_v2);
  if (opened != SQLITE_OK) return;  // not a database SQLite can open: nothing can be serving it
  const int rc = sqlite3_exec(raw, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;", nullptr,
                              nullptr, nullptr);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    throw StoreError(path.string() + " is in use (is a server running on it?); stop it first");
}

std::string random_epoch(Database& db) {
  // The same shape as the epochs the server makes: 8 random bytes in lower-case hex.
  Statement s(db, "SELECT lower(hex(randomblob(8)))");
  s.step();
  return s.text(0);
}

// Makes `target` whole or not at all: `fill` writes the database at `partial` (a hidden file beside it),
// which is then renamed into place; on any failure the partial file is removed and nothing else changed.
template <class Fill>
void into_place(const fs::path& partial, const std::string& target, Fill fill) {
  try {
    fill();
    fs::rename(partial, target);
    sync_folder(folder_of(target));
  } catch (const fs::filesystem_error& e) {
    remove_database_files(partial);
    throw StoreError("cannot write " + target + ": " + e.code().message());
  } catch (...) {
    remove_database_files(partial);
    throw;
  }
}

}  // namespace

BackupResult backup_database(const std::string& source, const std::string& target,
                             const BackupOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Database src = open_source(source);
  const fs::path target_path(target);
  const fs::path folder = folder_of(target_path);
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw StoreError("cannot write " + target + ": " + folder.string() + " is not an existing folder");
  if (fs::exists(target_path, ec)) {
    if (fs::is_directory(target_path, ec)) throw StoreError("cannot write " + target + ": it is a folder");
    if (fs::equivalent(target_path, source, ec)) throw StoreError("a backup cannot replace its own database");
    if (!options.overwrite) throw StoreError(target + " already exists");
  }
  const fs::path partial = partial_path(target_path);
  into_place(partial, target, [&] {
    Database dst = open_target(partial, target);
    copy_pages(src, dst, options);
    src.exec("COMMIT");
    // A backup is one self-contained file: no WAL beside it.
    dst.exec("PRAGMA journal_mode = DELETE");
    require_intact(dst, "the copy");
  });
  BackupResult result;
  result.path = target;
  result.bytes = fs::file_size(target_path, ec);
  result.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

RestoreResult restore_database(const std::string& backup, const std::string& target,
                               const RestoreOptions& options) {
  Database src = open_source(backup);
  require_intact(src, backup);
  const fs::path target_path(target);
  std::error_code ec;
  if (fs::exists(target_path, ec)) {
    if (fs::is_directory(target_path, ec))
      throw StoreError("cannot restore into " + target + ": it is a folder");
    if (fs::equivalent(target_path, backup, ec)) throw StoreError("cannot restore a backup onto itself");
    if (!options.force)
      throw StoreError(target + " already exists; stop any server using it and pass --force to replace it");
    require_unused(target_path);
  } else if (!target_path.parent_path().empty()) {
    fs::create_directories(target_path.parent_path(), ec);
    if (ec) throw StoreError("cannot write " + target + ": " + ec.message());
  }
  const fs::path partial = partial_path(target_path);
  RestoreResult result;
  into_place(partial, target, [&] {
    {
      Database dst = open_target(partial, target);
      copy_pages(src, dst, BackupOptions{});
      src.exec("COMMIT");
      std::vector<std::pair<std::string, std::string>> old_epochs;
      Statement rooms(dst, "SELECT id, epoch FROM rooms ORDER BY id");
      while (rooms.step()) old_epochs.emplace_back(rooms.text(0), rooms.text(1));
      rooms.reset();
      Transaction tx(dst);
      Statement update(dst, "UPDATE rooms SET epoch = ? WHERE id = ?");
      for (const auto& [id, old] : old_epochs) {
        std::string epoch = random_epoch(dst);
        while (epoch == old) epoch = random_epoch(dst);
        update.bind(1, epoch).bind(2, id).run();
        result.epochs.emplace_back(id, epoch);
      }
      tx.commit();
      dst.exec("PRAGMA journal_mode = WAL");  // as the server keeps it
      require_intact(dst, "the restored database");
    }
    // Files left by the database being replaced must never be replayed onto the restored one.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(target + suffix);
  });
  result.bytes = fs::file_size(target_path, ec);
  return result;
}

Snapshot::Snapshot(std::filesystem::path copy, std::unique_ptr<EventStore> store)
    : copy_(std::move(copy)), store_(std::move(store)) {}

Snapshot::~Snapshot() {
  store_.reset();
  remove_database_files(copy_);
}

std::unique_ptr<Snapshot> open_snapshot(const std::string& path) {
  const fs::path copy = fs::temp_directory_path() / ("podium-snapshot-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(++partial_counter) + ".db");
  BackupOptions options;
  options.overwrite = true;
  backup_database(path, copy.string(), options);
  try {
    return std::make_unique<Snapshot>(copy, std::make_unique<EventStore>(copy.string()));
  } catch (...) {
    remove_database_files(copy);
    throw;
  }
}

std::string backup_file_name(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char name[32];
  const std::size_t n = std::strftime(name, sizeof name, "podium-%Y%m%d-%H%M%S.db", &utc);
  return std::string(name, n);
}

bool is_backup_file_name(const std::string& name) {
  constexpr std::string_view kPattern = "podium-########-######.db";
  if (name.size() != kPattern.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const bool digit = name[i] >= '0' && name[i] <= '9';
    if (kPattern[i] == '#' ? !digit : name[i] != kPattern[i]) return false;
  }
  return true;
}

std::vector<fs::path> prune_backups(const fs::path& dir, std::size_t keep) {
  std::vector<fs::path> backups;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && is_backup_file_name(entry.path().filename().string()))
      backups.push_back(entry.path());
  std::sort(backups.begin(), backups.end(), [](const fs::path& a, const fs::path& b) { return a > b; });
  std::vector<fs::path> removed;
  for (std::size_t i = keep; i < backups.size(); ++i)
    if (fs::remove(backups[i], ec)) removed.push_back(backups[i]);
  return removed;
}

}  // namespace podium::store
