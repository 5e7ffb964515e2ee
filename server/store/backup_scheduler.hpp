#pragma once
// Automatic backups while serving: one every `every` on a thread of its own (with its own read
// connection, so the group-commit thread is never held up), and one more on demand at a clean
// shutdown. Keeps the newest `keep` in `dir`. Failures are logged, never fatal: the database itself
// is intact, and the next backup tries again.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backup.hpp"

namespace podium::store {

class BackupScheduler {
 public:
  struct Config {
    std::string db;
    std::filesystem::path dir;
    std::chrono::milliseconds every{0};  // 0: no periodic backups
    std::size_t keep = 20;
  };

  // Creates `dir` (throws StoreError if it cannot) and starts the periodic thread when `every` > 0.
  explicit BackupScheduler(Config config);
  ~BackupScheduler();
  BackupScheduler(const BackupScheduler&) = delete;
  BackupScheduler& operator=(const BackupScheduler&) = delete;

  // Stops the periodic thread; a backup it is taking is abandoned (its partial file removed).
  void stop();
  // Takes a backup now on the caller's thread, then prunes. Logs the outcome; never throws.
  std::optional<BackupResult> backup_now();

 private:
  void run();
  Config config_;
  std::mutex backup_mutex_;  // one backup at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace podium::store
