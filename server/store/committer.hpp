#pragma once
// Group commit: batches from the network thread are appended on one store thread, as many as are
// waiting in one transaction, so fsync never runs on a network thread and a burst costs few fsyncs.
// `done` runs on the store thread after the commit; callers post it back to their own executor.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "event_store.hpp"

namespace podium::store {

class Committer {
 public:
  struct Job {
    std::vector<EventRow> rows;
    std::function<void()> done;
  };

  // `on_failure` is called (on the store thread) when a commit fails; the process must not go on.
  Committer(EventStore& store, std::function<void(const std::exception&)> on_failure);
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  void submit(Job job);
  // Commits what is queued, then stops the thread.
  void stop();

  std::uint64_t transactions() const { return transactions_; }

 private:
  void run();
  EventStore& store_;
  std::function<void(const std::exception&)> on_failure_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Job> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> transactions_{0};
  std::thread thread_;
};

}  // namespace podium::store
