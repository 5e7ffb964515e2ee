#include "websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>

#include "protocol/cpp/messages.hpp"
#include "server.hpp"

namespace podium::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;

namespace {
constexpr auto kNoError = asio::as_tuple(asio::use_awaitable);
constexpr auto kHelloTimeout = 10s;
// A ping this often: proxies that drop sockets quiet for 60 s never see one, and a peer that has not
// answered (nor said anything) for kDeadAfter is gone.
constexpr auto kPingEvery = 25s;
constexpr auto kDeadAfter = 60s;
// A close waits for the frame being written to finish; a peer that does not read even that is cut off.
constexpr auto kCloseGrace = 5s;
constexpr std::size_t kMaxIov = 64;
// The kernel's share of a connection's send queue, fixed: a phone that stops reading then holds at most
// this (Linux doubles it) plus --send-queue-kib, not the megabytes send-buffer autotuning grants a fast
// link. Every message Podium sends to a phone fits in it many times over.
constexpr int kSocketSendBuffer = 64 * 1024;
}  // namespace

WebSocketSession::WebSocketSession(asio::ip::tcp::socket socket, Server& server)
    : ws_(std::move(socket)), server_(server) {}

void WebSocketSession::deliver(std::shared_ptr<const std::string> message) {
  if (closing_ || !open_) return;
  const NetConfig& config = server_.config();
  if (queue_.size() - head_ >= config.max_queued_messages ||
      queued_bytes_ + message->size() > config.max_queued_bytes) {
    close(protocol::close_code::kTooSlow, "too slow");
    return;
  }
  if (head_ >= 256) {
    // A peer that always has a backlog never drains to empty: drop the written frames' slots now and then.
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  Frame frame = server_.frame(message);
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (!waiting_) flush();
}

void WebSocketSession::flush() {
  auto& socket = ws_.next_layer();
  while (head_ < queue_.size()) {
    iovec iov[kMaxIov];
    std::size_t count = 0;
    for (std::size_t i = head_; i < queue_.size() && count < kMaxIov; ++i, ++count) {
      const std::size_t skip = i == head_ ? offset_ : 0;
      iov[count].iov_base = const_cast<char*>(queue_[i]->data() + skip);
      iov[count].iov_len = queue_[i]->size() - skip;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = count;
    const ssize_t sent = ::sendmsg(socket.native_handle(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return wait_writable();
      return fail();
    }
    auto left = static_cast<std::size_t>(sent);
    while (left > 0) {
      const std::size_t rest = queue_[head_]->size() - offset_;
      if (left < rest) {
        offset_ += left;
        break;
      }
      left -= rest;
      queued_bytes_ -= queue_[head_]->size();
      queue_[head_++].reset();
      offset_ = 0;
    }
    if (head_ < queue_.size() && offset_ > 0) return wait_writable();  // the socket took only part
  }
  queue_.clear();
  head_ = 0;
  if (closing_ && !close_started_) start_close();
}

void WebSocketSession::wait_writable() {
  waiting_ = true;
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  ws_.next_layer().async_wait(asio::socket_base::wait_write, [self](const boost::system::error_code& ec) {
    self->waiting_ = false;
    if (ec) return self->fail();
    self->flush();
  });
}

void WebSocketSession::close(std::uint16_t code, std::string_view reason) {
  if (closing_) return;
  closing_ = true;
  closing_since_ = std::chrono::steady_clock::now();
  close_code_ = code;
  close_reason_ = std::string(reason);
  // The close goes out before anything still waiting; only a frame already half written is finished.
  const std::size_t keep = head_ < queue_.size() && offset_ > 0 ? head_ + 1 : head_;
  for (std::size_t i = keep; i < queue_.size(); ++i) queued_bytes_ -= queue_[i]->size();
  queue_.resize(keep);
  if (!waiting_) flush();
}

void WebSocketSession::start_close() {
  close_started_ = true;
  if (close_code_ == 0) return;
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  websocket::close_reason reason(static_cast<websocket::close_code>(close_code_), close_reason_);
  ws_.async_close(reason, [self](const boost::system::error_code&) {});
}

void WebSocketSession::fail() {
  // The peer is gone or broken: no close handshake, just end the connection (the reader stops too).
  closing_ = close_started_ = true;
  close_code_ = 0;
  queue_.clear();
  head_ = offset_ = queued_bytes_ = 0;
  beast::error_code ignored;
  ws_.next_layer().close(ignored);
}

void WebSocketSession::sweep(std::chrono::steady_clock::time_point now) {
  if (!open_) return;
  if (closing_) {
    if (now - closing_since_ > kCloseGrace) fail();
    return;
  }
  if (!app::Hub::joined(*this) && now - opened_at_ > kHelloTimeout) {
    close(protocol::close_code::kHelloTimeout, "no hello");
    return;
  }
  if (now - last_ping_ >= kPingEvery) {
    if (now - last_heard_ > kDeadAfter) return fail();
    last_ping_ = now;
    static const auto kPing = std::make_shared<const std::string>("\x89\x00", 2);
    queued_bytes_ += kPing->size();
    queue_.push_back(kPing);
    if (!waiting_) flush();
  }
}

asio::awaitable<void> WebSocketSession::run(beast::http::request<beast::http::string_body> request) {
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  // Beast's own timeouts for the handshakes only: its idle pings would be written past our frames, so
  // the pings and the dead-peer check are ours (sweep).
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = 10s;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "podium"); }));
  ws_.read_message_max(server_.config().max_frame_bytes);
  ws_.auto_fragment(false);
  ws_.write_buffer_bytes(256);  // Beast writes only close and pong frames
  beast::error_code ignored;
  ws_.next_layer().set_option(asio::socket_base::send_buffer_size(kSocketSendBuffer), ignored);
  ws_.control_callback(
      [this](websocket::frame_type, beast::string_view) { last_heard_ = std::chrono::steady_clock::now(); });

  auto [accept_ec] = co_await ws_.async_accept(request, kNoError);
  if (accept_ec) co_return;
  request = {};  // its headers would otherwise live as long as the connection
  open_ = true;
  opened_at_ = last_ping_ = last_heard_ = std::chrono::steady_clock::now();
  server_.add(this);
  app::Hub& hub = server_.hub();
  hub.on_open(self);
  if (server_.stopping()) close(protocol::close_code::kServiceRestart, "server stopping");

  beast::flat_buffer buffer;
  while (!closing_) {
    auto [ec, bytes] = co_await ws_.async_read(buffer, kNoError);
    if (ec == websocket::error::message_too_big) {
      close(protocol::close_code::kTooBig, "message too big");
      break;
    }
    if (ec) break;
    last_heard_ = std::chrono::steady_clock::now();
    if (!ws_.got_text()) {
      close(protocol::close_code::kUnsupportedData, "text frames only");
      break;
    }
    const auto data = buffer.cdata();
    hub.on_message(self, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer.consume(bytes);
    // Phones say little: a quiet connection should hold no read buffer at all.
    buffer.shrink_to_fit();
  }
  // The peer went away first: no close handshake. (Ours, if one was asked for, goes on by itself.)
  if (!closing_) fail();
  open_ = false;
  hub.on_close(self);
  server_.remove(this);
}

}  // namespace podium::net
