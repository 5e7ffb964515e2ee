// Fuzz target: the whole command path, from a connection's text through Hub::on_message, the room and
// the group committer into SQLite, and back out as acks, rejects, events and welcomes.
//
// An input is a short script, one step a line:
//   0..7 MESSAGE   connection N (opened on first use) sends MESSAGE; then everything settles
//   a..h MESSAGE   connection 0..7 sends MESSAGE at once, while earlier commits may be on their way
//   xN             connection N goes away
//   tMS            MS milliseconds pass (at most a day); every room checks its timers; all settles
//   anything else  the whole line is a message from connection 0
// In a message, @KO@ stands for the organizer's key, @K0@..@K3@ for a room's facilitator key (rooms in id
// order: group-1, group-2, group-3, plenary; after a rotation, the key its ack gave) and @E0@..@E3@ for
// a room's epoch. The keys are random each run; these make them reachable.
//
// With PODIUM_FUZZ_TRACE set, every step and every message received is printed (to write seeds, and to
// read what a crashing input did).
//
// Each input gets a world of its own (the bundled meeting, an in-memory store, a committer thread, a Hub
// on one io_context, a clock that moves only when told), so a crash replays from its input alone.
// Checked, beyond not crashing:
//   - every message a connection receives is a server message that decode_server reads;
//   - a connection's events never repeat or go back (seq) and never skip one it should have had
//     (prev_seq), the gap rule of PROTOCOL.md: a live connection never has to send sync;
//   - a room's committed seq never goes back, and once all has settled, its pending state is its
//     committed state;
//   - a server started afresh on the same store replays every room to the same seq and state.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/cpp/codec.hpp"
#include "protocol/cpp/text.hpp"
#include "server/app/hub.hpp"
#include "server/app/meeting.hpp"
#include "server/core/overloaded.hpp"
#include "server/store/committer.hpp"
#include "server/store/event_store.hpp"

#ifndef PODIUM_FUZZ_MEETING
#error "PODIUM_FUZZ_MEETING: the meeting file the fuzz world is built from"
#endif

namespace {

using namespace podium;
namespace asio = boost::asio;

constexpr core::Millis kMeetingDay = 1'560'754'800'000;  // 2019-06-17 09:00 in Geneva
constexpr std::size_t kConnections = 8;
constexpr std::size_t kMaxSteps = 200;  // bounds the time one input takes
constexpr core::Millis kMaxTick = 24 * 60 * 60 * 1000;
constexpr int kMaxSettleRounds = 32;
// Close code 1007, what the WebSocket session answers a text frame that is not UTF-8 with.
constexpr std::uint16_t kInvalidPayload = 1007;

[[noreturn]] void fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "command_fuzz: %.*s\n  %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool tracing() {
  static const bool on = std::getenv("PODIUM_FUZZ_TRACE") != nullptr;
  return on;
}

const app::Meeting& meeting() {
  static const app::Meeting loaded = [] {
    spdlog::set_level(spdlog::level::off);  // every room logs its start, for every input
    const char* path = std::getenv("PODIUM_FUZZ_MEETING");
    return app::load_meeting(path ? path : PODIUM_FUZZ_MEETING);
  }();
  return loaded;
}

class World;

// A connection as the hub sees it; what it receives goes to World::received to be checked.
class FakePeer : public app::Peer {
 public:
  FakePeer(World& world, std::size_t at) : index(at), world_(world) {}
  void deliver(std::shared_ptr<const std::string> message) override;
  // The session sends its close frame and ends later: the hub hears of it (on_close) once all settles.
  void close(std::uint16_t code, std::string_view reason) override {
    if (tracing())
      std::fprintf(stderr, "  %zu closed %u %.*s\n", index, code, static_cast<int>(reason.size()),
                   reason.data());
    closing = true;
  }

  const std::size_t index;
  bool closing = false;
  bool finished = false;  // on_close was called
  bool welcomed = false;
  std::uint64_t last_seq = 0;  // the client's `last` (PROTOCOL.md, sync rules)

 private:
  World& world_;
};

class World {
 public:
  World()
      : committer_(store_, [](const std::exception& e) { fail("a commit failed", e.what()); }),
        hub_(meeting(), store_, committer_, ioc_.get_executor(), clock(), false) {
    address_bucket_.configure(hub_.limits().address_rate, hub_.limits().address_burst);
    for (const auto& [id, room] : hub_.rooms()) {
      rooms_.push_back(room.get());
      committed_.push_back(room->seq());
      keys_.emplace_back();
    }
    for (const app::IssuedKey& issued : hub_.issued_keys()) {
      if (issued.room.empty()) organizer_key_ = issued.key;
      for (std::size_t i = 0; i < rooms_.size(); ++i)
        if (rooms_[i]->info().id == issued.room) keys_[i] = issued.key;
    }
  }

  void step(std::string_view line) {
    if (tracing())
      std::fprintf(stderr, "> %.*s\n", static_cast<int>(std::min<std::size_t>(line.size(), 300)),
                   line.data());
    const char c = line.front();
    if (c >= '0' && c <= '7') return send(static_cast<std::size_t>(c - '0'), line.substr(1), true);
    if (c >= 'a' && c <= 'h') return send(static_cast<std::size_t>(c - 'a'), line.substr(1), false);
    if (c == 'x' && line.size() == 2 && line[1] >= '0' && line[1] <= '7')
      return disconnect(static_cast<std::size_t>(line[1] - '0'));
    if (c == 't' && line.size() >= 2 && line.size() <= 10 &&
        line.find_first_not_of("0123456789", 1) == std::string_view::npos)
      return tick(std::min<core::Millis>(std::stoll(std::string(line.substr(1))), kMaxTick));
    send(0, line, true);
  }

  // Settles, then restarts on the same store and compares (unless the log is empty: then there is
  // nothing to replay, and a second start would double the cost of most inputs).
  void finish() {
    settle();
    if (std::all_of(rooms_.begin(), rooms_.end(), [](const app::Room* room) { return room->seq() == 0; }))
      return;
    committer_.stop();
    asio::io_context ioc;
    store::Committer committer(store_, [](const std::exception& e) { fail("a commit failed", e.what()); });
    app::Hub again(meeting(), store_, committer, ioc.get_executor(), clock(), false);
    for (const app::Room* room : rooms_) {
      const app::Room* replayed = again.room(room->info().id);
      if (!replayed) fail("a room is missing after a restart", room->info().id);
      if (replayed->seq() != room->seq())
        fail("a restart replays a room to another seq", room->info().id + ": " + std::to_string(room->seq()) +
                                                            " live, " + std::to_string(replayed->seq()) +
                                                            " replayed");
      if (replayed->state() != room->state())
        fail("a restart replays a room to another state",
             room->info().id + "\n  live:     " +
                 protocol::state_to_json(room->state(), protocol::Audience::log).dump() + "\n  replayed: " +
                 protocol::state_to_json(replayed->state(), protocol::Audience::log).dump());
    }
  }

  void received(FakePeer& peer, std::shared_ptr<const std::string> message) {
    const std::string& text = *message;
    if (tracing())
      std::fprintf(stderr, "  %zu< %.*s\n", peer.index,
                   static_cast<int>(std::min<std::size_t>(text.size(), 300)), text.data());
    // A room sends one buffer to every connection of a stream: it is decoded once.
    if (message != last_text_) {
      auto decoded = protocol::decode_server(text);
      if (auto* error = std::get_if<protocol::DecodeError>(&decoded))
        fail("a connection received what decode_server rejects", error->message + "\n  " + text);
      last_text_ = std::move(message);
      last_message_ = std::move(std::get<protocol::ServerMessage>(decoded));
    }
    std::visit(core::Overloaded{
                   [&](const protocol::Welcome& w) {
                     peer.welcomed = true;
                     peer.last_seq = w.seq;
                   },
                   [&](const protocol::EventMessage& e) {
                     if (!peer.welcomed) fail("an event before the welcome", text);
                     if (e.seq <= peer.last_seq)
                       fail(
                           "an event the connection had already (last " + std::to_string(peer.last_seq) + ")",
                           text);
                     if (e.prev_seq > peer.last_seq)
                       fail("a gap on a live connection (last " + std::to_string(peer.last_seq) + ")", text);
                     peer.last_seq = e.seq;
                   },
                   [&](const protocol::Ack& a) {
                     if (a.key.empty()) return;
                     // A rotated key opens the room from now on; @Kn@ follows it.
                     for (std::size_t i = 0; i < rooms_.size(); ++i)
                       if (rooms_[i] == peer.session.room) keys_[i] = a.key;
                   },
                   [](const auto&) {},
               },
               last_message_);
  }

 private:
  app::Clock clock() {
    return [this] { return now_; };
  }

  std::shared_ptr<FakePeer>& connection(std::size_t index) {
    auto& peer = peers_[index];
    if (!peer || peer->finished) {
      peer = std::make_shared<FakePeer>(*this, index);
      peer->session.address_bucket = &address_bucket_;  // every connection from one address
      hub_.on_open(peer);
    }
    return peer;
  }

  void send(std::size_t index, std::string_view line, bool then_settle) {
    std::shared_ptr<FakePeer>& peer = connection(index);
    if (peer->closing) return;  // the session passes nothing on after its close frame
    const std::string text = expand(line);
    if (!protocol::is_utf8(text)) {
      peer->close(kInvalidPayload, "text must be UTF-8");
    } else {
      hub_.on_message(peer, text);
    }
    if (then_settle) settle();
    check_seqs();
  }

  void disconnect(std::size_t index) {
    if (auto& peer = peers_[index]; peer && !peer->finished) {
      hub_.on_close(peer);
      peer->finished = true;
    }
    settle();
  }

  // What Room::schedule_timer_check does when its timer fires, with time as this world tells it.
  void tick(core::Millis ms) {
    now_ += ms;
    for (app::Room* room : rooms_)
      room->execute(core::CheckTimers{}, core::Context{core::Role::system, "", now_}, "", nullptr);
    settle();
    check_seqs();
  }

  // Until every commit is back on the io_context and every room's pending state is its committed one.
  // The committer runs jobs in order and each posts its completion before the next job's: once a job
  // submitted now has come back, every earlier completion has run.
  void settle() {
    for (int round = 0; round < kMaxSettleRounds; ++round) {
      bool flushed = false;
      store::Committer::Job marker;  // no rows: it only comes back, after every job before it
      marker.done = [this, &flushed] { asio::post(ioc_, [&flushed] { flushed = true; }); };
      marker.failed = marker.done;
      committer_.submit(std::move(marker));
      while (!flushed)
        if (ioc_.run_one_for(std::chrono::seconds(10)) == 0 && !flushed)
          fail("the committer never answered", "");
      ioc_.poll();
      for (auto& peer : peers_)
        if (peer && peer->closing && !peer->finished) {
          hub_.on_close(peer);
          peer->finished = true;
        }
      bool settled = true;
      for (const app::Room* room : rooms_) settled = settled && room->pending_state() == room->state();
      if (settled) return;
    }
    fail("the rooms never settle", "commands keep coming without input");
  }

  void check_seqs() {
    for (std::size_t i = 0; i < rooms_.size(); ++i) {
      if (rooms_[i]->seq() < committed_[i])
        fail("a room's committed seq went back", rooms_[i]->info().id + ": " + std::to_string(committed_[i]) +
                                                     " -> " + std::to_string(rooms_[i]->seq()));
      committed_[i] = rooms_[i]->seq();
    }
  }

  std::string expand(std::string_view line) const {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '@' && i + 3 < line.size() && line[i + 3] == '@') {
        const char kind = line[i + 1];
        const char which = line[i + 2];
        if (kind == 'K' && which == 'O') {
          out += organizer_key_;
          i += 3;
          continue;
        }
        const auto room = static_cast<std::size_t>(which - '0');
        if ((kind == 'K' || kind == 'E') && which >= '0' && room < rooms_.size()) {
          out += kind == 'K' ? keys_[room] : rooms_[room]->info().epoch;
          i += 3;
          continue;
        }
      }
      out += line[i];
    }
    return out;
  }

  // Declared in the order they must be built: the hub reads the clock and submits to the committer.
  core::Millis now_ = kMeetingDay;
  asio::io_context ioc_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  store::EventStore store_{":memory:"};
  store::Committer committer_;
  app::Hub hub_;
  app::TokenBucket address_bucket_;
  std::vector<app::Room*> rooms_;
  std::vector<std::uint64_t> committed_;  // each room's committed seq at the last check
  std::vector<std::string> keys_;
  std::string organizer_key_;
  std::array<std::shared_ptr<FakePeer>, kConnections> peers_;
  std::shared_ptr<const std::string> last_text_;  // the last message received, and what it decoded to
  protocol::ServerMessage last_message_;
};

void FakePeer::deliver(std::shared_ptr<const std::string> message) {
  world_.received(*this, std::move(message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  World world;
  for (std::size_t steps = 0; !input.empty() && steps < kMaxSteps;) {
    const std::size_t end = input.find('\n');
    const std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    if (line.empty()) continue;
    world.step(line);
    ++steps;
  }
  world.finish();
  return 0;
}
