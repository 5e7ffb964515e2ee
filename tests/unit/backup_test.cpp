#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "server/store/backup.hpp"
#include "server/store/backup_scheduler.hpp"
#include "server/store/committer.hpp"
#include "server/store/event_store.hpp"

namespace podium::testing {
namespace {

namespace fs = std::filesystem;
using store::Database;
using store::EventRow;
using store::EventStore;
using store::Statement;

const std::vector<std::string> kRooms = {"plenary", "group-1", "group-2"};

class Backup : public ::testing::Test {
 protected:
  fs::path dir =
      fs::temp_directory_path() / ("podium-backup-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::string db = (dir / "live.db").string();
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static EventRow row(const std::string& room, std::uint64_t seq) {
    // A body of some size, so the log spans many pages and a backup takes many steps.
    return EventRow{room,          seq,   1000 + static_cast<std::int64_t>(seq), "queue.opened",
                    "facilitator", "dev", room + "-" + std::to_string(seq),      std::string(300, 'x')};
  }

  static void add_rooms(EventStore& s) {
    std::int64_t n = 0;
    for (const auto& room : kRooms) s.insert_room({room, "epoch-" + room, "CODE" + room, "hash", "{}", ++n});
  }

  std::vector<std::string> files_in(const fs::path& folder) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string integrity(Database& db) {
  Statement s(db, "PRAGMA integrity_check");
  s.step();
  return s.text(0);
}

// Every room's seqs in `path`, checked to run 1..n without a gap, each event the one appended there.
std::map<std::string, std::uint64_t> check_log(const std::string& path) {
  Database db(path, store::OpenMode::read_only);
  EXPECT_EQ(integrity(db), "ok") << path;
  std::map<std::string, std::uint64_t> last;
  Statement s(db, "SELECT room, seq, op_id FROM events ORDER BY room, seq");
  while (s.step()) {
    const std::string room = s.text(0);
    const auto seq = static_cast<std::uint64_t>(s.int64(1));
    EXPECT_EQ(seq, last[room] + 1) << path << ": a gap in " << room;
    EXPECT_EQ(s.text(2), room + "-" + std::to_string(seq));
    last[room] = seq;
  }
  return last;
}

TEST_F(Backup, backups_taken_while_events_are_appended_hold_a_gapless_prefix_of_every_room) {
  EventStore live(db);
  add_rooms(live);
  std::atomic<bool> stop{false};
  std::mutex m;
  std::condition_variable committed_cv;
  std::uint64_t submitted = 0;
  std::uint64_t committed = 0;
  std::map<std::string, std::uint64_t> appended;
  store::Committer committer(live, [](const std::exception& e) { FAIL() << e.what(); });

  // Through the real committer, as the server writes: jobs of one to three events, up to 16 in flight.
  std::thread appender([&] {
    std::map<std::string, std::uint64_t> next;
    for (std::uint64_t i = 0; !stop; ++i) {
      store::Committer::Job job;
      for (std::uint64_t k = 0; k <= i % 3; ++k) {
        const std::string& room = kRooms[(i + k) % kRooms.size()];
        job.rows.push_back(row(room, ++next[room]));
      }
      job.done = [&] {
        std::lock_guard lock(m);
        ++committed;
        committed_cv.notify_all();
      };
      std::unique_lock lock(m);
      committed_cv.wait(lock, [&] { return submitted - committed < 16; });
      ++submitted;
      lock.unlock();
      committer.submit(std::move(job));
    }
    appended = next;
  });

  std::vector<std::map<std::string, std::uint64_t>> seen;
  store::BackupOptions options;
  options.pages_per_step = 2;  // many small steps, with commits landing between them
  for (int i = 0; i < 12; ++i) {
    const std::string out = (dir / ("b" + std::to_string(i) + ".db")).string();
    const store::BackupResult result = store::backup_database(db, out, options);
    EXPECT_GT(result.bytes, 0u);
    seen.push_back(check_log(out));
  }
  stop = true;
  appender.join();
  committer.stop();

  for (std::size_t i = 1; i < seen.size(); ++i)
    for (const auto& room : kRooms) EXPECT_LE(seen[i - 1][room], seen[i][room]) << "backups move forward";
  EXPECT_LT(seen.front()["plenary"], seen.back()["plenary"]) << "commits landed between the backups";
  EXPECT_LT(seen.front()["plenary"], appended["plenary"]) << "the backups ran while events were appended";
  const std::string last = (dir / "final.db").string();
  store::backup_database(db, last);
  EXPECT_EQ(check_log(last), appended) << "a backup after the last commit holds everything";
}

TEST_F(Backup, a_missing_foreign_or_newer_database_is_refused_and_nothing_is_written) {
  const std::string out = (dir / "out" / "b.db").string();
  fs::create_directories(dir / "out");
  auto refusal = [&](const std::string& source) {
    try {
      store::backup_database(source, out);
    } catch (const store::StoreError& e) {
      return std::string(e.what());
    }
    return std::string("no refusal");
  };
  EXPECT_NE(refusal((dir / "nope.db").string()).find("no database"), std::string::npos);
  std::ofstream(dir / "text.db") << "this is not a database, only some words in a file of a decent length";
  EXPECT_NE(refusal((dir / "text.db").string()).find("cannot be read as a database"), std::string::npos);
  { EventStore s(db); }
  {
    Database raw(db);
    raw.exec("PRAGMA user_version = 99");
  }
  EXPECT_NE(refusal(db).find("newer"), std::string::npos);
  EXPECT_TRUE(files_in(dir / "out").empty()) << "no partial file is left";
}

TEST_F(Backup, an_unwritable_or_existing_target_is_refused_without_a_partial_file) {
  {
    EventStore s(db);
    add_rooms(s);
  }
  std::ofstream(dir / "plain-file") << "x";
  EXPECT_THROW(store::backup_database(db, (dir / "plain-file" / "b.db").string()), store::StoreError);
  EXPECT_THROW(store::backup_database(db, (dir / "missing" / "b.db").string()), store::StoreError);
  const std::string out = (dir / "b.db").string();
  store::backup_database(db, out);
  EXPECT_THROW(store::backup_database(db, out), store::StoreError);
  store::BackupOptions overwrite;
  overwrite.overwrite = true;
  store::backup_database(db, out, overwrite);
  EXPECT_THROW(store::backup_database(db, db, overwrite), store::StoreError) << "never onto itself";
  for (const auto& name : files_in(dir)) EXPECT_EQ(name.find("partial"), std::string::npos) << name;
  EXPECT_TRUE(fs::exists(out));
}

TEST_F(Backup, a_restored_database_keeps_the_log_and_gives_every_room_a_new_epoch) {
  {
    EventStore s(db);
    add_rooms(s);
    s.append({row("plenary", 1), row("plenary", 2), row("group-1", 1)});
  }
  const std::string backup = (dir / "b.db").string();
  store::backup_database(db, backup);
  const std::string restored = (dir / "restored" / "podium.db").string();
  const store::RestoreResult result = store::restore_database(backup, restored);
  ASSERT_EQ(result.epochs.size(), kRooms.size());

  EventStore s(restored);
  EXPECT_EQ(s.integrity_check(), "ok");
  std::set<std::string> epochs;
  for (const store::RoomRow& room : s.rooms()) {
    EXPECT_NE(room.epoch, "epoch-" + room.id);
    EXPECT_EQ(room.epoch.size(), 16u);
    epochs.insert(room.epoch);
  }
  EXPECT_EQ(epochs.size(), kRooms.size());
  EXPECT_EQ(check_log(restored), (std::map<std::string, std::uint64_t>{{"plenary", 2}, {"group-1", 1}}));
}

TEST_F(Backup, restore_replaces_a_database_only_when_forced_and_never_one_in_use) {
  {
    EventStore s(db);
    add_rooms(s);
  }
  const std::string backup = (dir / "b.db").string();
  store::backup_database(db, backup);
  EXPECT_THROW(store::restore_database(backup, db), store::StoreError);
  store::RestoreOptions force;
  force.force = true;
  {
    EventStore open(db);  // as a running server holds it
    try {
      store::restore_database(backup, db, force);
      FAIL() << "expected a refusal";
    } catch (const store::StoreError& e) {
      EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
    }
  }
  store::restore_database(backup, db, force);
  EventStore s(db);
  EXPECT_NE(s.rooms()[0].epoch, "epoch-plenary");
  EXPECT_THROW(store::restore_database(backup, backup, force), store::StoreError);
  std::ofstream(dir / "broken.db") << "not a database";
  EXPECT_THROW(store::restore_database((dir / "broken.db").string(), (dir / "x.db").string()),
               store::StoreError);
  EXPECT_FALSE(fs::exists(dir / "x.db"));
}

TEST_F(Backup, a_snapshot_is_the_log_at_one_instant_and_leaves_no_file_behind) {
  EventStore live(db);
  add_rooms(live);
  live.append({row("plenary", 1), row("plenary", 2)});
  fs::path copy;
  {
    auto snapshot = store::open_snapshot(db);
    live.append({row("plenary", 3)});
    int count = 0;
    snapshot->store().for_each_event("plenary", 0, [&](const EventRow&) { ++count; });
    EXPECT_EQ(count, 2);
    EXPECT_EQ(snapshot->store().rooms().size(), kRooms.size());
  }
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path()))
    EXPECT_EQ(e.path().filename().string().find("podium-snapshot-" + std::to_string(::getpid()) + "-"),
              std::string::npos);
}

TEST_F(Backup, backup_names_are_utc_timestamps_and_pruning_keeps_the_newest_only) {
  using namespace std::chrono;
  const sys_seconds at = sys_days{2019y / June / 17} + 9h + 5min + 3s;
  EXPECT_EQ(store::backup_file_name(at), "podium-20190617-090503.db");
  EXPECT_TRUE(store::is_backup_file_name("podium-20190617-090503.db"));
  EXPECT_FALSE(store::is_backup_file_name("podium-2019061-090503.db"));
  EXPECT_FALSE(store::is_backup_file_name(".podium-20190617-090503.db.partial-1-1"));
  for (int i = 0; i < 25; ++i) std::ofstream(dir / store::backup_file_name(at + minutes(10 * i))) << "x";
  std::ofstream(dir / "notes.txt") << "mine";
  const auto removed = store::prune_backups(dir, 20);
  EXPECT_EQ(removed.size(), 5u);
  const auto left = files_in(dir);
  EXPECT_EQ(left.size(), 21u);
  EXPECT_EQ(left[0], "notes.txt");
  EXPECT_EQ(left[1], store::backup_file_name(at + minutes(50)));
}

TEST_F(Backup, the_scheduler_backs_up_periodically_and_on_demand) {
  {
    EventStore s(db);
    add_rooms(s);
  }
  store::BackupScheduler::Config config;
  config.db = db;
  config.dir = dir / "backups";
  config.every = std::chrono::milliseconds(20);
  store::BackupScheduler scheduler(config);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (files_in(config.dir).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  scheduler.stop();
  const auto last = scheduler.backup_now();
  ASSERT_TRUE(last);
  for (const auto& name : files_in(config.dir)) {
    EXPECT_TRUE(store::is_backup_file_name(name)) << name;
    check_log((config.dir / name).string());
  }

  store::BackupScheduler::Config bad = config;
  bad.dir = fs::path(db) / "backups";  // under a file
  EXPECT_THROW(store::BackupScheduler{bad}, store::StoreError);
}

}  // namespace
}  // namespace podium::testing
