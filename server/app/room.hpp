#pragma once
// One live room: decides commands against its pending state, hands the events to the group committer,
// and only once they are on disk evolves the committed state, broadcasts and acks.
//
// Invariants: pending_seq_ >= committed_seq_; pending_ == fold(evolve) of every decided event and
// committed_ == fold of every committed one. Clients only ever see committed state.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "peer.hpp"
#include "protocol/cpp/messages.hpp"
#include "server/core/decide.hpp"
#include "server/store/committer.hpp"

namespace podium::app {

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

  Room(RoomInfo info, core::RoomState initial, store::Committer& committer,
       boost::asio::any_io_executor executor, Clock clock);

  const RoomInfo& info() const { return info_; }
  const core::RoomState& state() const { return committed_; }
  std::uint64_t seq() const { return committed_seq_; }
  std::size_t subscribers() const { return subscribers_.size(); }

  // Rebuilds state from one stored event at start-up. Throws on a gap in seq or an undecodable body.
  void replay(const store::EventRow& row);
  // After replay: announce what came due while the server was down, and schedule the next check.
  void start();

  // Decide, persist, then (when committed) evolve, broadcast, ack. `sender` may be null (the server).
  void execute(const core::Command& command, const core::Context& context, const std::string& op_id,
               const std::shared_ptr<Peer>& sender);

  protocol::Welcome welcome(const PeerSession& session, const std::optional<protocol::Resume>& resume) const;
  void subscribe(const std::shared_ptr<Peer>& peer);
  void unsubscribe(const Peer* peer);
  void set_facilitator_key_hash(std::string hash) { info_.facilitator_key_hash = std::move(hash); }

 private:
  struct Decided {
    std::uint64_t seq;
    core::Millis at_ms;
    core::Event event;
  };
  struct Recent {
    std::uint64_t seq;
    protocol::EventMessage message;
  };
  struct OpResult {
    std::uint64_t seq;
    std::string entry_id;
  };
  struct WaitingAck {
    std::uint64_t seq;
    std::weak_ptr<Peer> peer;
    protocol::Ack ack;
  };

  void on_committed(const std::vector<Decided>& batch);
  void ack_when_committed(const std::shared_ptr<Peer>& peer, protocol::Ack ack);
  void schedule_timer_check();
  static std::string op_key(const std::string& device, const std::string& op_id) {
    return device + '\n' + op_id;
  }

  RoomInfo info_;
  core::RoomState committed_;
  core::RoomState pending_;
  std::uint64_t committed_seq_ = 0;
  std::uint64_t pending_seq_ = 0;
  std::deque<Recent> recent_;
  std::vector<std::shared_ptr<Peer>> subscribers_;
  std::unordered_map<std::string, OpResult> ops_;
  std::deque<WaitingAck> waiting_acks_;
  store::Committer& committer_;
  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer timer_check_;
  Clock clock_;
};

}  // namespace podium::app
