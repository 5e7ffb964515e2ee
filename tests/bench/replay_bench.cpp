// podium_replay_bench: writes a plenary's day of realistic events into a database (decided by the real
// core, encoded as Room::execute encodes them) and measures the start-up replay of that log: the
// server's own (constructing app::Hub) and bare loops that show where the time goes.
//
//   podium_replay_bench --db /tmp/replay.db --meeting server/meetings/geneva-2019.json --events 1000000
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "protocol/cpp/codec.hpp"
#include "server/app/hub.hpp"
#include "server/app/keys.hpp"
#include "server/app/meeting.hpp"
#include "server/core/decide.hpp"
#include "server/store/committer.hpp"
#include "server/store/event_store.hpp"

namespace {

using namespace podium;
using Steady = std::chrono::steady_clock;

struct Options {
  std::string db;
  std::string meeting;
  std::string room = "plenary";
  std::uint64_t events = 1'000'000;
  std::size_t devices = 5000;
  bool make_only = false;
  bool replay_only = false;
  bool hub_only = false;
  bool check = false;
  int repeat = 1;
};

double ms_since(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // kilobytes on Linux
}

core::Millis wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Feeds commands through core::decide and keeps the rows Room::execute would hand to the committer.
class Writer {
 public:
  Writer(store::EventStore& store, std::string room, core::RoomState state, std::uint64_t seq,
         core::Millis now)
      : store_(store), room_(std::move(room)), state_(std::move(state)), seq_(seq), now_(now) {}

  const core::RoomState& state() const { return state_; }
  std::uint64_t written() const { return written_; }
  core::Millis now() const { return now_; }
  void advance(core::Millis ms) { now_ += ms; }

  // Returns whether decide accepted; rejected commands are counted and skipped.
  bool run(const core::Command& command, core::Role role, const std::string& device,
           const std::string& op_id) {
    check_timers();
    return execute(command, role, device, op_id);
  }

  void flush() {
    if (rows_.empty()) return;
    store_.append(rows_);
    written_ += rows_.size();
    rows_.clear();
  }

  void print_counts() const {
    std::vector<std::pair<std::uint64_t, std::string>> sorted;
    for (const auto& [type, n] : counts_) sorted.emplace_back(n, type);
    std::sort(sorted.rbegin(), sorted.rend());
    for (const auto& [n, type] : sorted)
      std::printf("  %-22s %9llu\n", type.c_str(), static_cast<unsigned long long>(n));
    std::printf("  (%llu commands rejected by decide and skipped)\n",
                static_cast<unsigned long long>(rejected_));
  }

 private:
  static constexpr std::size_t kBatch = 10'000;

  // What the room's timer check would announce by now (warnings, time up, poll deadlines).
  void check_timers() {
    const auto deadline = core::next_timer_deadline(state_);
    if (deadline && *deadline <= now_) execute(core::CheckTimers{}, core::Role::system, "", "");
  }

  bool execute(const core::Command& command, core::Role role, const std::string& device,
               const std::string& op_id) {
    core::Decision decision = core::decide(state_, command, core::Context{role, device, now_});
    if (!decision.accepted()) {
      ++rejected_;
      return false;
    }
    for (core::Event& event : decision.events) {
      core::evolve(state_, event);
      const std::string_view type = protocol::type_of(event);
      ++counts_[std::string(type)];
      // As Room::execute encodes them.
      rows_.push_back(store::EventRow{room_, ++seq_, now_, std::string(type),
                                      std::string(protocol::to_string(role)), device, op_id,
                                      protocol::event_to_json(event, protocol::Audience::log).dump()});
    }
    if (rows_.size() >= kBatch) flush();
    return true;
  }

  store::EventStore& store_;
  std::string room_;
  core::RoomState state_;
  std::uint64_t seq_;
  core::Millis now_;
  std::vector<store::EventRow> rows_;
  std::map<std::string, std::uint64_t> counts_;
  std::uint64_t written_ = 0;
  std::uint64_t rejected_ = 0;
};

// A participant's phone: a hashed device id and the op_id prefix its page load chose.
struct Device {
  std::string id;
  std::string op_prefix;
  std::uint64_t ops = 0;
  std::string next_op() { return op_prefix + std::to_string(++ops); }
};

Device make_device(std::mt19937_64& rng, std::size_t i) {
  char token[40];
  std::snprintf(token, sizeof token, "bench-device-%08zu-%08llx", i, static_cast<unsigned long long>(rng()));
  const std::string id = app::device_id(token);
  char prefix[24];
  std::snprintf(prefix, sizeof prefix, "%.8s-%08x-", token + 13, static_cast<unsigned>(rng()));
  return Device{id, prefix, 0};
}

// A plenary day: polls with most of the room voting (and some changing their vote), questions asked,
// moderated and upvoted, a speaker queue with turns and their timers.
void make(const Options& options) {
  const app::Meeting meeting = app::load_meeting(options.meeting);
  store::EventStore store(options.db);
  boost::asio::io_context ioc(1);
  store::Committer committer(store, [](const std::exception& e) {
    std::cerr << "commit failed: " << e.what() << std::endl;
    std::_Exit(70);
  });
  core::RoomState start;
  std::uint64_t seq = 0;
  {
    app::Hub hub(meeting, store, committer, ioc.get_executor(), wall_clock_ms, false);
    const app::Room* room = hub.room(options.room);
    if (!room) throw std::runtime_error("the meeting has no room \"" + options.room + "\"");
    start = room->state();
    seq = room->seq();
  }
  // From here on this thread owns the store, as the committer thread would.
  committer.stop();

  std::mt19937_64 rng(20190612);
  std::vector<Device> people;
  for (std::size_t i = 0; i < options.devices; ++i) people.push_back(make_device(rng, i));
  Device chair = make_device(rng, options.devices);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto chance = [&](unsigned percent) { return rng() % 100 < percent; };

  Writer w(store, options.room, std::move(start), seq, wall_clock_ms());
  const auto t0 = Steady::now();
  std::uint64_t step = 0;
  std::uint64_t polls = 0, questions = 0;
  auto open_poll = [&]() -> std::string {
    for (const core::Poll& p : w.state().polls)
      if (p.status == core::PollStatus::open) return p.id;
    return "";
  };
  auto chair_op = [&](const core::Command& c) {
    return w.run(c, core::Role::facilitator, chair.id, chair.next_op());
  };
  while (w.written() < options.events) {
    ++step;
    w.advance(static_cast<core::Millis>(5 + pick(40)));
    Device& d = people[pick(people.size())];
    const std::string poll = open_poll();
    if (poll.empty() && step % 50 == 0) {
      // A new poll every little while: a single choice, sometimes multiple, sometimes with a deadline.
      core::CreatePoll c;
      c.question = "Poll " + std::to_string(++polls) + ": which of these should the plenary take up first?";
      c.kind = chance(25)   ? core::PollKind::multiple
               : chance(20) ? core::PollKind::yes_no_abstain
                            : core::PollKind::single;
      if (c.kind != core::PollKind::yes_no_abstain)
        c.options = {"Housing and land", "Water and sanitation", "Public transport", "Informal work",
                     "Climate adaptation"};
      if (c.kind == core::PollKind::multiple) c.max_picks = 2;
      c.live_results = chance(50);
      if (chair_op(c)) {
        const std::string id = w.state().polls.back().id;
        std::optional<core::Millis> duration;
        if (chance(30)) duration = 10 * 60 * 1000;
        chair_op(core::OpenPoll{id, duration});
      }
      continue;
    }
    const unsigned roll = static_cast<unsigned>(pick(1000));
    if (!poll.empty() && roll < 560) {
      // Most of the room votes; about a third change their mind once or twice.
      const core::Poll& p = *w.state().poll(poll);
      std::vector<int> picks{static_cast<int>(pick(p.options.size()))};
      if (p.kind == core::PollKind::multiple && chance(50)) {
        const int other = static_cast<int>(pick(p.options.size()));
        if (other != picks[0]) picks.push_back(other);
      }
      w.run(core::Vote{poll, picks}, core::Role::participant, d.id, d.next_op());
      // Close once most of the room has voted (polls with a deadline also close at it).
      auto votes = w.state().votes.find(poll);
      if (votes != w.state().votes.end() && votes->second.size() >= people.size() * 8 / 10) {
        chair_op(core::ClosePoll{poll});
        if (chance(70)) chair_op(core::RevealPoll{poll, true});
      }
      continue;
    }
    if (roll < 880) {
      // Upvote (or take back an upvote on) a question shown to the room, favouring recent ones.
      const auto& qs = w.state().questions;
      if (qs.empty()) continue;
      const std::size_t window = std::min<std::size_t>(qs.size(), 60);
      const core::Question& q = qs[qs.size() - 1 - pick(window)];
      if (!q.visible()) continue;
      auto up = w.state().upvotes.find(q.id);
      const bool has = up != w.state().upvotes.end() && up->second.contains(d.id);
      if (has && !chance(15)) continue;
      w.run(core::UpvoteQuestion{q.id, !has}, core::Role::participant, d.id, d.next_op());
      continue;
    }
    if (roll < 883) {
      core::AskQuestion c;
      c.text = "Question " + std::to_string(++questions) +
               ": how will the city fund the measures it proposes, and who decides on the priorities?";
      c.name = chance(60) ? "Participant " + std::to_string(pick(people.size())) : "";
      w.run(c, core::Role::participant, d.id, d.next_op());
      continue;
    }
    if (roll < 900) {
      // Moderate the oldest pending question; now and then answer, pin or unpin an approved one.
      for (const core::Question& q : w.state().questions) {
        if (q.status == core::QuestionStatus::pending) {
          chair_op(core::ModerateQuestion{q.id,
                                          chance(85) ? core::Moderation::approve : core::Moderation::reject});
          break;
        }
      }
      if (chance(10) && !w.state().questions.empty()) {
        const core::Question& q = w.state().questions[pick(w.state().questions.size())];
        const core::Moderation action = q.pinned     ? core::Moderation::unpin
                                        : chance(50) ? core::Moderation::answer
                                                     : core::Moderation::pin;
        chair_op(core::ModerateQuestion{q.id, action});
      }
      continue;
    }
    if (roll < 903) {
      core::JoinQueue c;
      c.kind = chance(80) ? core::SpeakerKind::new_point : core::SpeakerKind::reply;
      c.name = "Speaker " + std::to_string(pick(people.size()));
      c.affiliation = chance(50) ? "Municipality of Geneva" : "UN-Habitat";
      w.run(c, core::Role::participant, d.id, d.next_op());
      continue;
    }
    if (roll >= 906) continue;
    // The facilitator moves the floor on, pauses or resumes the speaker timer.
    const auto& current = w.state().current;
    if (current && chance(30)) {
      const core::TimerRun run = w.state().speaker.run;
      if (run == core::TimerRun::running)
        chair_op(core::PauseTimer{core::TimerId::speaker});
      else if (run == core::TimerRun::paused)
        chair_op(core::StartTimer{core::TimerId::speaker});
      continue;
    }
    w.advance(5'000);  // a turn takes a while
    chair_op(core::NextSpeaker{current ? current->entry.id : ""});
  }
  w.flush();
  const double make_ms = ms_since(t0);
  store.checkpoint();
  std::printf("wrote %llu events to %s in %.0f ms (%llu in the log of %s)\n",
              static_cast<unsigned long long>(w.written()), options.db.c_str(), make_ms,
              static_cast<unsigned long long>(seq + w.written()), options.room.c_str());
  w.print_counts();
  std::printf("database size: %.1f MB\n",
              static_cast<double>(std::filesystem::file_size(options.db)) / (1024.0 * 1024.0));
}

void report(const char* stage, std::uint64_t events, double ms) {
  std::printf("%-38s %9.0f ms  %10.0f events/s\n", stage, ms, static_cast<double>(events) * 1000.0 / ms);
}

core::RoomState initial_state_of(store::EventStore& store, const std::string& room) {
  for (const store::RoomRow& row : store.rooms())
    if (row.id == room) return protocol::state_from_json(protocol::Json::parse(row.initial_state));
  throw std::runtime_error("the database has no room \"" + room + "\"");
}

void replay(const Options& options) {
  const app::Meeting meeting = app::load_meeting(options.meeting);
  store::EventStore store(options.db);
  std::uint64_t events = 0;
  if (!options.hub_only) {
    // Once untimed, so every stage reads a warm page cache.
    store.for_each_event(options.room, 0, [&](const store::EventRow&) { ++events; });
    for (int r = 0; r < options.repeat; ++r) {
      std::uint64_t bytes = 0;
      auto t = Steady::now();
      store.for_each_event(options.room, 0, [&](const store::EventRow& row) { bytes += row.body.size(); });
      report("read (for_each_event)", events, ms_since(t));

      std::uint64_t kinds = 0;
      t = Steady::now();
      store.for_each_event(options.room, 0, [&](const store::EventRow& row) {
        kinds += protocol::event_from_json(protocol::Json::parse(row.body)).index();
      });
      report("read + Json::parse + event_from_json", events, ms_since(t));

      t = Steady::now();
      store.for_each_event(options.room, 0, [&](const store::EventRow& row) {
        kinds += protocol::event_from_log(row.body).index();
      });
      report("read + event_from_log", events, ms_since(t));

      core::RoomState state = initial_state_of(store, options.room);
      t = Steady::now();
      store.for_each_event(options.room, 0, [&](const store::EventRow& row) {
        core::evolve(state, protocol::event_from_log(row.body));
      });
      report("read + event_from_log + evolve", events, ms_since(t));
      if (bytes == 0 || kinds == 0) std::printf("(empty log)\n");
    }
  }
  // What replay must reproduce: the plain fold of the full parser's events.
  std::optional<core::RoomState> expected;
  if (options.check) {
    expected = initial_state_of(store, options.room);
    std::uint64_t differ = 0;
    store.for_each_event(options.room, 0, [&](const store::EventRow& row) {
      core::Event event = protocol::event_from_json(protocol::Json::parse(row.body));
      if (!(protocol::event_from_log(row.body) == event) && ++differ <= 3)
        std::printf("event_from_log differs at seq %llu: %s\n", static_cast<unsigned long long>(row.seq),
                    row.body.c_str());
      core::evolve(*expected, event);
    });
    std::printf("check: event_from_log %s the full parser on every row\n",
                differ ? "DIFFERS from" : "agrees with");
  }
  boost::asio::io_context ioc(1);
  store::Committer committer(store, [](const std::exception& e) {
    std::cerr << "commit failed: " << e.what() << std::endl;
    std::_Exit(70);
  });
  for (int r = 0; r < options.repeat; ++r) {
    const auto t = Steady::now();
    app::Hub hub(meeting, store, committer, ioc.get_executor(), wall_clock_ms, false);
    const double ms = ms_since(t);
    const app::Room* room = hub.room(options.room);
    events = room ? room->seq() : 0;
    report("app::Hub construction (replay)", events, ms);
    if (expected && room)
      std::printf(
          "check: the hub's replayed state %s the plain fold\n",
          room->state() == *expected && room->pending_state() == *expected ? "equals" : "DIFFERS from");
  }
  committer.stop();
  std::printf("peak RSS: %ld MB\n", peak_rss_mb());
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App cli{"Writes a log of realistic events and measures how long replaying it takes.",
               "podium_replay_bench"};
  cli.add_option("--db", options.db, "the database to write or replay")->required();
  cli.add_option("--meeting", options.meeting, "the meeting file")->required();
  cli.add_option("--room", options.room, "the room whose log is written and timed")->capture_default_str();
  cli.add_option("--events", options.events, "how many events to write")->capture_default_str();
  cli.add_option("--devices", options.devices, "how many participants' phones")->capture_default_str();
  cli.add_option("--repeat", options.repeat, "how many times to time each stage")->capture_default_str();
  auto* make_only = cli.add_flag("--make-only", options.make_only, "only write the log");
  cli.add_flag("--replay-only", options.replay_only, "only time the replay")->excludes(make_only);
  cli.add_flag("--hub-only", options.hub_only, "time only the hub's replay (for a clean peak RSS)");
  cli.add_flag("--check", options.check,
               "check that replay gives what the full parser and a plain fold give");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  try {
    if (!options.replay_only) make(options);
    if (!options.make_only) replay(options);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "podium_replay_bench: " << e.what() << std::endl;
    return 1;
  }
}
