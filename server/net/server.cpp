#include "server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "qr.hpp"
#include "server/record/exports.hpp"
#include "server/store/backup.hpp"
#include "websocket_session.hpp"

namespace podium::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto kNoError = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kBodyLimit = 64 * 1024;

// The credentials of "Authorization: Bearer <key>" (the scheme in any letter case, RFC 9110), or "".
std::string bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() || header[kScheme.size()] != ' ') return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  return std::string(header);
}

// The host name in a Host header or a URL's authority, lower case, without port or trailing dot:
// "Podium.Local:8080" -> "podium.local", "[::1]:80" -> "::1".
std::string host_name(std::string_view host) {
  if (auto scheme = host.find("://"); scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (host.starts_with('[')) {
    host = host.substr(1, host.find(']') - 1);
  } else if (auto colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host.ends_with('.')) host.remove_suffix(1);
  std::string name(host);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// Every response says the same things about security; HTML pages get the CSP too.
template <class Body>
void secure(http::response<Body>& res, bool html) {
  res.set(http::field::server, "podium");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  if (html) {
    res.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action "
            "'self'");
    res.set("X-Frame-Options", "DENY");
  }
}

http::response<http::string_body> text_response(const http::request<http::string_body>& req,
                                                http::status status, std::string body,
                                                std::string_view type) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  secure(res, false);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  if (req.method() == http::verb::head) res.body().clear();  // same headers, no body
  return res;
}

http::response<http::string_body> error_response(const http::request<http::string_body>& req,
                                                 http::status status, std::string_view code,
                                                 std::string_view message) {
  nlohmann::json body{{"error", code}, {"message", message}};
  return text_response(req, status, body.dump(), "application/json");
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

class HttpSession {
 public:
  HttpSession(tcp::socket socket, Server& server, Server::RequestLease lease)
      : stream_(std::move(socket)), server_(server), lease_(std::move(lease)) {}

  asio::awaitable<void> run() {
    beast::flat_buffer buffer;
    for (;;) {
      stream_.expires_after(30s);
      http::request_parser<http::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(kBodyLimit);
      auto [ec, n] = co_await http::async_read(stream_, buffer, parser, kNoError);
      if (ec == http::error::end_of_stream || ec == beast::error::timeout) break;
      if (ec) {
        if (ec == http::error::header_limit || ec == http::error::body_limit) {
          http::request<http::string_body> dummy;
          auto res =
              ec == http::error::header_limit
                  ? error_response(dummy, http::status::request_header_fields_too_large, "headers_too_large",
                                   "Request headers too large.")
                  : error_response(dummy, http::status::payload_too_large, "too_large", "Request too large.");
          res.keep_alive(false);
          co_await http::async_write(stream_, res, kNoError);
        }
        break;
      }
      http::request<http::string_body> req = parser.release();
      if (!server_.host_allowed(req[http::field::host])) {
        auto res = error_response(req, http::status::misdirected_request, "unknown_host",
                                  "This server does not answer to that name (see --allow-host).");
        res.keep_alive(false);
        co_await send(std::move(res));
        break;
      }
      if (beast::websocket::is_upgrade(req)) {
        co_await upgrade(std::move(req));
        co_return;
      }
      bool keep_alive = req.keep_alive();
      if (!co_await respond(req)) break;
      if (!keep_alive) break;
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

 private:
  asio::awaitable<void> upgrade(http::request<http::string_body> req) {
    if (path_of(req.target()) != "/ws") {
      co_await send(error_response(req, http::status::not_found, "not_found", "WebSocket endpoint is /ws."));
      co_return;
    }
    if (!server_.origin_allowed(req[http::field::origin], req[http::field::host])) {
      spdlog::warn("websocket upgrade refused: origin not allowed");
      co_await send(error_response(req, http::status::forbidden, "forbidden_origin", "Origin not allowed."));
      co_return;
    }
    if (!server_.admits(lease_.address())) {
      spdlog::warn("websocket upgrade refused: too many connections from one address");
      auto res = error_response(req, http::status::too_many_requests, "too_many_connections",
                                "Too many connections from this network address. Try again in a minute.");
      res.set(http::field::retry_after, "60");
      co_await send(std::move(res));
      co_return;
    }
    // The WebSocket goes on by itself: this HTTP session, its buffer and its coroutine end here, so a
    // connected phone holds only what its WebSocket needs.
    stream_.expires_never();
    auto session = std::make_shared<WebSocketSession>(stream_.release_socket(), lease_.address(), server_);
    asio::co_spawn(
        session->get_executor(),
        [session, req = std::move(req)]() mutable { return session->run(std::move(req)); }, asio::detached);
  }

  template <class Response>
  asio::awaitable<bool> send(Response res) {
    auto [ec, n] = co_await http::async_write(stream_, res, kNoError);
    co_return !ec;
  }

  asio::awaitable<bool> respond(const http::request<http::string_body>& req) {
    const std::string_view path = path_of(req.target());
    if (req.method() != http::verb::get && req.method() != http::verb::head)
      co_return co_await send(
          error_response(req, http::status::method_not_allowed, "method_not_allowed", "Only GET is served."));
    if (path == "/healthz") {
      nlohmann::json body{{"status", "ok"}, {"connections", server_.connections()}};
      co_return co_await send(text_response(req, http::status::ok, body.dump(), "application/json"));
    }
    if (path == "/livez")  // the thread that runs the rooms answers: nothing more is asked
      co_return co_await send(
          text_response(req, http::status::ok, R"({"status":"live"})", "application/json"));
    if (path == "/metrics")
      co_return co_await send(text_response(req, http::status::ok, server_.metrics_text(),
                                            "text/plain; version=0.0.4; charset=utf-8"));
    if (path == "/readyz") {
      // Not ready while stopping, nor while the record cannot be written (commands are refused then).
      const bool stopping = server_.stopping();
      const bool writable = server_.hub().storage_writable();
      const char* body = stopping    ? R"({"status":"stopping"})"
                         : !writable ? R"({"status":"unavailable","reason":"storage"})"
                                     : R"({"status":"ready"})";
      co_return co_await send(
          text_response(req, stopping || !writable ? http::status::service_unavailable : http::status::ok,
                        body, "application/json"));
    }
    if (path == "/api/meeting")
      co_return co_await send(
          text_response(req, http::status::ok, server_.meeting_json(), "application/json"));
    if (path.starts_with("/j/")) co_return co_await join(req, path.substr(3));
    if (path.starts_with("/api/rooms/") && path.ends_with("/qr.svg")) {
      const std::string_view id = path.substr(11, path.size() - 11 - 7);
      app::Room* room = server_.hub().room(std::string(id));
      if (!room)
        co_return co_await send(
            error_response(req, http::status::not_found, "unknown_room", "No such room."));
      co_return co_await send(text_response(req, http::status::ok,
                                            qr_svg(join_url(req, room->info().join_code)), "image/svg+xml"));
    }
    if (auto file = export_request(path)) co_return co_await export_file(req, file->first, file->second);
    if (path.starts_with("/api/"))
      co_return co_await send(error_response(req, http::status::not_found, "not_found", "No such API."));

    auto file = server_.files().resolve(path);
    if (!file)
      co_return co_await send(error_response(req, http::status::not_found, "not_found", "Not found."));
    const std::string_view type = mime_type(*file);
    const bool html = type.starts_with("text/html");
    if (auto asset = server_.files().load(*file)) {
      http::response<http::string_body> res{http::status::ok, req.version()};
      res.set(http::field::content_type, type);
      // Revalidate every time: a venue redeploy must reach every phone without a hard reload; the ETag
      // makes that check cost a 304 and no body.
      res.set(http::field::cache_control, "no-cache");
      res.set(http::field::etag, asset->etag);
      res.set(http::field::vary, "Accept-Encoding");
      secure(res, html);
      res.keep_alive(req.keep_alive());
      if (req[http::field::if_none_match] == asset->etag) {
        res.result(http::status::not_modified);
        co_return co_await send(std::move(res));
      }
      const bool packed = !asset->gzip.empty() && accepts_gzip(req[http::field::accept_encoding]);
      if (packed) res.set(http::field::content_encoding, "gzip");
      res.body() = packed ? asset->gzip : asset->body;
      res.prepare_payload();
      if (req.method() == http::verb::head) res.body().clear();
      co_return co_await send(std::move(res));
    }
    // Too large to keep in memory: straight from disk.
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(file->c_str(), beast::file_mode::scan, ec);
    if (ec) co_return co_await send(error_response(req, http::status::not_found, "not_found", "Not found."));
    const auto size = body.size();
    if (req.method() == http::verb::head) {
      http::response<http::empty_body> res{http::status::ok, req.version()};
      res.set(http::field::content_type, type);
      res.content_length(size);
      secure(res, html);
      res.keep_alive(req.keep_alive());
      co_return co_await send(std::move(res));
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, req.version())};
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "no-cache");
    secure(res, html);
    res.content_length(size);
    res.keep_alive(req.keep_alive());
    co_return co_await send(std::move(res));
  }

  // "/api/rooms/ID/export/NAME" -> {ID, NAME}; "/api/export/NAME" -> {"", NAME} (the whole meeting).
  static std::optional<std::pair<std::string, std::string>> export_request(std::string_view path) {
    constexpr std::string_view kMeeting = "/api/export/";
    constexpr std::string_view kRooms = "/api/rooms/";
    if (path.starts_with(kMeeting))
      return std::pair{std::string(), std::string(path.substr(kMeeting.size()))};
    if (!path.starts_with(kRooms)) return std::nullopt;
    const std::string_view rest = path.substr(kRooms.size());
    const std::size_t slash = rest.find("/export/");
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    return std::pair{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 8))};
  }

  // The record as a download. The key comes in the Authorization header, never in the URL; the file is
  // read from a private copy of the database taken at one instant, so the live rooms are not disturbed.
  asio::awaitable<bool> export_file(const http::request<http::string_body>& req, const std::string& room,
                                    const std::string& name) {
    const NetConfig& config = server_.config();
    if (config.db_path.empty() || !config.meeting)
      co_return co_await send(error_response(req, http::status::not_found, "not_found", "No record here."));
    if (!room.empty() && !server_.hub().room(room))
      co_return co_await send(error_response(req, http::status::not_found, "unknown_room", "No such room."));
    const std::string key = bearer_token(req[http::field::authorization]);
    if (!server_.hub().may_read_record(room, key)) {
      auto res =
          error_response(req, http::status::unauthorized, "bad_key",
                         room.empty() ? "The organizer's key is needed for the meeting's record."
                                      : "This room's facilitator key or the organizer's key is needed.");
      res.set(http::field::www_authenticate, "Bearer");
      co_return co_await send(std::move(res));
    }
    const auto& names = record::export_names();
    if (std::find(names.begin(), names.end(), name) == names.end())
      co_return co_await send(error_response(req, http::status::not_found, "not_found", "No such file."));
    // Copying and replaying the log takes time that the live rooms' thread must not spend.
    auto render = [&]() -> asio::awaitable<std::optional<record::ExportFile>> {
      try {
        auto snapshot = store::open_snapshot(config.db_path);  // the record at one instant
        co_return record::render_export(
            *config.meeting,
            record::load_logs(snapshot->store(), room.empty() ? std::nullopt : std::optional(room)), name,
            room.empty() ? "meeting" : room);
      } catch (const std::exception& e) {
        spdlog::error("export {} of {} failed: {}", name, room.empty() ? "the meeting" : room, e.what());
      }
      co_return std::nullopt;
    };
    std::optional<record::ExportFile> file =
        co_await asio::co_spawn(server_.record_executor(), render, asio::use_awaitable);
    if (!file)
      co_return co_await send(error_response(req, http::status::internal_server_error, "export_failed",
                                             "The record could not be read; see the server log."));
    auto res = text_response(req, http::status::ok, std::move(file->body), file->content_type);
    res.set(http::field::content_disposition, "attachment; filename=\"" + file->filename + "\"");
    co_return co_await send(std::move(res));
  }

  // What a phone opens: the public URL when one is configured, else the address this request used.
  std::string join_url(const http::request<http::string_body>& req, const std::string& code) const {
    const std::string& base = server_.config().public_url;
    return (base.empty() ? "http://" + std::string(req[http::field::host]) : base) + "/j/" + code;
  }

  // /j/CODE: straight to the room's participant page, or a friendly page for a code that is not one.
  asio::awaitable<bool> join(const http::request<http::string_body>& req, std::string_view code) {
    if (app::Room* room = server_.hub().room_by_code(code)) {
      http::response<http::empty_body> res{http::status::found, req.version()};
      res.set(http::field::location, "/participant.html?room=" + room->info().id);
      res.set(http::field::cache_control, "no-store");
      secure(res, false);
      res.keep_alive(req.keep_alive());
      co_return co_await send(std::move(res));
    }
    std::string body =
        "<!doctype html><title>Podium</title><p>No room has that code. <a href=\"/\">See the rooms</a>.";
    if (auto page = server_.files().resolve("/unknown-code.html")) {
      std::ifstream in(*page);
      body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    auto res = text_response(req, http::status::not_found, std::move(body), "text/html; charset=utf-8");
    secure(res, true);
    co_return co_await send(std::move(res));
  }

  beast::tcp_stream stream_;
  Server& server_;
  Server::RequestLease lease_;
};

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, Server& server) {
  asio::steady_timer pause(acceptor.get_executor());
  int failures = 0;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kNoError);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Typically out of file descriptors: retrying at once would spin. Back off, and say so rarely.
      if (failures++ % 100 == 0) spdlog::warn("accept failed ({} times): {}", failures, ec.message());
      pause.expires_after(100ms);
      co_await pause.async_wait(kNoError);
      continue;
    }
    failures = 0;
    const tcp::endpoint peer = socket.remote_endpoint(ec);
    auto lease = ec ? std::nullopt : server.lease(peer.address());
    if (!lease) continue;  // gone already, or too many from its address: the socket closes here
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<HttpSession>(std::move(socket), server, std::move(*lease));
    asio::co_spawn(
        acceptor.get_executor(), [session]() { return session->run(); }, asio::detached);
  }
}

}  // namespace

tcp::acceptor listen_on(asio::io_context& ioc, const std::string& address, std::uint16_t port) {
  tcp::endpoint endpoint(asio::ip::make_address(address), port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  return acceptor;
}

Server::Server(tcp::acceptor acceptor, NetConfig config, app::Hub& hub, StaticFiles files,
               std::string meeting_json)
    : config_(std::move(config)),
      hub_(hub),
      files_(std::move(files)),
      meeting_json_(std::move(meeting_json)),
      acceptor_(std::move(acceptor)),
      sweep_(acceptor_.get_executor()) {
  for (const std::string& host : config_.allowed_hosts) host_names_.insert(host_name(host));
  for (const std::string& origin : config_.allowed_origins) host_names_.insert(host_name(origin));
  if (!config_.public_url.empty()) host_names_.insert(host_name(config_.public_url));
}

void Server::start() {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(acceptor_, *this), asio::detached);
  sweep();
}

void Server::sweep() {
  // Once a second, each connection checks its own deadlines (hello, ping, close): one timer for all of
  // them instead of one each.
  sweep_.expires_after(1s);
  sweep_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    const auto now = std::chrono::steady_clock::now();
    for (WebSocketSession* s : std::vector<WebSocketSession*>(sessions_.begin(), sessions_.end()))
      s->sweep(now);
    sweep();
  });
}

std::shared_ptr<const std::string> Server::frame(const std::shared_ptr<const std::string>& message) {
  if (message == last_message_) return last_frame_;
  const std::size_t n = message->size();
  std::string frame;
  frame.reserve(n + 10);
  frame.push_back(static_cast<char>(0x81));  // FIN, text
  if (n < 126) {
    frame.push_back(static_cast<char>(n));
  } else if (n < 65536) {
    frame.push_back(static_cast<char>(126));
    frame.push_back(static_cast<char>(n >> 8));
    frame.push_back(static_cast<char>(n & 0xff));
  } else {
    frame.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((n >> shift) & 0xff));
  }
  frame += *message;
  last_message_ = message;
  last_frame_ = std::make_shared<const std::string>(std::move(frame));
  return last_frame_;
}

bool Server::admits(const asio::ip::address& address) const {
  const auto it = per_address_.find(address);
  return it == per_address_.end() || it->second.connections < config_.max_connections_per_address;
}

std::optional<Server::RequestLease> Server::lease(const asio::ip::address& address) {
  // Counted apart from its WebSockets, so that one more upgrade past the limit still gets its 429.
  std::size_t& count = (*requests_)[address];
  if (count >= config_.max_connections_per_address) return std::nullopt;
  ++count;
  return RequestLease(requests_, address);
}

Server::RequestLease::~RequestLease() {
  const auto counts = counts_.lock();
  if (!counts) return;  // moved from, or the server is gone
  const auto it = counts->find(address_);
  if (it != counts->end() && --it->second == 0) counts->erase(it);
}

void Server::add(WebSocketSession* session) {
  sessions_.insert(session);
  auto [it, fresh] = per_address_.try_emplace(session->address());
  if (fresh) it->second.messages.configure(hub_.limits().address_rate, hub_.limits().address_burst);
  ++it->second.connections;
  session->session.address_bucket = &it->second.messages;
}

void Server::remove(WebSocketSession* session) {
  if (sessions_.erase(session) == 0) return;
  session->session.address_bucket = nullptr;
  const auto it = per_address_.find(session->address());
  if (it != per_address_.end() && --it->second.connections == 0) per_address_.erase(it);
}

void Server::stop() {
  stopping_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  sweep_.cancel();
  for (WebSocketSession* s : std::set<WebSocketSession*>(sessions_))
    s->close(protocol::close_code::kServiceRestart, "server restarting");
}

bool Server::host_allowed(std::string_view host) const {
  if (host.empty()) return true;  // no browser sends a request without one
  const std::string name = host_name(host);
  boost::system::error_code not_ip;
  asio::ip::make_address(name, not_ip);
  // An address names no one else; a rebinding attack needs a DNS name it controls.
  if (!not_ip) return true;
  return name == "localhost" || name.ends_with(".localhost") || host_names_.contains(name);
}

bool Server::origin_allowed(std::string_view origin, std::string_view host) const {
  if (origin.empty()) return false;
  // Same origin: the page was served by this server under the Host the browser used.
  if (!host.empty() && (origin == "http://" + std::string(host) || origin == "https://" + std::string(host)))
    return true;
  for (const auto& allowed : config_.allowed_origins)
    if (origin == allowed) return true;
  return false;
}

}  // namespace podium::net
