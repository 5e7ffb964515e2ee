#include "committer.hpp"

namespace podium::store {

Committer::Committer(EventStore& store, std::function<void(const std::exception&)> on_failure)
    : store_(store), on_failure_(std::move(on_failure)), thread_([this] { run(); }) {}

Committer::~Committer() { stop(); }

void Committer::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void Committer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Committer::run() {
  std::vector<Job> batch;
  std::vector<EventRow> rows;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      batch.swap(queue_);
    }
    rows.clear();
    for (Job& job : batch)
      for (EventRow& row : job.rows) rows.push_back(std::move(row));
    try {
      store_.append(rows);
    } catch (const std::exception& e) {
      on_failure_(e);
      return;
    }
    ++transactions_;
    for (Job& job : batch) job.done();
    batch.clear();
  }
}

}  // namespace podium::store
