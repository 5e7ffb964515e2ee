#pragma once
// Group commit: batches from the network thread are appended on one store thread, as many as are
// waiting in one transaction, so fsync never runs on a network thread and a burst costs few fsyncs.
// `done` (or `failed`) runs on the store thread; callers post it back to their own executor.
//
// A failed write (disk full, I/O error, a read-only or vanished file) is not fatal: that transaction's
// jobs get `failed`, the committer reports the storage as not writable, and it goes on. Per room it
// writes only rows that follow the room's last written seq: a job that builds on rows that were never
// written is refused (`failed`, nothing written), so a room's log never has a gap.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "event_store.hpp"

namespace podium::store {

class Committer {
 public:
  struct Job {
    std::vector<EventRow> rows;  // one room's rows, in seq order
    std::function<void()> done;
    std::function<void()> failed;  // instead of `done`: none of the rows were written
  };

  // How long a writer should wait after a failed write before trying again; also how often the
  // committer, while the storage fails and nothing else is written, tries a write of its own.
  static constexpr std::chrono::milliseconds kRetryAfter{2000};

  // `on_failure`, if given, is called on the store thread for every failed commit (tests use it).
  explicit Committer(EventStore& store, std::function<void(const std::exception&)> on_failure = {},
                     std::chrono::milliseconds probe_every = kRetryAfter);
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  void submit(Job job);
  // Commits what is queued, then stops the thread.
  void stop();

  // While a Group lives, submitted jobs are held and then written in one transaction, all or none: a
  // command that other rooms follow (the agenda, closing the meeting) is never half on disk.
  class Group {
   public:
    explicit Group(Committer& committer);
    ~Group();
    Group(const Group&) = delete;
    Group& operator=(const Group&) = delete;

   private:
    Committer& committer_;
  };

  // False from a failed write until the next one that succeeds.
  bool writable() const { return !failing_; }
  std::uint64_t transactions() const { return transactions_; }

 private:
  using Unit = std::vector<Job>;  // written all or none
  using Seqs = std::unordered_map<std::string, std::uint64_t>;

  void run();
  void commit(std::vector<Unit>& units);
  // Whether every row of `unit` follows on from `last` (the rows taken so far, then what is on disk);
  // if so, `last` takes the unit's rows.
  bool follows(const Unit& unit, Seqs& last);
  std::uint64_t last_seq(const std::string& room, const Seqs& last);
  void probe();
  void succeeded();
  void failed(const std::exception& e);

  EventStore& store_;
  std::function<void(const std::exception&)> on_failure_;
  std::chrono::milliseconds probe_every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Unit> queue_;
  Unit held_;       // jobs of the open group
  int groups_ = 0;  // open groups (nested ones count)
  bool stopping_ = false;
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<bool> failing_{false};
  // Store thread only: each room's last written seq, and the state of a failure streak.
  Seqs written_;
  std::vector<EventRow> rows_;                                           // a batch's rows, reused
  std::vector<std::pair<const std::string*, std::uint64_t>> unit_seqs_;  // in follows(), reused
  std::chrono::steady_clock::time_point failing_since_{};
  std::chrono::steady_clock::time_point failure_logged_{};
  std::uint64_t failed_writes_ = 0;
  std::thread thread_;
};

}  // namespace podium::store
