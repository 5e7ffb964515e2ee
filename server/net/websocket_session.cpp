#include "websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

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
constexpr std::size_t kKeepBufferBytes = 64 * 1024;
}  // namespace

WebSocketSession::WebSocketSession(asio::ip::tcp::socket socket, Server& server)
    : ws_(std::move(socket)),
      server_(server),
      wake_(ws_.get_executor(), asio::steady_timer::time_point::max()),
      hello_timer_(ws_.get_executor()) {}

void WebSocketSession::deliver(std::shared_ptr<const std::string> message) {
  if (closing_ || !open_) return;
  const NetConfig& config = server_.config();
  if (queue_.size() >= config.max_queued_messages ||
      queued_bytes_ + message->size() > config.max_queued_bytes) {
    close(protocol::close_code::kTooSlow, "too slow");
    return;
  }
  queued_bytes_ += message->size();
  queue_.push_back(std::move(message));
  wake_.cancel_one();
}

void WebSocketSession::close(std::uint16_t code, std::string_view reason) {
  if (closing_) return;
  closing_ = true;
  close_code_ = code;
  close_reason_ = std::string(reason);
  wake_.cancel();
}

asio::awaitable<void> WebSocketSession::run(beast::http::request<beast::http::string_body> request) {
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = 10s;
  timeouts.idle_timeout = 50s;  // pings after 25 s of silence, so proxies never see a quiet socket
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "podium"); }));
  ws_.read_message_max(server_.config().max_frame_bytes);
  ws_.auto_fragment(false);

  auto [accept_ec] = co_await ws_.async_accept(request, kNoError);
  if (accept_ec) co_return;
  open_ = true;
  server_.add(this);
  app::Hub& hub = server_.hub();
  hub.on_open(self);
  asio::co_spawn(
      ws_.get_executor(), [self]() { return self->write_loop(); }, asio::detached);
  asio::co_spawn(
      ws_.get_executor(), [self]() { return self->hello_deadline(); }, asio::detached);
  if (server_.stopping()) close(protocol::close_code::kServiceRestart, "server stopping");

  beast::flat_buffer buffer;
  while (!closing_) {
    auto [ec, bytes] = co_await ws_.async_read(buffer, kNoError);
    if (ec == websocket::error::message_too_big) {
      close(protocol::close_code::kTooBig, "message too big");
      break;
    }
    if (ec) break;
    if (!ws_.got_text()) {
      close(protocol::close_code::kUnsupportedData, "text frames only");
      break;
    }
    const auto data = buffer.cdata();
    hub.on_message(self, std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer.consume(bytes);
    // One large frame must not pin its buffer for the life of the connection.
    if (buffer.capacity() > kKeepBufferBytes) buffer.shrink_to_fit();
  }
  open_ = false;
  hello_timer_.cancel();
  if (!closing_) {
    // The peer went away first: stop the writer without a close handshake.
    closing_ = true;
    close_code_ = 0;
    wake_.cancel();
  }
  hub.on_close(self);
  server_.remove(this);
}

asio::awaitable<void> WebSocketSession::write_loop() {
  auto self = shared_from_this();
  for (;;) {
    while (!queue_.empty() && !(closing_ && close_code_ == 0)) {
      auto message = queue_.front();
      auto [ec, n] = co_await ws_.async_write(asio::buffer(*message), kNoError);
      queued_bytes_ -= message->size();
      queue_.pop_front();
      if (ec) {
        closing_ = true;
        close_code_ = 0;
        break;
      }
      if (closing_) break;  // a close was asked for: it goes out before anything else queued
    }
    if (closing_) break;
    co_await wake_.async_wait(kNoError);
  }
  if (close_code_ != 0) {
    websocket::close_reason reason(static_cast<websocket::close_code>(close_code_), close_reason_);
    co_await ws_.async_close(reason, kNoError);
  }
  queue_.clear();
  queued_bytes_ = 0;
}

asio::awaitable<void> WebSocketSession::hello_deadline() {
  auto self = shared_from_this();
  hello_timer_.expires_after(kHelloTimeout);
  auto [ec] = co_await hello_timer_.async_wait(kNoError);
  if (!ec && !app::Hub::joined(*this)) close(protocol::close_code::kHelloTimeout, "no hello");
}

}  // namespace podium::net
