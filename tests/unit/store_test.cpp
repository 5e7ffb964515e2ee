#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <future>
#include <numeric>
#include <thread>

#include "server/store/committer.hpp"
#include "server/store/event_store.hpp"

namespace podium::testing {
namespace {

namespace fs = std::filesystem;
using store::EventRow;
using store::EventStore;

class Store : public ::testing::Test {
 protected:
  fs::path dir =
      fs::temp_directory_path() / ("podium-store-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::string db = (dir / "test.db").string();
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static EventRow row(std::uint64_t seq, std::string room = "g1") {
    return EventRow{std::move(room),
                    seq,
                    1000 + static_cast<std::int64_t>(seq),
                    "queue.opened",
                    "facilitator",
                    "dev",
                    "op" + std::to_string(seq),
                    "{}"};
  }
};

TEST_F(Store, events_are_read_back_in_seq_order_after_reopening) {
  {
    EventStore s(db);
    s.insert_room({"g1", "epoch1", "ABCDEF", "hash", "{}", 1});
    s.append({row(1), row(2), row(3)});
  }
  EventStore s(db);
  ASSERT_EQ(s.rooms().size(), 1u);
  EXPECT_EQ(s.rooms()[0].join_code, "ABCDEF");
  std::vector<std::uint64_t> seqs;
  s.for_each_event("g1", 1, [&](const EventRow& r) {
    seqs.push_back(r.seq);
    EXPECT_EQ(r.op_id, "op" + std::to_string(r.seq));
  });
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(s.integrity_check(), "ok");
}

TEST_F(Store, a_duplicate_seq_rolls_back_the_whole_batch) {
  EventStore s(db);
  s.insert_room({"g1", "epoch1", "ABCDEF", "hash", "{}", 1});
  s.append({row(1)});
  EXPECT_THROW(s.append({row(2), row(1)}), store::StoreError);
  int count = 0;
  s.for_each_event("g1", 0, [&](const EventRow&) { ++count; });
  EXPECT_EQ(count, 1);
}

TEST_F(Store, a_database_from_a_newer_podium_is_refused) {
  { EventStore s(db); }
  {
    store::Database raw(db);
    raw.exec("PRAGMA user_version = 99");
  }
  try {
    EventStore s(db);
    FAIL() << "expected a refusal";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST_F(Store, meta_values_are_upserted) {
  EventStore s(db);
  EXPECT_FALSE(s.meta("k"));
  s.set_meta("k", "a");
  s.set_meta("k", "b");
  EXPECT_EQ(s.meta("k"), "b");
}

TEST_F(Store, committer_commits_every_job_and_reports_in_order) {
  EventStore s(db);
  s.insert_room({"g1", "epoch1", "ABCDEF", "hash", "{}", 1});
  std::vector<std::uint64_t> done;
  std::mutex m;
  std::promise<void> all;
  {
    store::Committer committer(s, [](const std::exception& e) { FAIL() << e.what(); });
    for (std::uint64_t i = 1; i <= 200; ++i) {
      committer.submit({{row(i)},
                        [&, i] {
                          std::lock_guard lock(m);
                          done.push_back(i);
                          if (i == 200) all.set_value();
                        },
                        {}});
    }
    all.get_future().wait();
    // Group commit: 200 jobs need far fewer transactions than jobs.
    EXPECT_LE(committer.transactions(), 200u);
  }
  std::vector<std::uint64_t> expected(200);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(done, expected);
  std::uint64_t last = 0;
  s.for_each_event("g1", 0, [&](const EventRow& r) { EXPECT_EQ(r.seq, ++last); });
  EXPECT_EQ(last, 200u);
}

// A committer job whose outcome a test can wait for: true once written, false if refused or failed.
std::pair<store::Committer::Job, std::future<bool>> job(std::vector<EventRow> rows) {
  auto outcome = std::make_shared<std::promise<bool>>();
  std::future<bool> written = outcome->get_future();
  return {store::Committer::Job{std::move(rows), [outcome] { outcome->set_value(true); },
                                [outcome] { outcome->set_value(false); }},
          std::move(written)};
}

std::vector<std::uint64_t> seqs_of(EventStore& s, const std::string& room) {
  std::vector<std::uint64_t> seqs;
  s.for_each_event(room, 0, [&](const EventRow& r) { seqs.push_back(r.seq); });
  return seqs;
}

// While alive, this process may not write a byte to any regular file (RLIMIT_FSIZE 0): a full disk.
class DiskFull {
 public:
  DiskFull() {
    std::signal(SIGXFSZ, SIG_IGN);  // as the server does: a failed write, not a dead process
    getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit none = saved_;
    none.rlim_cur = 0;
    setrlimit(RLIMIT_FSIZE, &none);
  }
  ~DiskFull() { end(); }
  DiskFull(const DiskFull&) = delete;
  DiskFull& operator=(const DiskFull&) = delete;
  void end() { setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
};

TEST_F(Store, committer_refuses_a_job_that_does_not_follow_the_rooms_last_written_seq) {
  EventStore s(db);
  s.insert_room({"g1", "epoch1", "ABCDEF", "hash", "{}", 1});
  s.append({row(1)});
  store::Committer committer(s);
  auto [gap, gap_written] = job({row(3)});
  committer.submit(std::move(gap));
  EXPECT_FALSE(gap_written.get());
  auto [next, next_written] = job({row(2), row(3)});
  committer.submit(std::move(next));
  EXPECT_TRUE(next_written.get());
  EXPECT_TRUE(committer.writable());  // a refusal is not a storage failure
  EXPECT_EQ(seqs_of(s, "g1"), (std::vector<std::uint64_t>{1, 2, 3}));
}

TEST_F(Store, a_committer_group_is_written_all_or_none) {
  EventStore s(db);
  s.insert_room({"g1", "epoch1", "ABCDEF", "hash", "{}", 1});
  s.insert_room({"g2", "epoch2", "GHIJKL", "hash", "{}", 1});
  store::Committer committer(s);
  std::future<bool> first, second;
  {
    store::Committer::Group together(committer);
    auto [a, a_written] = job({row(1, "g2")});
    auto [b, b_written] = job({row(2, "g1")});  // g1 has no seq 1: refused, and g2's row with it
    committer.submit(std::move(a));
    committer.submit(std::move(b));
    first = std::move(a_written);
    second = std::move(b_written);
  }
  EXPECT_FALSE(first.get());
  EXPECT_FALSE(second.get());
  EXPECT_TRUE(seqs_of(s, "g2").empty());
  {
    store::Committer::Group together(committer);
    auto [a, a_written] = job({row(1, "g2")});
    auto [b, b_written] = job({row(1, "g1")});
    committer.submit(std::move(a));
    committer.submit(std::move(b));
    first = std::move(a_written);
    second = std::move(b_written);
  }
  EXPECT_TRUE(first.get());
  EXPECT_TRUE(second.get());
}

TEST_F(Store, a_full_disk_fails_the_commit_and_the_committer_recovers_when_space_returns) {
  EventStore s(db);
  s.insert_room({"g1", "epoch1", "ABCDEF", "hash", "{}", 1});
  s.append({row(1)});
  int failures = 0;  // store thread only, read after the futures
  store::Committer committer(
      s, [&](const std::exception&) { ++failures; }, std::chrono::milliseconds(20));
  DiskFull full;
  auto [lost, lost_written] = job({row(2), row(3)});
  auto [after, after_written] = job({row(4)});  // builds on the lost rows: refused, never written
  committer.submit(std::move(lost));
  committer.submit(std::move(after));
  EXPECT_FALSE(lost_written.get());
  EXPECT_FALSE(after_written.get());
  EXPECT_FALSE(committer.writable());
  EXPECT_GE(failures, 1);
  // The committer's own probe keeps failing while the disk is full...
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(committer.writable());
  full.end();
  // ...and sees the space come back by itself.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!committer.writable() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(committer.writable());
  auto [retried, retried_written] = job({row(2)});
  committer.submit(std::move(retried));
  EXPECT_TRUE(retried_written.get());
  committer.stop();
  EXPECT_EQ(seqs_of(s, "g1"), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(s.integrity_check(), "ok");
}

}  // namespace
}  // namespace podium::testing
