#pragma once
// One WebSocket: a reader coroutine feeding the hub, a writer coroutine draining a bounded queue of
// shared immutable buffers (one async_write in flight). A peer that falls too far behind is closed
// with 4503 rather than allowed to grow memory or hold the room back.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <string>

#include "server/app/peer.hpp"

namespace podium::net {

class Server;

class WebSocketSession : public app::Peer {
 public:
  WebSocketSession(boost::asio::ip::tcp::socket socket, Server& server);

  // Completes the upgrade for `request`, then reads until the connection ends.
  boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::string_body> request);

  void deliver(std::shared_ptr<const std::string> message) override;
  void close(std::uint16_t code, std::string_view reason) override;

 private:
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> hello_deadline();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  Server& server_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  boost::asio::steady_timer wake_;
  boost::asio::steady_timer hello_timer_;
  bool closing_ = false;
  bool open_ = false;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
};

}  // namespace podium::net
