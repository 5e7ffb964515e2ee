#pragma once
// Backups of the meeting's record, made while a server may be writing it. A backup is taken with
// SQLite's online backup API from its own read connection inside one read transaction: in WAL mode
// the writer is never blocked, and the copy is the database exactly as of the transaction's start. It
// is written to a hidden file beside the target and renamed into place only once it is complete and
// passes `PRAGMA integrity_check`, so a file with the final name is always a whole backup.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "event_store.hpp"

namespace podium::store {

struct BackupOptions {
  bool overwrite = false;  // replace an existing target (never the source itself)
  int pages_per_step = 256;
  // Checked between steps: when set, the backup stops, removes its partial file and throws.
  const std::atomic<bool>* cancel = nullptr;
};

struct BackupResult {
  std::string path;
  std::uintmax_t bytes = 0;
  std::chrono::milliseconds duration{0};
};

// Copies the Podium database at `source` into `target`. Throws StoreError with a one-line message
// when the source is missing, is not a Podium database, is damaged or has a newer schema, or when the
// target cannot be written; no partial file is left behind.
BackupResult backup_database(const std::string& source, const std::string& target,
                             const BackupOptions& options = {});

struct RestoreOptions {
  bool force = false;  // replace an existing database (refused anyway while a server has it open)
};

struct RestoreResult {
  std::uintmax_t bytes = 0;
  std::vector<std::pair<std::string, std::string>> epochs;  // room id, its new epoch
};

// Puts the backup at `backup` in place as the database `target`, after checking it, and gives every
// room a new random epoch: clients that resume see the change and take a fresh snapshot.
RestoreResult restore_database(const std::string& backup, const std::string& target,
                               const RestoreOptions& options = {});

// A consistent copy of a database in a private temporary file, opened as an EventStore (migrated to
// this Podium's schema if older). The live file is never written; the copy is removed on destruction.
// For readers that need the whole record at one instant, such as exports.
class Snapshot {
 public:
  Snapshot(std::filesystem::path copy, std::unique_ptr<EventStore> store);
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  EventStore& store() { return *store_; }

 private:
  std::filesystem::path copy_;
  std::unique_ptr<EventStore> store_;
};

std::unique_ptr<Snapshot> open_snapshot(const std::string& path);

// Automatic backups are named podium-YYYYMMDD-HHMMSS.db (UTC), so names sort by age.
std::string backup_file_name(std::chrono::system_clock::time_point at);
bool is_backup_file_name(const std::string& name);
// Removes the oldest automatic backups in `dir` beyond the newest `keep`; returns the removed paths.
// Other files in the folder are never touched.
std::vector<std::filesystem::path> prune_backups(const std::filesystem::path& dir, std::size_t keep);

}  // namespace podium::store
