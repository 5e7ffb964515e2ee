#include "committer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace podium::store {
namespace {

// While the storage keeps failing, the log repeats that it does at most this often.
constexpr std::chrono::minutes kRemindEvery{1};

}  // namespace

Committer::Committer(EventStore& store, std::function<void(const std::exception&)> on_failure,
                     std::chrono::milliseconds probe_every)
    : store_(store),
      on_failure_(std::move(on_failure)),
      probe_every_(probe_every),
      thread_([this] { run(); }) {}

Committer::~Committer() { stop(); }

void Committer::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (groups_ > 0) {
      held_.push_back(std::move(job));
      return;
    }
    queue_.push_back(Unit{});
    queue_.back().push_back(std::move(job));
  }
  wake_.notify_one();
}

Committer::Group::Group(Committer& committer) : committer_(committer) {
  const std::lock_guard lock(committer_.mutex_);
  ++committer_.groups_;
}

Committer::Group::~Group() {
  {
    const std::lock_guard lock(committer_.mutex_);
    if (--committer_.groups_ > 0 || committer_.held_.empty()) return;
    committer_.queue_.push_back(std::move(committer_.held_));
    committer_.held_.clear();
  }
  committer_.wake_.notify_one();
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
  std::vector<Unit> units;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      const auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (!failing_) {
        wake_.wait(lock, ready);
      } else if (!wake_.wait_for(lock, probe_every_, ready)) {
        // Failing, and nobody is writing: find out by ourselves when the storage is back.
        lock.unlock();
        probe();
        continue;
      }
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      units.swap(queue_);
    }
    commit(units);
    units.clear();
  }
}

void Committer::commit(std::vector<Unit>& units) {
  std::vector<EventRow>& rows = rows_;
  rows.clear();
  std::vector<bool> taken(units.size(), false);
  Seqs last;  // by room: the last seq of the rows taken so far
  try {
    for (std::size_t i = 0; i < units.size(); ++i) {
      taken[i] = follows(units[i], last);
      if (!taken[i]) continue;
      for (Job& job : units[i])
        for (EventRow& row : job.rows) rows.push_back(std::move(row));
    }
    if (!rows.empty()) store_.append(rows);
  } catch (const std::exception& e) {
    failed(e);  // first: whoever hears of a failed job finds the committer not writable
    if (on_failure_) on_failure_(e);
    for (Unit& unit : units)
      for (Job& job : unit)
        if (job.failed) job.failed();
    return;
  }
  for (const auto& [room, seq] : last) written_[room] = seq;
  if (!rows.empty()) {
    ++transactions_;
    succeeded();
  }
  for (std::size_t i = 0; i < units.size(); ++i)
    for (Job& job : units[i]) {
      if (taken[i] && job.done) job.done();
      if (!taken[i] && job.failed) job.failed();
    }
}

bool Committer::follows(const Unit& unit, Seqs& last) {
  auto& mine = unit_seqs_;  // by room, the unit's own rows: taken only if all of them follow on
  mine.clear();
  for (const Job& job : unit)
    for (const EventRow& row : job.rows) {
      auto it = std::find_if(mine.begin(), mine.end(), [&](const auto& m) { return *m.first == row.room; });
      if (it == mine.end()) it = mine.insert(mine.end(), {&row.room, last_seq(row.room, last)});
      if (row.seq != it->second + 1) return false;
      it->second = row.seq;
    }
  for (const auto& [room, seq] : mine) last[*room] = seq;
  return true;
}

std::uint64_t Committer::last_seq(const std::string& room, const Seqs& last) {
  if (auto it = last.find(room); it != last.end()) return it->second;
  auto it = written_.find(room);
  if (it == written_.end()) it = written_.emplace(room, store_.last_seq(room)).first;
  return it->second;
}

void Committer::probe() {
  try {
    store_.probe_write();
    succeeded();
  } catch (const std::exception& e) {
    failed(e);
  }
}

void Committer::succeeded() {
  if (!failing_) return;
  failing_ = false;
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - failing_since_);
  spdlog::info("storage: the meeting record can be written again, after {} s ({} writes failed)",
               seconds.count(), failed_writes_);
}

void Committer::failed(const std::exception& e) {
  const auto now = std::chrono::steady_clock::now();
  if (!failing_) {
    failing_ = true;
    failing_since_ = now;
    failure_logged_ = now;
    failed_writes_ = 1;
    spdlog::error(
        "storage: cannot write the meeting record ({}); commands are refused with storage_unavailable "
        "until writing works again",
        e.what());
    return;
  }
  ++failed_writes_;
  if (now - failure_logged_ < kRemindEvery) return;
  failure_logged_ = now;
  spdlog::error("storage: still cannot write the meeting record ({}); {} writes failed so far", e.what(),
                failed_writes_);
}

}  // namespace podium::store
