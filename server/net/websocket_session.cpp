#include "websocket_session.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>

#include "protocol/cpp/messages.hpp"
#include "protocol/cpp/text.hpp"
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
// A close waits for the frame being written to finish and for the peer's close frame; a peer that
// does neither is cut off.
constexpr auto kCloseGrace = 5s;
constexpr std::size_t kMaxIov = 64;
// The kernel's share of a connection's send queue, fixed: a phone that stops reading then holds at most
// this (Linux doubles it) plus --send-queue-kib, not the megabytes send-buffer autotuning grants a fast
// link. Every message Podium sends to a phone fits in it many times over.
constexpr int kSocketSendBuffer = 64 * 1024;
// Reading: one buffer for every connection (they all run on one thread), and a few reads per turn
// before the other connections get the thread.
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerTurn = 4;

// RFC 6455 section 7.4.
constexpr std::uint16_t kProtocolError = 1002;
constexpr std::uint16_t kInvalidPayload = 1007;

enum Opcode : int { kContinuation = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA };

char* read_buffer() {
  thread_local std::array<char, kReadChunk> buffer;
  return buffer.data();
}

std::shared_ptr<const std::string> control_frame(int opcode, std::string_view payload) {
  std::string frame;
  frame.reserve(2 + payload.size());
  frame.push_back(static_cast<char>(0x80 | opcode));
  frame.push_back(static_cast<char>(payload.size()));  // at most 125: control frames are short
  frame += payload;
  return std::make_shared<const std::string>(std::move(frame));
}

std::shared_ptr<const std::string> close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
  payload += reason.substr(0, 123);  // our reasons are short ASCII
  return control_frame(kClose, payload);
}

// The codes a peer may send in a close frame (RFC 6455 7.4 and the IANA registry).
bool sendable_close_code(unsigned code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}
}  // namespace

WebSocketSession::WebSocketSession(asio::ip::tcp::socket socket, asio::ip::address address, Server& server)
    : socket_(std::move(socket)), address_(std::move(address)), server_(server) {}

asio::awaitable<void> WebSocketSession::run(beast::http::request<beast::http::string_body> request) {
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  {
    // Beast checks the request and answers it (101, or 400 with the reason); then the socket is ours
    // again and Beast's stream, with its buffers and timer, is gone.
    websocket::stream<asio::ip::tcp::socket> ws(std::move(socket_));
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = 10s;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws.set_option(timeouts);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "podium"); }));
    auto [accept_ec] = co_await ws.async_accept(request, kNoError);
    if (accept_ec) co_return;
    socket_ = std::move(ws.next_layer());
  }
  request = {};  // its headers would otherwise live as long as the connection
  beast::error_code ignored;
  socket_.set_option(asio::socket_base::send_buffer_size(kSocketSendBuffer), ignored);
  open_ = true;
  opened_at_ = last_ping_ = last_heard_ = std::chrono::steady_clock::now();
  server_.add(this);
  server_.hub().on_open(self);
  if (server_.stopping()) close(protocol::close_code::kServiceRestart, "server stopping");
  read_some();  // the hello may be here already
}

// ---- reading ---------------------------------------------------------------------------------------

void WebSocketSession::wait_readable() {
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  socket_.async_wait(asio::socket_base::wait_read, [self](const boost::system::error_code& ec) {
    if (ec || !self->socket_.is_open()) return self->finish();
    self->read_some();
  });
}

void WebSocketSession::read_some() {
  char* buffer = read_buffer();
  for (int round = 0; round < kReadsPerTurn; ++round) {
    if (!socket_.is_open()) return finish();
    const ssize_t n = ::recv(socket_.native_handle(), buffer, kReadChunk, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    // Edge-triggered readiness: a wait is started only once the socket has been read dry.
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return wait_readable();
    if (n <= 0) {  // the peer went away without a close frame, or the socket broke
      fail();
      return finish();
    }
    if (peer_closed_) continue;  // nothing counts after a close frame
    last_heard_ = std::chrono::steady_clock::now();
    const auto size = static_cast<std::size_t>(n);
    if (partial_.empty()) {
      const std::size_t used = take_frames(buffer, size);
      partial_.assign(buffer + used, size - used);
    } else {
      partial_.append(buffer, size);
      partial_.erase(0, take_frames(partial_.data(), partial_.size()));
    }
    if (partial_.empty()) partial_.shrink_to_fit();  // a quiet phone holds no read buffer
  }
  // More may be waiting: the other connections have a turn first.
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  asio::post(socket_.get_executor(), [self] { self->read_some(); });
}

std::size_t WebSocketSession::take_frames(char* data, std::size_t size) {
  const std::size_t max = server_.config().max_frame_bytes;
  std::size_t at = 0;
  while (!peer_closed_ && socket_.is_open()) {
    const std::size_t have = size - at;
    if (have < 2) break;
    const auto* p = reinterpret_cast<const unsigned char*>(data + at);
    const bool fin = (p[0] & 0x80) != 0;
    const int opcode = p[0] & 0x0f;
    if ((p[0] & 0x70) != 0) {
      fail_with(kProtocolError, "no extensions were agreed");
      break;
    }
    if ((p[1] & 0x80) == 0) {
      fail_with(kProtocolError, "a client's frames are masked");
      break;
    }
    std::uint64_t length = p[1] & 0x7f;
    std::size_t header = 2;
    if (length == 126) {
      if (have < 4) break;
      length = (std::uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (have < 10) break;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
      header = 10;
    }
    header += 4;  // the mask
    if ((opcode & 0x8) != 0) {
      if (!fin || length > 125) {
        fail_with(kProtocolError, "control frames are short and whole");
        break;
      }
    } else if (length > max || (opcode == kContinuation && message_.size() + length > max)) {
      // Refused as soon as the header says so, before any of it is kept.
      fail_with(protocol::close_code::kTooBig, "message too big");
      break;
    }
    if (have < header + length) break;
    char* payload = data + at + header;
    const unsigned char* mask = p + header - 4;
    for (std::size_t i = 0; i < length; ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
    at += header + static_cast<std::size_t>(length);
    on_frame(opcode, fin, payload, static_cast<std::size_t>(length));
  }
  // After a close, whatever is left is dropped.
  return peer_closed_ || !socket_.is_open() ? size : at;
}

void WebSocketSession::on_frame(int opcode, bool fin, char* payload, std::size_t size) {
  const std::string_view data(payload, size);
  switch (opcode) {
    case kContinuation:
      if (!in_message_) return fail_with(kProtocolError, "a continuation without a message");
      message_ += data;
      if (fin) {
        in_message_ = false;
        on_text(message_);
        message_.clear();
        message_.shrink_to_fit();
      }
      return;
    case kText:
      if (in_message_) return fail_with(kProtocolError, "a message inside a fragmented message");
      if (fin) return on_text(data);
      message_.assign(data);
      in_message_ = true;
      return;
    case kBinary:
      return fail_with(protocol::close_code::kUnsupportedData, "text frames only");
    case kClose:
      return on_peer_close(data);
    case kPing:
      if (!closing_) send(control_frame(kPong, data));
      return;
    case kPong:
      return;  // last_heard_ is enough
    default:
      return fail_with(kProtocolError, "unknown opcode");
  }
}

void WebSocketSession::on_text(std::string_view text) {
  if (closing_) return;  // our close frame is out: we only wait for theirs
  if (!protocol::is_utf8(text)) return fail_with(kInvalidPayload, "text must be UTF-8");
  ++server_.hub().metrics().messages_in;
  server_.hub().on_message(std::static_pointer_cast<WebSocketSession>(shared_from_this()), text);
}

void WebSocketSession::on_peer_close(std::string_view payload) {
  std::uint16_t code = 1000;  // a close without a code is answered with a normal one
  if (payload.size() == 1) return fail_with(kProtocolError, "a close code has two bytes");
  if (payload.size() >= 2) {
    code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                      static_cast<unsigned char>(payload[1]));
    if (!sendable_close_code(code)) return fail_with(kProtocolError, "not a close code a peer may send");
    if (!protocol::is_utf8(payload.substr(2))) return fail_with(kInvalidPayload, "text must be UTF-8");
  }
  fail_with(code, "");  // the echo (unless ours is already on its way); then the connection ends
}

void WebSocketSession::finish() {
  if (!open_) return;
  open_ = false;
  fail();  // the socket is closed already; this also drops anything queued
  partial_ = {};
  message_ = {};
  server_.hub().on_close(std::static_pointer_cast<WebSocketSession>(shared_from_this()));
  server_.remove(this);
}

// ---- writing ---------------------------------------------------------------------------------------

void WebSocketSession::deliver(std::shared_ptr<const std::string> message) {
  if (closing_ || !open_) return;
  const NetConfig& config = server_.config();
  if (queue_.size() - head_ >= config.max_queued_messages ||
      queued_bytes_ + message->size() > config.max_queued_bytes) {
    ++server_.hub().metrics().slow_closes;
    close(protocol::close_code::kTooSlow, "too slow");
    return;
  }
  ++server_.hub().metrics().messages_out;
  send(server_.frame(message));
}

void WebSocketSession::send(Frame frame) {
  if (head_ >= 256) {
    // A peer that always has a backlog never drains to empty: drop the written frames' slots now and then.
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (!waiting_) flush();
}

void WebSocketSession::flush() {
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
    const ssize_t sent = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
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
  if (closing_ && !close_sent_) {
    close_sent_ = true;  // our close frame was the last thing queued
    if (peer_closed_) shut();
  }
}

void WebSocketSession::wait_writable() {
  waiting_ = true;
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  socket_.async_wait(asio::socket_base::wait_write, [self](const boost::system::error_code& ec) {
    self->waiting_ = false;
    if (ec || !self->socket_.is_open()) return self->fail();
    self->flush();
    // Caught up: the counts it missed while backlogged, as they are now.
    if (!self->backlogged() && !self->closing_ && self->session.room) self->session.room->pay_tally(self);
  });
}

void WebSocketSession::close(std::uint16_t code, std::string_view reason) {
  if (closing_) return;
  closing_ = true;
  closing_since_ = std::chrono::steady_clock::now();
  // The close goes out before anything still waiting; only a frame already half written is finished.
  const std::size_t keep = head_ < queue_.size() && offset_ > 0 ? head_ + 1 : head_;
  for (std::size_t i = keep; i < queue_.size(); ++i) queued_bytes_ -= queue_[i]->size();
  queue_.resize(keep);
  Frame frame = close_frame(code, reason);
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (!waiting_) flush();
}

void WebSocketSession::fail_with(std::uint16_t code, std::string_view reason) {
  close(code, reason);
  // Nothing more is read; the connection ends as soon as our close frame is out.
  peer_closed_ = true;
  if (close_sent_) shut();
}

void WebSocketSession::shut() {
  // Our side ends; the reader drops whatever still comes until the peer's side ends too (or the close
  // grace runs out). Closing at once could reset the connection under a client still sending, and
  // the reset could destroy our close frame before it is read.
  beast::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void WebSocketSession::fail() {
  // The peer is gone or broken: no close handshake, just end the connection (the reader stops too).
  closing_ = close_sent_ = true;
  queue_.clear();
  head_ = offset_ = queued_bytes_ = 0;
  beast::error_code ignored;
  socket_.close(ignored);
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
    static const auto kPingFrame = control_frame(kPing, {});
    send(kPingFrame);
  }
}

}  // namespace podium::net
