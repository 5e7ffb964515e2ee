#pragma once
// One WebSocket (RFC 6455, no extensions). Beast checks the upgrade request and writes the 101; from
// then on the connection is ours, because a plenary holds ten thousand of them and each should cost
// little memory while quiet and about one system call per message:
//
// - Reading: a zero-byte wait for readability, then non-blocking recv() into a buffer shared by every
//   connection. Whole frames are handled in place; only the tail of an unfinished frame (and a
//   fragmented message) is kept, so a quiet phone holds no read buffer at all. Frames are checked as
//   the RFC says (masked, no reserved bits, control frames short and whole, continuation in order,
//   text is UTF-8) and a message over the size limit is refused as soon as its header says so.
// - Writing: messages arrive already framed (Server::frame, once per message for the whole room) and
//   go straight to the socket when nothing waits before them. Only when the socket is full do they
//   queue, bounded, and drain when it is writable again; a peer that falls too far behind is closed
//   with 4503. Tallies (counts only) are not queued behind a backlog: the room owes the peer its latest
//   counts, paid when the queue drains, so a phone on bad Wi-Fi is not closed for counts it would only
//   have overwritten. Pongs, pings and close frames take the same queue, so nothing is ever written in the
//   middle of a frame.
// - Closing: our close frame goes out after a frame already half written (nothing else waits); the
//   connection ends when the peer's close frame comes back, or a few seconds later without it.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/app/peer.hpp"

namespace podium::net {

class Server;

class WebSocketSession : public app::Peer {
 public:
  // `address` is the peer's, for the per-address limits.
  WebSocketSession(boost::asio::ip::tcp::socket socket, boost::asio::ip::address address, Server& server);

  // Completes the upgrade for `request`, then reads by itself until the connection ends.
  boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::string_body> request);

  boost::asio::any_io_executor get_executor() { return socket_.get_executor(); }
  const boost::asio::ip::address& address() const { return address_; }
  void deliver(std::shared_ptr<const std::string> message) override;
  void close(std::uint16_t code, std::string_view reason) override;
  bool backlogged() const override { return head_ < queue_.size(); }
  std::size_t queued_bytes() const { return queued_bytes_; }

  // Called by the server's once-a-second sweep: a ping when the connection has been quiet for a while
  // (so proxies that drop idle sockets never do), and the end of a connection that never said hello.
  void sweep(std::chrono::steady_clock::time_point now);

 private:
  using Frame = std::shared_ptr<const std::string>;

  // Reading. Exactly one of these is under way from the upgrade until finish(): a wait for the
  // socket, a posted read, or read_some itself.
  void wait_readable();
  void read_some();
  // Handles every whole frame in `data` (unmasking it in place); returns how many bytes it used.
  std::size_t take_frames(char* data, std::size_t size);
  void on_frame(int opcode, bool fin, char* payload, std::size_t size);
  void on_text(std::string_view text);
  void on_peer_close(std::string_view payload);
  // The reading ends for good: the hub and the server forget this connection.
  void finish();

  // Writing.
  void send(Frame frame);
  // Writes what it can without blocking; waits for the socket when its buffer is full.
  void flush();
  void wait_writable();
  // Closes with `code` and reads nothing more: the connection ends once our close frame is out.
  void fail_with(std::uint16_t code, std::string_view reason);
  // Both close frames have crossed (or we read no further): end our side of the TCP connection.
  void shut();
  // The peer is gone or broken: end the connection without a close handshake.
  void fail();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::address address_;
  Server& server_;
  // Frames not yet (fully) written, oldest first from `head_`; `offset_` bytes of the first are out.
  std::vector<Frame> queue_;
  std::size_t head_ = 0;
  std::size_t offset_ = 0;
  std::size_t queued_bytes_ = 0;
  // The start of a frame whose end has not arrived; a fragmented message so far.
  std::string partial_;
  std::string message_;
  bool in_message_ = false;   // fragments of a text message are arriving
  bool waiting_ = false;      // for the socket to become writable
  bool open_ = false;         // upgraded and not yet finished
  bool closing_ = false;      // our close frame is queued (or the connection failed)
  bool close_sent_ = false;   // ... and fully written
  bool peer_closed_ = false;  // the peer's close frame arrived, or we read no further
  std::chrono::steady_clock::time_point opened_at_;
  std::chrono::steady_clock::time_point last_ping_;
  std::chrono::steady_clock::time_point last_heard_;  // the last frame from the peer, pongs included
  std::chrono::steady_clock::time_point closing_since_;
};

}  // namespace podium::net
