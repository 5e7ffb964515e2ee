#pragma once
// What the app sees of a connection: somewhere to deliver messages, a way to close it, and the
// per-connection state the app keeps. The network layer implements it; tests can too.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "rate_limit.hpp"
#include "server/core/state.hpp"

namespace podium::app {

class Room;

struct PeerSession {
  Room* room = nullptr;  // set by a successful hello
  core::Role role = core::Role::participant;
  std::string device;    // hashed device token
  std::string key_hash;  // the room key a facilitator session was opened with ("" for the organizer's key)
  std::size_t slot = 0;  // where the room keeps this peer in its stream (for removal in O(1))
  int malformed_in_a_row = 0;
  TokenBucket bucket;
  // Shared by every connection from this peer's IP address (kept by the network layer). The hub does not
  // count a chair's messages against it: its key lets it through whatever its neighbours send.
  TokenBucket* address_bucket = nullptr;
  // A tally went by while this peer was backlogged: it gets the room's current counts once it drains.
  bool owes_tally = false;
};

class Peer : public std::enable_shared_from_this<Peer> {
 public:
  virtual ~Peer() = default;
  // Queues one message; the same buffer is shared by every peer in the room.
  virtual void deliver(std::shared_ptr<const std::string> message) = 0;
  virtual void close(std::uint16_t code, std::string_view reason) = 0;
  // Messages are waiting for the connection to take them. Tallies skip such a peer: they only carry
  // counts, and the latest counts replace every earlier ones (see Room::pay_tally).
  virtual bool backlogged() const { return false; }

  PeerSession session;
};

}  // namespace podium::app
