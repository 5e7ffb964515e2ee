#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <numeric>

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

  static EventRow row(std::uint64_t seq) {
    return EventRow{"g1",
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
      committer.submit({{row(i)}, [&, i] {
                          std::lock_guard lock(m);
                          done.push_back(i);
                          if (i == 200) all.set_value();
                        }});
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

}  // namespace
}  // namespace podium::testing
