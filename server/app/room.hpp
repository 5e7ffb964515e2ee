#pragma once
// One live room: decides commands against its pending state, hands the events to the group committer,
// and only once they are on disk evolves the committed state, broadcasts and acks.
//
// Invariants: pending_seq_ >= committed_seq_; pending_ == fold(evolve) of every decided event and
// committed_ == fold of every committed one. Clients only ever see committed state.
//
// A failed commit rolls the room back: pending_ = committed_, the op records and waiting acks of
// everything not on disk are dropped (the senders get storage_unavailable), and generation_ moves on.
// Each job carries the generation it was decided in; a failure reported for an older one is already
// rolled back. The committer refuses the jobs that build on the failed seqs, so after a rollback the
// room's next seq is committed_seq_ + 1 again and nothing it decided before the rollback is written.
#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics.hpp"
#include "peer.hpp"
#include "protocol/cpp/codec.hpp"
#include "server/core/decide.hpp"
#include "server/store/committer.hpp"

namespace podium::app {

// Refuses a command: counts the refusal for /metrics and tells its sender, if still connected (null: not).
// The hub's refusals (before a room decides) and the rooms' own all go out this one way.
void refuse(Metrics& metrics, const std::shared_ptr<Peer>& sender, protocol::Reject reject);

using Clock = std::function<core::Millis()>;

struct RoomInfo {
  std::string id;
  std::string title;
  std::string join_code;
  std::string epoch;
  std::string facilitator_key_hash;
};

class Room {
 public:
  static constexpr std::size_t kRecentEvents = 1000;
  // Tallies (upvotes, votes) go out at most this often, whatever the vote rate (less often, down to once
  // a second, in a room so big that sending one takes more than 25 ms).
  static constexpr std::chrono::milliseconds kTallyInterval{250};
  static constexpr int kSlicePause = 4;  // a big room's tally pauses 4x each slice's time between slices

  Room(RoomInfo info, core::RoomState initial, store::Committer& committer,
       boost::asio::any_io_executor executor, Clock clock, Metrics& metrics);

  const RoomInfo& info() const { return info_; }
  const core::RoomState& state() const { return committed_; }
  // What the next command is decided against: committed state plus what is on its way to disk.
  const core::RoomState& pending_state() const { return pending_; }
  std::uint64_t seq() const { return committed_seq_; }
  std::size_t subscribers() const { return streams_[0].peers.size() + streams_[1].peers.size(); }
  std::uint64_t tallies_sent() const { return tallies_sent_; }

  // Rebuilds state from the room's stored log at start-up. Throws on a gap in seq or an undecodable body.
  void replay(store::EventStore& store);
  // After replay: announce what came due while the server was down, and schedule the next check.
  void start();

  // Decide, persist, then (when committed) evolve, broadcast, ack. `sender` may be null (the server).
  // Returns whether the command was accepted (or was a resend of an accepted one); the commit may still
  // fail, and then the sender gets storage_unavailable instead of the ack.
  bool execute(const core::Command& command, const core::Context& context, const std::string& op_id,
               const std::shared_ptr<Peer>& sender);
  // Called (on the room's executor) after a failed commit rolled this room back.
  void on_rolled_back(std::function<void()> hook) { rolled_back_ = std::move(hook); }

  // The welcome for this connection, encoded: the events it missed (with the counts as they are now)
  // or a snapshot. The snapshot and the counts are made once per audience and seq and shared until the
  // next change, so a room of 10,000 reconnecting after a restart makes them once.
  std::shared_ptr<const std::string> welcome(const PeerSession& session,
                                             const std::optional<protocol::Resume>& resume) const;
  void subscribe(const std::shared_ptr<Peer>& peer);
  void unsubscribe(const Peer* peer);
  // A peer that missed tallies while backlogged has drained: it gets the room's current counts, once.
  void pay_tally(const std::shared_ptr<Peer>& peer);
  std::uint64_t tallies_coalesced() const { return tallies_coalesced_; }

 private:
  struct Decided {
    std::uint64_t seq;
    core::Millis at_ms;
    core::Event event;
  };
  // One stream per audience: participants and displays (room), facilitators and organizer (chair).
  struct Stream {
    protocol::Audience audience;
    std::vector<std::shared_ptr<Peer>> peers;
    std::uint64_t last_seq = 0;  // the last event sent on this stream: the next one's prev_seq
  };
  struct Recent {
    protocol::EventMessage message;
    bool room;                // visible to the room stream
    std::uint64_t prev_room;  // prev_seq on each stream, as sent
    std::uint64_t prev_chair;
  };
  struct WaitingAck {
    std::uint64_t seq;
    std::weak_ptr<Peer> peer;
    protocol::Ack ack;
  };

  // Replay's two halves: the op_id an event's command had (reader thread), the event itself (this one).
  void replay_op(const store::EventRow& row);
  void replay_event(std::uint64_t seq, core::Millis at_ms, const core::Event& event);
  void on_committed(const std::vector<Decided>& batch);
  void on_failed(std::uint64_t generation);
  // Records an event on the streams' prev_seq chains and in the recent ring; returns its ring entry,
  // or nullptr for a quiet event (those reach no stream and take no room in the ring).
  const Recent* remember(std::uint64_t seq, core::Millis at_ms, const core::Event& event);
  void mark_dirty(const core::Event& event, const core::RoomState& before);
  void mark_chain(const core::RoomState& state, std::string id);
  void schedule_tally();
  void flush_tally();
  // Sends `text` to `peers` from `from` on, a slice at a time, with pauses for other work in between.
  void deliver_in_slices(std::shared_ptr<const std::string> text, std::vector<std::shared_ptr<Peer>> peers,
                         std::size_t from, std::shared_ptr<boost::asio::steady_timer> pause = nullptr);
  protocol::Tally tally(protocol::Audience audience, const std::set<std::string>* questions,
                        const std::set<std::string>* polls) const;
  // A value made from the committed state, kept until the next seq.
  template <class T>
  struct Cached {
    bool valid = false;
    std::uint64_t seq = 0;
    T value{};
    template <class Make>
    const T& at(std::uint64_t now, Make make) {
      if (!valid || seq != now) {
        value = make();
        seq = now;
        valid = true;
      }
      return value;
    }
  };
  const std::string& snapshot_text(protocol::Audience audience) const;
  const protocol::Tally& current_tally(protocol::Audience audience) const;
  // A participant's own entries, questions, upvotes and votes.
  void add_own(const PeerSession& session, protocol::Welcome& w) const;
  void ack_when_committed(const std::shared_ptr<Peer>& peer, protocol::Ack ack);
  void schedule_timer_check();
  Stream& stream_for(core::Role role) {
    return streams_[protocol::audience_of(role) == protocol::Audience::chair];
  }
  static std::string op_key(const std::string& device, const std::string& op_id) {
    return device + '\n' + op_id;
  }

  RoomInfo info_;
  core::RoomState committed_;
  core::RoomState pending_;
  std::uint64_t committed_seq_ = 0;
  std::uint64_t pending_seq_ = 0;
  std::deque<Recent> recent_;
  std::uint64_t resume_floor_ = 1;  // every event that reaches a stream from this seq on is in recent_
  std::array<Stream, 2> streams_{Stream{protocol::Audience::room, {}, 0},
                                 Stream{protocol::Audience::chair, {}, 0}};
  // What an acked command's ack said, kept to answer a resend of it: its seq and the one id (or key) it
  // created. Kept for every op of the day, so a third of the size of the whole Ack.
  struct OpRecord {
    std::uint64_t seq = 0;
    std::string created;
    std::string protocol::Ack::*field = nullptr;  // the ack field `created` goes in
  };
  static OpRecord record_of(const protocol::Ack& ack, std::uint64_t seq);
  static protocol::Ack ack_of(const OpRecord& record, const std::string& op_id);

  std::unordered_map<std::string, OpRecord> ops_;  // device + op_id -> what its ack said
  // The ops_ entries not on disk yet (seq, key): a rollback takes them out again.
  std::deque<std::pair<std::uint64_t, std::string>> pending_ops_;
  std::deque<WaitingAck> waiting_acks_;
  std::uint64_t generation_ = 0;    // rollbacks so far
  std::string committed_key_hash_;  // the facilitator key hash on disk (info_ has the pending one)
  // After a failed commit, the server decides nothing of its own (timer expiry) before this.
  std::chrono::steady_clock::time_point retry_at_{};
  std::function<void()> rolled_back_;
  // By audience (room, chair); valid for one seq.
  mutable std::array<Cached<std::string>, 2> snapshot_cache_;
  mutable std::array<Cached<protocol::Tally>, 2> tally_cache_;
  std::set<std::string> dirty_questions_;
  std::set<std::string> dirty_polls_;
  bool tally_scheduled_ = false;
  std::chrono::steady_clock::time_point last_tally_{};
  // What sending a tally costs, summed over its slices as they go out; once the last slice of the
  // last tally is out, that tally's whole cost paces the next one.
  std::chrono::steady_clock::duration tally_cost_{};
  std::chrono::steady_clock::duration last_tally_cost_{};
  std::size_t slicing_ = 0;  // tallies whose slices are still going out
  std::uint64_t tallies_sent_ = 0;
  std::uint64_t tallies_coalesced_ = 0;  // tallies not queued for a backlogged peer
  // Connected peers by role; every role is always named, with 0 when nobody of it is here.
  std::map<std::string, int> presence_{
      {"participant", 0}, {"display", 0}, {"facilitator", 0}, {"organizer", 0}};
  bool presence_dirty_ = false;
  store::Committer& committer_;
  Metrics& metrics_;
  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer timer_check_;
  boost::asio::steady_timer tally_timer_;
  Clock clock_;
};

}  // namespace podium::app
