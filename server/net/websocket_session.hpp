#pragma once
// One WebSocket. Beast does the handshake, the reading (fragments, UTF-8, control frames, size limit)
// and the closing handshake; the writing is ours, because it is the hot path: a room event reaches
// thousands of connections, and each of them should cost about one send() and nothing else.
//
// Outgoing messages arrive already framed (Server::frame, once per message for the whole room) and are
// written straight to the socket when nothing is waiting before them. Only when the socket's buffer is
// full do they queue, bounded, and drain when the socket is writable again. A peer that falls too far
// behind is closed with 4503 rather than allowed to grow memory or hold the room back.
//
// Beast writes to the socket only for its close handshake, which we start once our last frame is out,
// and for the pong it owes a client that sends a ping (browsers never do).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/app/peer.hpp"

namespace podium::net {

class Server;

class WebSocketSession : public app::Peer {
 public:
  WebSocketSession(boost::asio::ip::tcp::socket socket, Server& server);

  // Completes the upgrade for `request`, then reads until the connection ends.
  boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::string_body> request);

  boost::asio::any_io_executor get_executor() { return ws_.get_executor(); }
  void deliver(std::shared_ptr<const std::string> message) override;
  void close(std::uint16_t code, std::string_view reason) override;

  // Called by the server's once-a-second sweep: a ping when the connection has been quiet for a while
  // (so proxies that drop idle sockets never do), and the end of a connection that never said hello.
  void sweep(std::chrono::steady_clock::time_point now);

 private:
  using Frame = std::shared_ptr<const std::string>;
  // Writes what it can without blocking; waits for the socket when its buffer is full.
  void flush();
  void wait_writable();
  // Our last frame is out: hand the socket to Beast for the closing handshake.
  void start_close();
  void fail();

  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  Server& server_;
  // Frames not yet (fully) written, oldest first from `head_`; `offset_` bytes of the first are out.
  std::vector<Frame> queue_;
  std::size_t head_ = 0;
  std::size_t offset_ = 0;
  std::size_t queued_bytes_ = 0;
  bool waiting_ = false;  // for the socket to become writable
  bool open_ = false;     // upgraded and not yet ended
  bool closing_ = false;  // a close was asked for (or the peer went away)
  bool close_started_ = false;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
  std::chrono::steady_clock::time_point opened_at_;
  std::chrono::steady_clock::time_point last_ping_;
  std::chrono::steady_clock::time_point last_heard_;  // the last frame from the peer, pongs included
  std::chrono::steady_clock::time_point closing_since_;
};

}  // namespace podium::net
