#pragma once
// The room registry and the message pipeline: decode -> authorize -> hand to the room. Runs on one
// executor; nothing here is thread-safe and nothing needs to be.
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "meeting.hpp"
#include "metrics.hpp"
#include "room.hpp"
#include "server/store/committer.hpp"
#include "server/store/event_store.hpp"

namespace podium::app {

struct HubLimits {
  std::size_t participant_message_bytes = 16 * 1024;
  std::size_t facilitator_message_bytes = 64 * 1024;
  int malformed_before_close = 20;
  double participant_rate = 5;  // messages a second, sustained
  double participant_burst = 20;
  double facilitator_rate = 50;
  double facilitator_burst = 100;
  // Every connection from one IP address together, before a hello proves a key: a venue's Wi-Fi puts
  // hundreds of phones behind one address, so this only stops one machine with many connections.
  double address_rate = 2000;
  double address_burst = 10000;
};

// A key made at this start, to show the operator once; only its hash is stored.
struct IssuedKey {
  std::string room;  // empty for the organizer key
  std::string key;
};

class Hub {
 public:
  // Loads or creates every room of the meeting, replays its log, and issues keys where none exist
  // (or for every room when `rotate_keys`).
  Hub(const Meeting& meeting, store::EventStore& store, store::Committer& committer,
      boost::asio::any_io_executor executor, Clock clock, bool rotate_keys, HubLimits limits = {});

  const std::vector<IssuedKey>& issued_keys() const { return issued_keys_; }
  const HubLimits& limits() const { return limits_; }
  Metrics& metrics() { return metrics_; }
  const Metrics& metrics() const { return metrics_; }
  Room* room(const std::string& id);
  // The room a join code names, whatever its letter case; nullptr if none.
  Room* room_by_code(std::string_view code);
  const std::map<std::string, std::unique_ptr<Room>>& rooms() const { return rooms_; }

  void on_open(const std::shared_ptr<Peer>& peer);
  void on_message(const std::shared_ptr<Peer>& peer, std::string_view text);
  void on_close(const std::shared_ptr<Peer>& peer);

  // Whether `key` may read the record of `room` ("" = the whole meeting): the organizer's key reads
  // everything, a room's facilitator key that room. Compared in constant time, like hello.
  bool may_read_record(const std::string& room, const std::string& key) const;

  // Is this peer past its hello? The network layer closes peers that stay unjoined too long.
  static bool joined(const Peer& peer) { return peer.session.room != nullptr; }

  // False while the record cannot be written (from a failed commit until one succeeds): not ready.
  bool storage_writable() const { return committer_.writable(); }

 private:
  void hello(const std::shared_ptr<Peer>& peer, const protocol::Hello& hello);
  void command(const std::shared_ptr<Peer>& peer, const protocol::CommandMessage& command, core::Millis now);
  bool issued_now(const std::string& room) const;
  // Delivers to the plenary every handoff of `from` it has not received yet.
  void forward_handoffs(Room& from);
  // After a room was rolled back (a failed commit): forward again, a little later, what did not arrive.
  void retry_handoffs();
  void reject(const std::shared_ptr<Peer>& peer, std::string op_id, core::RejectCode code,
              std::string message, std::optional<std::int64_t> retry_after_ms = std::nullopt);

  Metrics metrics_;  // before the rooms: they count into it until they are gone
  std::map<std::string, std::unique_ptr<Room>> rooms_;
  std::string organizer_key_hash_;
  std::vector<IssuedKey> issued_keys_;
  Clock clock_;
  HubLimits limits_;
  store::Committer& committer_;
  boost::asio::steady_timer handoff_retry_;
};

}  // namespace podium::app
