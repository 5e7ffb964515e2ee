#include "backup_scheduler.hpp"

#include <spdlog/spdlog.h>

namespace podium::store {

BackupScheduler::BackupScheduler(Config config) : config_(std::move(config)) {
  std::error_code ec;
  std::filesystem::create_directories(config_.dir, ec);
  if (ec || !std::filesystem::is_directory(config_.dir))
    throw StoreError("cannot use the backup folder " + config_.dir.string() + ": " +
                     (ec ? ec.message() : "not a folder"));
  if (config_.every.count() > 0) thread_ = std::thread([this] { run(); });
}

BackupScheduler::~BackupScheduler() { stop(); }

void BackupScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  cancel_ = false;  // what follows (the shutdown backup) runs to the end
}

void BackupScheduler::run() {
  auto next = std::chrono::steady_clock::now() + config_.every;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_until(lock, next, [&] { return stopping_; })) {
    lock.unlock();
    backup_now();
    lock.lock();
    next = std::max(next + config_.every, std::chrono::steady_clock::now());
  }
}

std::optional<BackupResult> BackupScheduler::backup_now() {
  std::lock_guard lock(backup_mutex_);
  const std::filesystem::path target = config_.dir / backup_file_name(std::chrono::system_clock::now());
  spdlog::info("backup {} started", target.string());
  BackupOptions options;
  options.overwrite = true;  // the same second twice: the later copy is the better one
  options.cancel = &cancel_;
  try {
    BackupResult result = backup_database(config_.db, target.string(), options);
    spdlog::info("backup {} done: {} bytes in {} ms", result.path, result.bytes, result.duration.count());
    for (const auto& old : prune_backups(config_.dir, config_.keep))
      spdlog::debug("backup {} removed (keeping the newest {})", old.string(), config_.keep);
    return result;
  } catch (const std::exception& e) {
    spdlog::error("backup {} failed: {}", target.string(), e.what());
    return std::nullopt;
  }
}

}  // namespace podium::store
