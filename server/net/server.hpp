#pragma once
// The network edge: one listener serving the web client, the small REST surface and /ws. It only
// moves bytes; everything the bytes mean is the app's business.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/app/hub.hpp"
#include "static_files.hpp"

namespace podium::net {

struct NetConfig {
  std::vector<std::string> allowed_origins;  // besides the server's own origin
  // Names this server answers to besides IP literals and localhost (with those of public_url and
  // allowed_origins): a request naming another host is refused, so a page that rebinds its own DNS name
  // to this server's address cannot read from it or open /ws as its own origin.
  std::vector<std::string> allowed_hosts;
  std::string public_url;  // how phones reach this server (for QR codes); else the Host
  std::size_t max_frame_bytes = 1024 * 1024;
  std::size_t max_queued_messages = 4096;
  std::size_t max_queued_bytes = 8 * 1024 * 1024;
  // Open WebSockets from one IP address. A venue's Wi-Fi puts every phone behind one address, so the
  // default is far above any room; it stops one machine from holding all the server's descriptors.
  std::size_t max_connections_per_address = 4096;
  // Where the record is read from for downloads (GET /api/.../export/...); empty: no downloads.
  std::string db_path;
  const app::Meeting* meeting = nullptr;
};

class WebSocketSession;

// Binds and listens. Done first at start-up, so a busy port fails before anything is created.
boost::asio::ip::tcp::acceptor listen_on(boost::asio::io_context& ioc, const std::string& address,
                                         std::uint16_t port);

class Server {
 public:
  Server(boost::asio::ip::tcp::acceptor acceptor, NetConfig config, app::Hub& hub, StaticFiles files,
         std::string meeting_json);

  // Starts accepting on the listening acceptor.
  void start();
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // Stops accepting and closes every WebSocket with 1012 (service restart).
  void stop();
  bool stopping() const { return stopping_; }

  // Used by the sessions.
  app::Hub& hub() { return hub_; }
  const NetConfig& config() const { return config_; }
  StaticFiles& files() { return files_; }
  const std::string& meeting_json() const { return meeting_json_; }
  // Where downloads of the record are made: off the thread that runs the rooms.
  boost::asio::thread_pool::executor_type record_executor() { return record_pool_.get_executor(); }
  std::size_t connections() const { return sessions_.size(); }
  // Whether one more WebSocket from `address` is allowed (--max-connections-per-address).
  bool admits(const boost::asio::ip::address& address) const;
  // Unfinished HTTP requests (connections not upgraded) by address. Shared with the leases, which
  // can outlive the server: a request's coroutine ends when the io_context is destroyed.
  using RequestCounts = std::map<boost::asio::ip::address, std::size_t>;
  // An HTTP connection counted against its address until it ends (or becomes a WebSocket, which
  // counts by itself): one machine holds at most as many unfinished requests as it may hold WebSockets.
  class RequestLease {
   public:
    RequestLease(const std::shared_ptr<RequestCounts>& counts, boost::asio::ip::address address)
        : counts_(counts), address_(address) {}
    RequestLease(RequestLease&&) noexcept = default;
    RequestLease& operator=(RequestLease&&) = delete;
    ~RequestLease();
    // The peer's address, read once when the connection was accepted.
    const boost::asio::ip::address& address() const { return address_; }

   private:
    std::weak_ptr<RequestCounts> counts_;
    boost::asio::ip::address address_;
  };
  // A lease for a new connection from `address`, or none when it already holds as many as allowed.
  std::optional<RequestLease> lease(const boost::asio::ip::address& address);
  void add(WebSocketSession* session);
  void remove(WebSocketSession* session);
  // `message` as one unmasked WebSocket text frame. A room hands the same message to every peer in a
  // row, so the last one framed is kept: a fan-out to 10,000 frames its message once.
  std::shared_ptr<const std::string> frame(const std::shared_ptr<const std::string>& message);
  bool origin_allowed(std::string_view origin, std::string_view host) const;
  // Whether a request's Host header names this server (see NetConfig::allowed_hosts).
  bool host_allowed(std::string_view host) const;
  // GET /metrics: the hub's counters and what is open now, in Prometheus' text format (metrics_page.cpp).
  std::string metrics_text() const;

 private:
  void sweep();

  NetConfig config_;
  std::set<std::string> host_names_;  // allowed_hosts and the hosts of public_url and allowed_origins
  app::Hub& hub_;
  StaticFiles files_;
  std::string meeting_json_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::set<WebSocketSession*> sessions_;
  // By remote address: open WebSockets, and the message allowance they share.
  struct AddressState {
    std::size_t connections = 0;
    app::TokenBucket messages;
  };
  std::shared_ptr<RequestCounts> requests_ = std::make_shared<RequestCounts>();
  std::map<boost::asio::ip::address, AddressState> per_address_;
  boost::asio::steady_timer sweep_;
  std::shared_ptr<const std::string> last_message_;
  std::shared_ptr<const std::string> last_frame_;
  boost::asio::thread_pool record_pool_{1};
  bool stopping_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace podium::net
