// podium_loadgen: thousands of WebSocket clients on one thread, for scripts/bench.
//
// It starts the server itself (any command that prints "listening on http://HOST:PORT" and, for a new
// database, "facilitator key for ROOM: KEY"), so that it can read the server's CPU time and memory from
// /proc and restart it. Then, through the real protocol (hello as participant with a device token,
// hello as facilitator with the room's key), it measures in phases:
//   connect   N participants connected and welcomed (in two halves: RSS slope per connection)
//   fanout    isolated facilitator events (queue.add, ~300 bytes) to every participant: time until the
//             last one has it (per event) and per-client latency; server CPU per delivery
//   rate      facilitator events at a fixed rate for a while: does the room keep up?
//   votes     a poll and a burst of poll.vote from every participant: acked (= committed) per second,
//             ack latency, tallies the room sees per second
//   slow      one more participant with a tiny receive buffer stops reading during a burst: the others
//             must not wait for it; while it is backlogged it is sent no tallies but the latest counts
//             once it reads again; asked for more than --send-queue-kib, the server closes it with 4503
//             rather than hold more for it (run the server with a small --send-queue-kib)
//   restart   SIGTERM, start again, every client resumes from its seq: time until all are welcomed
//   pings     every participant pings as a quiet phone does (once every --ping-interval-ms, spread
//             evenly): pong round trip and the server CPU that N idle phones cost
// Its own CPU per delivery is reported too, so a reader can see the generator does not dominate.
//
// The client is a minimal one of our own (no Beast on this side) so that a delivery costs the
// generator about a read and a scan. Source addresses are spread over 127.0.0.x so that a single
// address never runs out of ephemeral ports. Every loop is bounded in count and in time.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

extern char** environ;

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

std::optional<std::uint64_t> number_after(std::string_view text, std::string_view key) {
  const std::size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::uint64_t value = 0;
  const char* first = text.data() + at + key.size();
  auto [end, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc()) return std::nullopt;
  return value;
}

std::string_view string_after(std::string_view text, std::string_view key) {
  const std::size_t at = text.find(key);
  if (at == std::string_view::npos) return {};
  const std::size_t from = at + key.size();
  const std::size_t to = text.find('"', from);
  return to == std::string_view::npos ? std::string_view{} : text.substr(from, to - from);
}

// The top-level "seq" of an event or welcome: keys are written in sorted order, so it is the last
// `,"seq":` (a resuming welcome's events carry their own before it).
std::optional<std::uint64_t> last_seq(std::string_view text) {
  const std::size_t at = text.rfind(",\"seq\":");
  if (at == std::string_view::npos) return std::nullopt;
  return number_after(text.substr(at), ",\"seq\":");
}

// ---- the server under test -------------------------------------------------------------------------

struct ProcStats {
  double cpu_s = 0;  // user + system
  double rss_kib = 0;
};

// One unlabelled value from Podium's GET /metrics, read with a blocking request; nullopt if none.
std::optional<double> scrape(std::uint16_t port, std::string_view name) {
  asio::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), port), ec);
  if (ec) return std::nullopt;
  const std::string request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  asio::write(socket, asio::buffer(request), ec);
  std::string text;
  char chunk[8192];
  while (!ec) text.append(chunk, socket.read_some(asio::buffer(chunk), ec));
  const std::string key = "\n" + std::string(name) + " ";
  const std::size_t at = text.find(key);
  if (at == std::string::npos) return std::nullopt;
  return std::strtod(text.c_str() + at + key.size(), nullptr);
}

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> command) : command_(std::move(command)) {}
  ~ServerProcess() { stop(SIGKILL); }

  void start(std::chrono::seconds timeout) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    for (auto& a : command_) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) throw std::runtime_error("cannot start " + command_[0] + ": " + std::strerror(rc));
    out_ = fds[0];
    // Read lines until the listening line, then until the keys stop coming (a short silence).
    const auto deadline = Clock::now() + timeout;
    std::string pending;
    bool listening = false;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) throw std::runtime_error("the server did not say it was listening in time");
      pollfd p{out_, POLLIN, 0};
      const int ready = poll(&p, 1, listening ? 300 : static_cast<int>(left.count()));
      if (ready == 0 && listening) break;
      char chunk[4096];
      const ssize_t n = ready > 0 ? read(out_, chunk, sizeof chunk) : 0;
      if (n <= 0) {
        if (listening) break;
        throw std::runtime_error("the server exited before listening");
      }
      pending.append(chunk, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
        const std::string line = pending.substr(0, nl);
        if (auto at = line.find("listening on http://"); at != std::string::npos) {
          const std::string address = line.substr(at + 20);
          port_ = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
          listening = true;
        }
        if (auto at = line.find("facilitator key for "); at != std::string::npos) {
          std::istringstream words(line.substr(at + 20));
          std::string room, key;
          words >> room >> key;
          if (!room.empty() && room.back() == ':') room.pop_back();
          keys_[room] = key;
        }
      }
    }
    // Keep draining what the server writes later, so that it never blocks on a full pipe.
    drain_ = std::thread([fd = out_] {
      char chunk[4096];
      while (read(fd, chunk, sizeof chunk) > 0) {
      }
    });
  }

  // Sends `signal` and waits (at most 20 s) for the process to exit.
  int stop(int signal) {
    if (pid_ <= 0) return 0;
    kill(pid_, signal);
    int status = 0;
    for (int i = 0; i < 2000; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) break;
      if (i == 1999) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
      std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
    if (drain_.joinable()) drain_.join();
    close(out_);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  ProcStats stats() const {
    ProcStats s;
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) {
        stime = std::stod(field);
        break;
      }
    }
    s.cpu_s = (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.starts_with("VmRSS:")) s.rss_kib = std::stod(line.substr(6));
    return s;
  }

  std::uint16_t port() const { return port_; }
  const std::map<std::string, std::string>& keys() const { return keys_; }

 private:
  std::vector<std::string> command_;
  pid_t pid_ = -1;
  int out_ = -1;
  std::thread drain_;
  std::uint16_t port_ = 0;
  std::map<std::string, std::string> keys_;
};

double own_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](timeval t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// ---- one client ------------------------------------------------------------------------------------

// A client frame: FIN + opcode, masked as RFC 6455 requires of clients.
std::string client_frame(std::string_view payload, std::uint8_t opcode = 0x1) {
  std::string f;
  f.reserve(payload.size() + 14);
  f.push_back(static_cast<char>(0x80 | opcode));
  const std::size_t n = payload.size();
  if (n < 126) {
    f.push_back(static_cast<char>(0x80 | n));
  } else if (n < 65536) {
    f.push_back(static_cast<char>(0x80 | 126));
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n & 0xff));
  } else {
    f.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  }
  constexpr char kMask[4] = {0x37, 0x1a, 0x21, 0x3d};
  f.append(kMask, 4);
  for (std::size_t i = 0; i < n; ++i) f.push_back(static_cast<char>(payload[i] ^ kMask[i & 3]));
  return f;
}

class Generator;

struct Client {
  enum class State { idle, connecting, upgrading, hello, joined, closed };

  Client(asio::io_context& io, Generator& generator, int number, int room_index, bool chair)
      : socket(io), gen(generator), index(number), room(room_index), facilitator(chair) {}

  tcp::socket socket;
  Generator& gen;
  int index;
  int room;
  bool facilitator;
  bool slow = false;     // the slow-consumer phase's client: a tiny receive buffer, and it stops reading
  bool paused = false;   // reads nothing until resumed
  bool reading = false;  // a read is in flight (at most one)
  int close_code = 0;    // from the server's close frame
  State state = State::idle;
  std::vector<char> buf = std::vector<char>(2048);
  std::size_t begin = 0, end = 0;
  std::deque<std::string> out;
  bool writing = false;
  std::string epoch;
  std::uint64_t seq = 0;
  std::uint64_t events = 0;
  std::uint64_t tallies = 0;
  std::uint64_t last_voters = 0;  // of the slow phase's poll, in the last tally (the slow phone only)
  std::uint64_t generation = 0;   // which connection of this client a callback belongs to

  void send_text(std::string_view json) { send_frame(client_frame(json)); }
  void send_frame(std::string frame) {
    out.push_back(std::move(frame));
    if (!writing) write_next();
  }
  void write_next();
  void read_next();
  void on_bytes(std::size_t n);
};

// ---- the generator ---------------------------------------------------------------------------------

struct Options {
  std::vector<std::string> server;
  std::string label = "podium";
  int clients = 1000;
  std::vector<std::string> rooms{"plenary"};
  std::vector<std::string> phases{"connect", "fanout"};
  int events = 50;
  double rate = 15;
  double rate_seconds = 5;
  double votes_per_second = 20000;
  double vote_seconds = 3;
  double ping_interval_ms = 1500;  // web-client/js/connection.mjs: a ping after 1.5 s without a message
  double ping_seconds = 5;
  int sources = 16;
  int window = 1000;
  std::string json_out;
  int padding = 33;  // affiliation length (at most 120): makes the fan-out event about 300 bytes
  // Limits that make a phase fail (0: none), for the tests that run this tool: the others' p99 while
  // one phone is stalled, and the time for every client to resume after a restart.
  double max_others_p99_ms = 0;
  double max_resume_ms = 0;
};

class Generator {
 public:
  explicit Generator(Options options) : options_(std::move(options)), server_(options_.server) {}

  int run();

  // Called by clients.
  void on_message(Client& c, std::string_view text);
  void on_closed(Client& c);
  void on_connected(Client& c);

 private:
  struct Op {
    Clock::time_point sent;
    std::function<void(std::string_view)> done;
  };

  void connect(Client& c);
  void hello(Client& c);
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);
  void run_for(std::chrono::milliseconds duration);
  std::string next_op(Client& c, std::string_view type, std::string_view fields,
                      std::function<void(std::string_view)> done = {});
  void report(const std::string& scenario, const std::vector<std::pair<std::string, std::string>>& rows);

  bool phase_connect();
  bool phase_fanout();
  bool phase_rate();
  bool phase_votes();
  bool phase_pings();
  // Starts sending `total` messages at `per_second`, the k-th with send(k): every millisecond, as many as
  // are due by then. `sent` counts them; the caller runs the loop until it has its answers, then resets
  // pace_timer_ (which stops the sending if it timed out first).
  void start_paced(std::size_t total, double per_second, std::function<void(std::size_t)> send,
                   std::size_t& sent);
  bool phase_restart();
  bool phase_slow();
  bool slow_tallies();  // part of the slow phase
  bool connect_range(std::size_t from, std::size_t to, double* ms);
  std::uint64_t participant_events() const;
  void remove_entries();
  std::size_t participants() const { return static_cast<std::size_t>(options_.clients); }

  Options options_;
  ServerProcess server_;
  asio::io_context io_;
  std::vector<std::unique_ptr<Client>> clients_;  // participants first, then one facilitator per room
  std::vector<Client*> facilitators_;
  std::size_t welcomed_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t resumed_ = 0;
  std::size_t snapshots_ = 0;
  std::size_t failures_ = 0;
  std::map<std::string, std::size_t> rejects_;
  std::uint64_t op_counter_ = 0;
  std::unordered_map<std::string, Op> ops_;
  // Queue entries the facilitators added, with the facilitator (so the room) each belongs to, to remove
  // afterwards. (Entry ids are per room: the same id can name an entry in each.)
  std::vector<std::pair<Client*, std::string>> entries_;
  // Fan-out bookkeeping: the marker event k was sent at sent_at_[k]; per-client latencies.
  std::vector<Clock::time_point> sent_at_;
  std::vector<std::size_t> got_;
  std::vector<double> last_ms_;
  std::vector<double> client_ms_;
  std::size_t event_bytes_ = 0;
  // Vote bookkeeping.
  std::vector<Clock::time_point> vote_sent_;
  std::string slow_poll_;  // the slow phase's poll, whose voters the stalled phone must catch up on
  std::vector<double> vote_ms_;
  Clock::time_point last_ack_{};
  // Ping bookkeeping: ping k (its t0) was sent at ping_sent_[k].
  std::vector<Clock::time_point> ping_sent_;
  std::vector<double> pong_ms_;
  Clock::time_point last_pong_{};
  std::optional<asio::steady_timer> pace_timer_;
  std::function<void()> pace_;
  std::vector<std::string> json_;
  bool refused_ = false;  // a facilitator command was rejected: the phase cannot be measured
};

void Client::write_next() {
  if (out.empty() || state == State::closed || state == State::idle) {
    writing = false;
    return;
  }
  writing = true;
  asio::async_write(socket, asio::buffer(out.front()),
                    [this, g = generation](const boost::system::error_code& ec, std::size_t) {
                      if (g != generation) return;
                      out.pop_front();
                      if (ec) {
                        writing = false;
                        return;  // the read side notices and reports the close
                      }
                      write_next();
                    });
}

void Client::read_next() {
  if (paused || reading) return;
  if (end == buf.size()) {
    if (begin > 0) {
      std::memmove(buf.data(), buf.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    } else {
      buf.resize(buf.size() * 2);
    }
  }
  reading = true;
  socket.async_read_some(asio::buffer(buf.data() + end, buf.size() - end),
                         [this, g = generation](const boost::system::error_code& ec, std::size_t n) {
                           if (g != generation) return;
                           reading = false;
                           if (ec) {
                             gen.on_closed(*this);
                             return;
                           }
                           on_bytes(n);
                         });
}

void Client::on_bytes(std::size_t n) {
  end += n;
  if (state == State::upgrading) {
    const std::string_view text(buf.data() + begin, end - begin);
    const std::size_t head_end = text.find("\r\n\r\n");
    if (head_end == std::string_view::npos) return read_next();
    if (!text.starts_with("HTTP/1.1 101")) {
      std::cerr << "upgrade refused: " << text.substr(0, text.find('\r')) << "\n";
      gen.on_closed(*this);
      return;
    }
    begin += head_end + 4;
    state = State::hello;
    gen.on_connected(*this);
  }
  // Every whole frame in the buffer.
  for (;;) {
    const std::size_t have = end - begin;
    if (have < 2) break;
    const auto* p = reinterpret_cast<const unsigned char*>(buf.data() + begin);
    const int opcode = p[0] & 0x0f;
    std::size_t len = p[1] & 0x7f;
    std::size_t header = 2;
    if (len == 126) {
      if (have < 4) break;
      len = (std::size_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (len == 127) {
      if (have < 10) break;
      len = 0;
      for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
      header = 10;
    }
    if (have < header + len) {
      if (header + len > buf.size()) buf.resize(header + len + 1024);
      break;
    }
    const std::string_view payload(buf.data() + begin + header, len);
    begin += header + len;
    if (opcode == 0x1 || opcode == 0x0) {
      gen.on_message(*this, payload);
    } else if (opcode == 0x9) {
      send_frame(client_frame(payload, 0xA));
    } else if (opcode == 0x8) {
      if (len >= 2)
        close_code = (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
      gen.on_closed(*this);
      return;
    }
    if (state == State::closed) return;
  }
  if (begin == end) begin = end = 0;
  read_next();
}

void Generator::connect(Client& c) {
  ++c.generation;
  c.state = Client::State::connecting;
  c.begin = c.end = 0;
  c.out.clear();
  c.writing = false;
  c.reading = false;
  ++in_flight_;
  boost::system::error_code ec;
  if (c.socket.is_open()) c.socket.close(ec);
  c.socket.open(tcp::v4(), ec);
  if (c.slow) {
    // Before connect(), so the window it advertises stays this small: the kernel absorbs little.
    int bytes = 4096;
    setsockopt(c.socket.native_handle(), SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    // And segments the size of a real network's: on loopback (64 KiB segments) the server's kernel
    // would start this connection with a send buffer of over a megabyte, on Wi-Fi with tens of KiB.
    int mss = 1400;
    setsockopt(c.socket.native_handle(), IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
  }
  if (options_.sources > 1) {
    // Let connect() pick the port, so that each source address has the whole ephemeral range.
    int on = 1;
    setsockopt(c.socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
    const auto source =
        asio::ip::make_address_v4("127.0.0." + std::to_string(2 + c.index % options_.sources));
    c.socket.bind(tcp::endpoint(source, 0), ec);
  }
  const tcp::endpoint target(asio::ip::make_address_v4("127.0.0.1"), server_.port());
  c.socket.async_connect(target, [this, &c, g = c.generation](const boost::system::error_code& error) {
    if (g != c.generation) return;
    if (error) {
      on_closed(c);
      return;
    }
    boost::system::error_code ignored;
    c.socket.set_option(tcp::no_delay(true), ignored);
    c.state = Client::State::upgrading;
    const std::string host = "127.0.0.1:" + std::to_string(server_.port());
    c.send_frame("GET /ws HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host +
                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                 "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    c.read_next();
  });
}

void Generator::on_connected(Client& c) { hello(c); }

void Generator::hello(Client& c) {
  const std::string& room = options_.rooms[static_cast<std::size_t>(c.room)];
  std::string text = R"({"type":"hello","protocol":1,"room":")" + room + R"(","role":")" +
                     (c.facilitator ? "facilitator" : "participant") + R"(","device":"bench-device-)" +
                     std::to_string(c.index) + "-" + std::to_string(getpid()) + "\"";
  if (c.facilitator) text += R"(,"key":")" + server_.keys().at(room) + "\"";
  if (!c.epoch.empty())
    text += R"(,"resume":{"epoch":")" + c.epoch + R"(","seq":)" + std::to_string(c.seq) + "}";
  text += "}";
  c.send_text(text);
}

void Generator::on_closed(Client& c) {
  if (c.state == Client::State::closed) return;
  if (c.state != Client::State::joined) {
    --in_flight_;
    ++failures_;
  }
  c.state = Client::State::closed;
  boost::system::error_code ignored;
  c.socket.close(ignored);
  ++c.generation;
}

void Generator::on_message(Client& c, std::string_view text) {
  if (c.state == Client::State::hello) {
    if (text.find(R"("type":"welcome")") != std::string_view::npos) {
      c.state = Client::State::joined;
      --in_flight_;
      ++welcomed_;
      c.epoch = std::string(string_after(text, R"("epoch":")"));
      if (auto s = last_seq(text)) c.seq = *s;
      if (text.find(R"("snapshot":)") != std::string_view::npos)
        ++snapshots_;
      else
        ++resumed_;
    } else if (text.find(R"("type":"reject")") != std::string_view::npos) {
      std::cerr << "hello refused: " << text << "\n";
      on_closed(c);
    }
    return;
  }
  if (text.find(R"("type":"event")") != std::string_view::npos) {
    ++c.events;
    if (auto s = last_seq(text)) c.seq = *s;
    if (c.facilitator || c.slow) return;
    if (auto k = number_after(text, "Bench #"); k && *k < sent_at_.size()) {
      const double ms = ms_between(sent_at_[*k], Clock::now());
      client_ms_.push_back(ms);
      ++got_[*k];
      last_ms_[*k] = std::max(last_ms_[*k], ms);
      event_bytes_ = text.size();
    }
    return;
  }
  if (text.find(R"("type":"pong")") != std::string_view::npos) {
    last_pong_ = Clock::now();
    if (auto k = number_after(text, R"("t0":)"); k && *k < ping_sent_.size())
      pong_ms_.push_back(ms_between(ping_sent_[*k], last_pong_));
    return;
  }
  if (text.find(R"("type":"tally")") != std::string_view::npos) {
    ++c.tallies;
    if (const auto at = text.find('"' + slow_poll_ + "\":{");
        c.slow && !slow_poll_.empty() && at != text.npos)
      if (auto v = number_after(text.substr(at), R"("voters":)")) c.last_voters = *v;
    return;
  }
  const bool ack = text.find(R"("type":"ack")") != std::string_view::npos;
  const bool reject = !ack && text.find(R"("type":"reject")") != std::string_view::npos;
  if (!ack && !reject) return;
  const std::string_view op = string_after(text, R"("op_id":")");
  if (reject) {
    ++rejects_[std::string(string_after(text, R"("code":")"))];
  }
  if (op.starts_with("v")) {
    last_ack_ = Clock::now();  // the last answer, ack or reject: where the burst ends
    std::uint64_t n = 0;
    std::from_chars(op.data() + 1, op.data() + op.size(), n);
    if (ack && n < vote_sent_.size()) {
      vote_ms_.push_back(ms_between(vote_sent_[n], last_ack_));
    }
    return;
  }
  if (auto it = ops_.find(std::string(op)); it != ops_.end()) {
    auto done = std::move(it->second.done);
    ops_.erase(it);
    if (reject) {
      std::cerr << "podium_loadgen: the facilitator was refused: " << text << "\n";
      refused_ = true;
    } else if (done) {
      done(text);
    }
  }
}

std::string Generator::next_op(Client& c, std::string_view type, std::string_view fields,
                               std::function<void(std::string_view)> done) {
  const std::string op = "f" + std::to_string(++op_counter_);
  ops_[op] = Op{Clock::now(), std::move(done)};
  std::string text = R"({"type":")" + std::string(type) + R"(","op_id":")" + op + "\"";
  if (!fields.empty()) text += "," + std::string(fields);
  text += "}";
  c.send_text(text);
  return op;
}

bool Generator::run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline || refused_) return false;
    io_.run_one_for(10ms);
  }
  return true;
}

void Generator::run_for(std::chrono::milliseconds duration) {
  const auto deadline = Clock::now() + duration;
  while (Clock::now() < deadline) io_.run_one_until(deadline);
}

std::uint64_t Generator::participant_events() const {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < participants(); ++i) n += clients_[i]->events;
  return n;
}

void Generator::report(const std::string& scenario,
                       const std::vector<std::pair<std::string, std::string>>& rows) {
  std::cout << "| " << options_.label << " | " << scenario << " |";
  std::string json = R"({"server":")" + options_.label + R"(","scenario":")" + scenario + R"(","clients":)" +
                     std::to_string(options_.clients) + R"(,"rooms":)" +
                     std::to_string(options_.rooms.size());
  for (const auto& [name, value] : rows) {
    std::cout << " " << name << " " << value << " |";
    json += ",\"" + name + "\":\"" + value + "\"";
  }
  std::cout << std::endl;
  json_.push_back(json + "}");
}

std::string fixed(double value, int digits = 1) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << value;
  return s.str();
}

bool Generator::connect_range(std::size_t from, std::size_t to, double* ms) {
  const auto start = Clock::now();
  const std::size_t target = welcomed_ + (to - from);
  std::size_t next = from;
  const std::size_t window = static_cast<std::size_t>(options_.window);
  const bool ok = run_until(
      [&] {
        while (next < to && in_flight_ < window) connect(*clients_[next++]);
        return welcomed_ >= target || (next == to && in_flight_ == 0);
      },
      60s);
  *ms = ms_between(start, Clock::now());
  return ok && welcomed_ >= target;
}

bool Generator::phase_connect() {
  const ProcStats idle = server_.stats();
  const double own_before = own_cpu_s();
  const std::size_t n = participants();
  const std::size_t half = n / 2;
  double first_ms = 0, second_ms = 0;
  if (!connect_range(0, half, &first_ms)) return false;
  run_for(300ms);  // let the presence tallies settle before reading memory
  const ProcStats at_half = server_.stats();
  if (!connect_range(half, n, &second_ms)) return false;
  // Facilitators last: they are not counted, and see everyone's presence.
  double facilitators_ms = 0;
  if (!connect_range(n, clients_.size(), &facilitators_ms)) return false;
  run_for(300ms);
  const ProcStats full = server_.stats();
  const double marginal = (full.rss_kib - at_half.rss_kib) / static_cast<double>(n - half);
  const double total_ms = first_ms + second_ms;
  const double per_connection = 1e6 / static_cast<double>(clients_.size());
  report("connect", {{"clients", std::to_string(n)},
                     {"connect_welcome_ms", fixed(total_ms)},
                     {"per_s", fixed(static_cast<double>(n) / total_ms * 1000, 0)},
                     {"server_us_per_conn", fixed((full.cpu_s - idle.cpu_s) * per_connection, 1)},
                     {"loadgen_us_per_conn", fixed((own_cpu_s() - own_before) * per_connection, 1)},
                     {"rss_idle_mib", fixed(idle.rss_kib / 1024)},
                     {"rss_mib", fixed(full.rss_kib / 1024)},
                     {"rss_kib_per_conn", fixed(marginal, 2)}});
  return true;
}

void Generator::remove_entries() {
  // Unmeasured: keep the queue short for the next phase (it holds at most 500).
  std::size_t pending = 0;
  for (const auto& [f, id] : entries_) {
    ++pending;
    next_op(*f, "queue.remove", R"("entry_id":")" + id + "\"", [&](std::string_view) { --pending; });
  }
  run_until([&] { return pending == 0; }, 20s);
  entries_.clear();
  run_for(200ms);
}

bool Generator::phase_fanout() {
  const int events = options_.events;
  sent_at_.assign(static_cast<std::size_t>(events), {});
  got_.assign(sent_at_.size(), 0);
  last_ms_.assign(sent_at_.size(), 0);
  client_ms_.clear();
  client_ms_.reserve(participants() * sent_at_.size());
  const std::string padding(static_cast<std::size_t>(options_.padding), 'x');
  const std::uint64_t events_before = participant_events();
  const ProcStats before = server_.stats();
  const double own_before = own_cpu_s();
  std::size_t complete = 0;
  for (std::size_t k = 0; k < sent_at_.size(); ++k) {
    std::size_t acked = 0;
    sent_at_[k] = Clock::now();
    for (Client* f : facilitators_)
      next_op(*f, "queue.add",
              R"("name":"Bench #)" + std::to_string(k) + R"(","affiliation":")" + padding + "\"",
              [&, f](std::string_view ack) {
                ++acked;
                if (auto id = string_after(ack, R"("entry_id":")"); !id.empty()) entries_.emplace_back(f, id);
              });
    if (run_until([&] { return got_[k] >= participants() && acked == facilitators_.size(); }, 10s))
      ++complete;
    // Then take it off the queue again, and let that fan-out finish before the next event.
    std::size_t removed = 0;
    for (const auto& [f, id] : entries_)
      next_op(*f, "queue.remove", R"("entry_id":")" + id + "\"", [&](std::string_view) { ++removed; });
    const std::size_t to_remove = entries_.size();
    entries_.clear();
    run_until([&] { return removed == to_remove; }, 10s);
    run_for(30ms);
  }
  run_for(200ms);
  const ProcStats after = server_.stats();
  const double own = own_cpu_s() - own_before;
  const auto deliveries = static_cast<double>(participant_events() - events_before);
  report("fanout", {{"events", std::to_string(events)},
                    {"complete", std::to_string(complete)},
                    {"event_bytes", std::to_string(event_bytes_)},
                    {"last_p50_ms", fixed(percentile(last_ms_, 0.5))},
                    {"last_p99_ms", fixed(percentile(last_ms_, 0.99))},
                    {"client_p50_ms", fixed(percentile(client_ms_, 0.5))},
                    {"client_p99_ms", fixed(percentile(client_ms_, 0.99))},
                    {"server_us_per_delivery", fixed((after.cpu_s - before.cpu_s) / deliveries * 1e6, 2)},
                    {"loadgen_us_per_delivery", fixed(own / deliveries * 1e6, 2)},
                    {"rss_mib", fixed(after.rss_kib / 1024)}});
  return complete == sent_at_.size();
}

bool Generator::phase_rate() {
  const auto count = static_cast<std::size_t>(options_.rate * options_.rate_seconds);
  sent_at_.assign(count, {});
  got_.assign(count, 0);
  last_ms_.assign(count, 0);
  client_ms_.clear();
  const std::string padding(static_cast<std::size_t>(options_.padding), 'x');
  const std::uint64_t events_before = participant_events();
  const ProcStats before = server_.stats();
  const auto start = Clock::now();
  const auto interval = std::chrono::duration<double>(1.0 / options_.rate);
  asio::steady_timer tick(io_);
  for (std::size_t k = 0; k < count; ++k) {
    const auto at = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(k));
    run_for(std::chrono::duration_cast<std::chrono::milliseconds>(at - Clock::now()));
    sent_at_[k] = Clock::now();
    for (Client* f : facilitators_)
      next_op(*f, "queue.add",
              R"("name":"Bench #)" + std::to_string(k) + R"(","affiliation":")" + padding + "\"",
              [&, f](std::string_view ack) {
                if (auto id = string_after(ack, R"("entry_id":")"); !id.empty()) entries_.emplace_back(f, id);
              });
  }
  run_until(
      [&] {
        return std::all_of(got_.begin(), got_.end(), [&](std::size_t g) { return g >= participants(); });
      },
      20s);
  const double seconds = ms_between(start, Clock::now()) / 1000;
  const ProcStats after = server_.stats();
  const auto deliveries = static_cast<double>(participant_events() - events_before);
  const auto complete = static_cast<std::size_t>(
      std::count_if(got_.begin(), got_.end(), [&](std::size_t g) { return g >= participants(); }));
  report("rate", {{"events_per_s", fixed(options_.rate, 0)},
                  {"events", std::to_string(count)},
                  {"complete", std::to_string(complete)},
                  {"deliveries_per_s", fixed(deliveries / seconds, 0)},
                  {"last_p50_ms", fixed(percentile(last_ms_, 0.5))},
                  {"last_p99_ms", fixed(percentile(last_ms_, 0.99))},
                  {"server_cpu_pct", fixed((after.cpu_s - before.cpu_s) / seconds * 100, 0)}});
  remove_entries();
  return complete == count;
}

bool Generator::phase_votes() {
  // A poll in every room, with results live so that the tallies carry counts.
  std::vector<std::string> polls(facilitators_.size());
  std::size_t ready = 0;
  for (std::size_t r = 0; r < facilitators_.size(); ++r)
    next_op(*facilitators_[r], "poll.create",
            R"("question":"Which right first?","kind":"single","options":["Housing","Water","Space","Work"],)"
            R"("live_results":true)",
            [&, r](std::string_view ack) {
              polls[r] = std::string(string_after(ack, R"("poll_id":")"));
              next_op(*facilitators_[r], "poll.open", R"("poll_id":")" + polls[r] + "\"",
                      [&](std::string_view) { ++ready; });
            });
  if (!run_until([&] { return ready == facilitators_.size(); }, 10s)) return false;
  for (std::size_t i = 0; i < participants(); ++i) clients_[i]->tallies = 0;

  const auto total = static_cast<std::size_t>(options_.votes_per_second * options_.vote_seconds);
  vote_sent_.assign(total, {});
  vote_ms_.clear();
  vote_ms_.reserve(total);
  rejects_.clear();
  const ProcStats before = server_.stats();
  const double own_before = own_cpu_s();
  const auto start = Clock::now();
  std::size_t sent = 0;
  // Each vote from the next participant.
  start_paced(
      total, options_.votes_per_second,
      [&](std::size_t k) {
        Client& c = *clients_[k % participants()];
        vote_sent_[k] = Clock::now();
        c.send_text(R"({"type":"poll.vote","op_id":"v)" + std::to_string(k) + R"(","poll_id":")" +
                    polls[static_cast<std::size_t>(c.room)] + R"(","picks":[)" +
                    std::to_string(k / participants() % 4) + "]}");
      },
      sent);
  std::size_t rejected = 0;
  run_until(
      [&] {
        rejected = 0;
        for (const auto& [code, n] : rejects_) rejected += n;
        return sent == total && vote_ms_.size() + rejected >= total;
      },
      std::chrono::milliseconds(static_cast<int>(options_.vote_seconds * 1000) + 15000));
  pace_timer_.reset();  // on a timeout, nothing more is sent from this phase's locals
  const double seconds = ms_between(start, last_ack_) / 1000;
  const ProcStats after = server_.stats();
  const double own = own_cpu_s() - own_before;
  std::uint64_t tallies = 0;
  for (std::size_t i = 0; i < participants(); ++i) tallies += clients_[i]->tallies;
  std::string reject_text;
  for (const auto& [code, n] : rejects_) reject_text += code + "=" + std::to_string(n) + " ";
  report("votes", {{"offered_per_s", fixed(options_.votes_per_second, 0)},
                   {"acked", std::to_string(vote_ms_.size())},
                   {"rejected", std::to_string(rejected)},
                   {"acked_per_s", fixed(static_cast<double>(vote_ms_.size()) / seconds, 0)},
                   {"ack_p50_ms", fixed(percentile(vote_ms_, 0.5))},
                   {"ack_p99_ms", fixed(percentile(vote_ms_, 0.99))},
                   {"tallies_per_client_per_s",
                    fixed(static_cast<double>(tallies) / static_cast<double>(participants()) / seconds, 2)},
                   {"server_cpu_pct", fixed((after.cpu_s - before.cpu_s) / seconds * 100, 0)},
                   {"loadgen_cpu_pct", fixed(own / seconds * 100, 0)}});
  if (!reject_text.empty()) std::cerr << "vote rejects: " << reject_text << "\n";
  std::size_t closed = 0;
  for (std::size_t r = 0; r < facilitators_.size(); ++r)
    next_op(*facilitators_[r], "poll.close", R"("poll_id":")" + polls[r] + "\"",
            [&](std::string_view) { ++closed; });
  run_until([&] { return closed == facilitators_.size(); }, 10s);
  return rejected == 0 && vote_ms_.size() == total;
}

void Generator::start_paced(std::size_t total, double per_second, std::function<void(std::size_t)> send,
                            std::size_t& sent) {
  const auto start = Clock::now();
  pace_timer_.emplace(io_);
  pace_ = [this, start, total, per_second, send = std::move(send), &sent] {
    const double due = ms_between(start, Clock::now()) / 1000 * per_second;
    for (; sent < total && static_cast<double>(sent) < due; ++sent) send(sent);
    if (sent < total) {
      pace_timer_->expires_after(1ms);
      pace_timer_->async_wait([this](const boost::system::error_code& ec) {
        if (!ec) pace_();
      });
    }
  };
  pace_();
}

bool Generator::phase_pings() {
  // Quiet phones: each pings once an interval, the participants spread evenly over it.
  const double per_second = static_cast<double>(participants()) * 1000 / options_.ping_interval_ms;
  const auto total = static_cast<std::size_t>(per_second * options_.ping_seconds);
  ping_sent_.assign(total, {});
  pong_ms_.clear();
  pong_ms_.reserve(total);
  const ProcStats before = server_.stats();
  const double own_before = own_cpu_s();
  const auto start = Clock::now();
  std::size_t sent = 0;
  start_paced(
      total, per_second,
      [&](std::size_t k) {
        ping_sent_[k] = Clock::now();
        clients_[k % participants()]->send_text(R"({"type":"ping","t0":)" + std::to_string(k) + "}");
      },
      sent);
  run_until([&] { return sent == total && pong_ms_.size() >= total; },
            std::chrono::milliseconds(static_cast<int>(options_.ping_seconds * 1000) + 10000));
  pace_timer_.reset();
  const double seconds = ms_between(start, last_pong_) / 1000;
  const ProcStats after = server_.stats();
  const double server_s = after.cpu_s - before.cpu_s;
  report("pings", {{"phones", std::to_string(participants())},
                   {"interval_ms", fixed(options_.ping_interval_ms, 0)},
                   {"pongs", std::to_string(pong_ms_.size())},
                   {"pongs_per_s", fixed(static_cast<double>(pong_ms_.size()) / seconds, 0)},
                   {"pong_p50_ms", fixed(percentile(pong_ms_, 0.5))},
                   {"pong_p99_ms", fixed(percentile(pong_ms_, 0.99))},
                   {"server_cpu_pct", fixed(server_s / seconds * 100, 1)},
                   {"server_us_per_ping", fixed(server_s * 1e6 / static_cast<double>(pong_ms_.size()), 1)},
                   {"loadgen_cpu_pct", fixed((own_cpu_s() - own_before) / seconds * 100, 0)}});
  return pong_ms_.size() == total;
}

bool Generator::phase_slow() {
  // One more participant that stops reading while events flow: everyone else must get them as promptly
  // as ever, and the server must close the slow one with 4503 (too slow).
  clients_.push_back(std::make_unique<Client>(io_, *this, static_cast<int>(clients_.size()), 0, false));
  Client& slow = *clients_.back();
  slow.slow = true;
  double ms = 0;
  if (!connect_range(clients_.size() - 1, clients_.size(), &ms)) return false;
  slow.paused = true;
  run_for(2s);                   // the facilitator's rate allowance refills after the earlier phases
  const std::size_t count = 40;  // at --rate a second
  sent_at_.assign(count, {});
  got_.assign(count, 0);
  last_ms_.assign(count, 0);
  client_ms_.clear();
  const std::string padding(static_cast<std::size_t>(options_.padding), 'x');
  const auto start = Clock::now();
  const auto interval = std::chrono::duration<double>(1.0 / options_.rate);
  for (std::size_t k = 0; k < count; ++k) {
    const auto at = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(k));
    run_for(std::chrono::duration_cast<std::chrono::milliseconds>(at - Clock::now()));
    sent_at_[k] = Clock::now();
    next_op(*facilitators_[0], "queue.add",
            R"("name":"Bench #)" + std::to_string(k) + R"(","affiliation":")" + padding + "\"",
            [&](std::string_view ack) {
              if (auto id = string_after(ack, R"("entry_id":")"); !id.empty())
                entries_.emplace_back(facilitators_[0], id);
            });
  }
  const std::size_t in_room = (participants() + options_.rooms.size() - 1) / options_.rooms.size();
  const bool delivered = run_until(
      [&] { return std::all_of(got_.begin(), got_.end(), [&](std::size_t g) { return g >= in_room; }); },
      20s);
  const bool coalesced = slow_tallies();
  // It also asks for the room's whole snapshot, now that the queue is long, again and again (what a
  // confused client might do), and reads none of it.
  slow.paused = true;
  for (int i = 0; i < 20; ++i) slow.send_text(R"({"type":"sync"})");
  run_for(500ms);
  // Twenty snapshots were asked for and none read: what the server holds for the stalled phone stays
  // under --send-queue-kib (plus its close frame); past that it was closed, not buffered.
  const double queued = scrape(server_.port(), "podium_send_queue_bytes").value_or(-1);
  const double slow_closes = scrape(server_.port(), "podium_slow_consumer_closes_total").value_or(0);
  // Now it reads again: what was already on its way, then the server's close.
  slow.paused = false;
  slow.read_next();
  run_until([&] { return slow.state == Client::State::closed; }, 10s);
  report("slow", {{"events", std::to_string(count)},
                  {"others_last_p50_ms", fixed(percentile(last_ms_, 0.5))},
                  {"others_last_p99_ms", fixed(percentile(last_ms_, 0.99))},
                  {"slow_close_code", std::to_string(slow.close_code)},
                  {"server_queued_kib", fixed(queued / 1024)},
                  {"rss_mib", fixed(server_.stats().rss_kib / 1024)}});
  remove_entries();
  const double p99 = percentile(last_ms_, 0.99);
  if (options_.max_others_p99_ms > 0 && p99 > options_.max_others_p99_ms)
    std::cerr << "the others waited for the stalled phone: p99 " << fixed(p99) << " ms > "
              << fixed(options_.max_others_p99_ms) << " ms\n";
  double limit_kib = 8192;  // the server's --send-queue-kib, or its default
  for (std::size_t i = 0; i + 1 < options_.server.size(); ++i)
    if (options_.server[i] == "--send-queue-kib")
      limit_kib = std::strtod(options_.server[i + 1].c_str(), nullptr);
  const bool bounded = queued >= 0 && queued <= limit_kib * 1024 + 256 && slow_closes >= 1;
  if (!bounded)
    std::cerr << "the server held " << fixed(queued / 1024) << " KiB for the stalled phone (limit "
              << fixed(limit_kib) << " KiB), slow closes " << slow_closes << "\n";
  return delivered && coalesced && bounded && slow.close_code == 4503 &&
         (options_.max_others_p99_ms <= 0 || p99 <= options_.max_others_p99_ms);
}

bool Generator::slow_tallies() {
  // The stalled phone asks for snapshots until the server holds some back for it (the kernels' buffers
  // are full: its receive window is tiny). Then the others vote on a new poll for about a second: their
  // tallies pass the stalled phone by, and once it reads again it gets the counts as they are then,
  // once, instead of every tally in between.
  Client& slow = *clients_.back();
  bool backlogged = false;
  for (int i = 0; i < 30 && !backlogged; ++i) {
    slow.send_text(R"({"type":"sync"})");
    run_for(200ms);
    backlogged = scrape(server_.port(), "podium_backlogged_connections").value_or(0) >= 1;
  }
  if (!backlogged) {
    std::cerr << "the stalled phone never had a backlog\n";
    return false;
  }
  const double coalesced_before = scrape(server_.port(), "podium_tallies_coalesced_total").value_or(0);
  std::string poll;
  bool open = false;
  next_op(*facilitators_[0], "poll.create",
          R"("question":"Still there?","kind":"single","options":["Yes","No"],"live_results":true)",
          [&](std::string_view ack) {
            poll = std::string(string_after(ack, R"("poll_id":")"));
            slow_poll_ = poll;
            next_op(*facilitators_[0], "poll.open", R"("poll_id":")" + poll + "\"",
                    [&](std::string_view) { open = true; });
          });
  if (!run_until([&] { return open; }, 10s)) return false;
  std::vector<Client*> voters;
  for (std::size_t i = 0; i < participants() && voters.size() < 100; ++i)
    if (clients_[i]->room == 0) voters.push_back(clients_[i].get());
  for (std::size_t i = 0; i < participants(); ++i) clients_[i]->tallies = 0;
  slow.tallies = 0;
  vote_sent_.assign(voters.size(), {});
  vote_ms_.clear();
  rejects_.clear();
  for (std::size_t k = 0; k < voters.size(); ++k) {
    run_for(10ms);
    vote_sent_[k] = Clock::now();
    // ".s": these devices voted in the votes phase under "v<k>" already (a resend would be answered, not
    // applied).
    voters[k]->send_text(R"({"type":"poll.vote","op_id":"v)" + std::to_string(k) + R"(.s","poll_id":")" +
                         poll + R"(","picks":[)" + std::to_string(k % 2) + "]}");
  }
  const bool acked = run_until([&] { return vote_ms_.size() == voters.size(); }, 10s);
  run_for(1500ms);  // the last tally goes out (tallies are paced, at most one a second)
  std::uint64_t others_min = UINT64_MAX;
  for (std::size_t i = 0; i < participants(); ++i)
    if (clients_[i]->room == 0) others_min = std::min(others_min, clients_[i]->tallies);
  const double coalesced =
      scrape(server_.port(), "podium_tallies_coalesced_total").value_or(0) - coalesced_before;
  slow.paused = false;
  slow.read_next();
  const bool caught_up = run_until([&] { return slow.last_voters == voters.size(); }, 10s);
  run_for(500ms);
  report("slow-tallies", {{"votes", std::to_string(voters.size())},
                          {"others_min_tallies", std::to_string(others_min)},
                          {"slow_tallies", std::to_string(slow.tallies)},
                          {"coalesced", fixed(coalesced, 0)},
                          {"slow_last_voters", std::to_string(slow.last_voters)}});
  bool closed = false;
  next_op(*facilitators_[0], "poll.close", R"("poll_id":")" + poll + "\"",
          [&](std::string_view) { closed = true; });
  run_until([&] { return closed; }, 10s);
  if (slow.tallies >= others_min)
    std::cerr << "the stalled phone was sent every tally (" << slow.tallies
              << "), not the latest counts once\n";
  return acked && caught_up && others_min >= 2 && slow.tallies < others_min && coalesced >= 1;
}

bool Generator::phase_restart() {
  const int code = server_.stop(SIGTERM);
  // Every client notices the close (1012) or the end of the stream.
  run_until(
      [&] {
        return std::all_of(clients_.begin(), clients_.end(),
                           [](const auto& c) { return c->state == Client::State::closed; });
      },
      10s);
  server_.start(30s);
  welcomed_ = resumed_ = snapshots_ = 0;
  failures_ = 0;
  in_flight_ = 0;
  double ms = 0;
  const bool ok = connect_range(0, clients_.size(), &ms);
  report("restart", {{"stop_exit_code", std::to_string(code)},
                     {"clients", std::to_string(clients_.size())},
                     {"resume_welcome_ms", fixed(ms)},
                     {"resumed", std::to_string(resumed_)},
                     {"snapshots", std::to_string(snapshots_)}});
  const bool all_resumed = resumed_ == clients_.size() && snapshots_ == 0;
  if (!all_resumed) std::cerr << "not every client resumed from its seq\n";
  const bool in_time = options_.max_resume_ms <= 0 || ms <= options_.max_resume_ms;
  if (!in_time)
    std::cerr << "resuming took " << fixed(ms) << " ms > " << fixed(options_.max_resume_ms) << " ms\n";
  return ok && code == 0 && all_resumed && in_time;
}

int Generator::run() {
  server_.start(60s);
  for (const auto& room : options_.rooms)
    if (!server_.keys().contains(room)) {
      std::cerr << "podium_loadgen: no facilitator key for " << room
                << " in the server's output (use a new database)\n";
      return 2;
    }
  const std::size_t n = participants();
  for (std::size_t i = 0; i < n; ++i)
    clients_.push_back(std::make_unique<Client>(io_, *this, static_cast<int>(i),
                                                static_cast<int>(i % options_.rooms.size()), false));
  for (std::size_t r = 0; r < options_.rooms.size(); ++r) {
    clients_.push_back(
        std::make_unique<Client>(io_, *this, static_cast<int>(n + r), static_cast<int>(r), true));
    facilitators_.push_back(clients_.back().get());
  }
  auto guard = asio::make_work_guard(io_);
  bool ok = phase_connect();
  if (!ok)
    std::cerr << "podium_loadgen: connect failed: " << welcomed_ << " welcomed, " << failures_ << " failed\n";
  for (const auto& phase : options_.phases) {
    if (!ok) break;
    if (phase == "connect") continue;
    const auto started = Clock::now();
    if (phase == "fanout")
      ok = phase_fanout();
    else if (phase == "rate")
      ok = phase_rate();
    else if (phase == "votes")
      ok = phase_votes();
    else if (phase == "pings")
      ok = phase_pings();
    else if (phase == "restart")
      ok = phase_restart();
    else if (phase == "slow")
      ok = phase_slow();
    if (!ok)
      std::cerr << "podium_loadgen: phase " << phase << " did not complete ("
                << fixed(ms_between(started, Clock::now()) / 1000) << " s)\n";
  }
  for (auto& c : clients_) {
    boost::system::error_code ignored;
    c->socket.close(ignored);
  }
  server_.stop(SIGTERM);
  if (!options_.json_out.empty()) {
    std::ofstream out(options_.json_out, std::ios::app);
    for (const auto& line : json_) out << line << "\n";
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App cli{"Podium's load generator: many WebSocket clients against a server it starts itself."};
  cli.add_option("--label", options.label, "the name in the results")->capture_default_str();
  cli.add_option("--clients,-n", options.clients, "participants (spread over the rooms)")
      ->capture_default_str();
  // Comma-separated and one argument each, so that "--" after them still starts the server command.
  std::string rooms = "plenary", phases = "connect,fanout";
  cli.add_option("--rooms", rooms, "room ids, comma-separated (one facilitator each)")->capture_default_str();
  cli.add_option("--phases", phases, "connect, fanout, rate, votes, pings, slow, restart (comma-separated)")
      ->capture_default_str();
  cli.add_option("--events", options.events, "isolated fan-out events")->capture_default_str();
  cli.add_option("--rate", options.rate, "events a second in the rate phase")->capture_default_str();
  cli.add_option("--rate-seconds", options.rate_seconds, "how long the rate phase lasts")
      ->capture_default_str();
  cli.add_option("--votes-per-second", options.votes_per_second, "offered vote rate")->capture_default_str();
  cli.add_option("--vote-seconds", options.vote_seconds, "how long the vote burst lasts")
      ->capture_default_str();
  cli.add_option("--ping-interval-ms", options.ping_interval_ms, "pings phase: each phone pings this often")
      ->capture_default_str();
  cli.add_option("--ping-seconds", options.ping_seconds, "how long the pings phase lasts")
      ->capture_default_str();
  cli.add_option("--sources", options.sources, "source addresses 127.0.0.2 ... (1: the default one)")
      ->capture_default_str();
  cli.add_option("--window", options.window, "connections being opened at once")->capture_default_str();
  cli.add_option("--padding", options.padding, "affiliation length in the fan-out event")
      ->capture_default_str();
  cli.add_option("--max-others-p99-ms", options.max_others_p99_ms,
                 "slow phase: fail if the others' last-client p99 exceeds this (0: no limit)");
  cli.add_option("--max-resume-ms", options.max_resume_ms,
                 "restart phase: fail if resuming every client takes longer (0: no limit)");
  cli.add_option("--json", options.json_out, "append one JSON object per scenario to this file");
  cli.add_option("server", options.server, "the server command, after --")->required();
  CLI11_PARSE(cli, argc, argv);
  auto split = [](const std::string& text) {
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');)
      if (!part.empty()) parts.push_back(part);
    return parts;
  };
  options.rooms = split(rooms);
  options.phases = split(phases);
  if (options.clients < 2 || options.clients > 60000 || options.events < 1 || options.events > 400 ||
      options.rate <= 0 || options.rate_seconds <= 0 || options.rate_seconds > 60 ||
      options.vote_seconds <= 0 || options.vote_seconds > 60 || options.ping_interval_ms < 10 ||
      options.ping_seconds <= 0 || options.ping_seconds > 60 || options.sources < 1 ||
      options.sources > 250 || options.window < 1 || options.rooms.empty()) {
    std::cerr << "podium_loadgen: a value is out of range (see --help)\n";
    return 2;
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  signal(SIGPIPE, SIG_IGN);
  try {
    Generator generator(std::move(options));
    return generator.run();
  } catch (const std::exception& e) {
    std::cerr << "podium_loadgen: " << e.what() << "\n";
    return 2;
  }
}
