// The second baseline, beside node-ws/server.mjs: a WebSocket broadcast server on raw Linux epoll that
// speaks the same tiny slice of Podium's protocol (hello -> welcome; a facilitator's queue.add or
// queue.remove -> one event to everyone in the room, then an ack to the sender). One thread,
// level-triggered epoll, non-blocking sockets; each event is serialised and framed once and handed to
// every socket with one send(), the rest kept per socket only when the kernel takes less. No
// persistence, no rules, no resume, no bound on what waits: it is the floor of what one broadcast costs
// on this machine, not a competitor.
//   podium_epoll_baseline [--port 0] [--bind 127.0.0.1]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using Json = nlohmann::json;  // objects keep their keys sorted, as the Node baseline writes them

constexpr std::size_t kMaxMessage = 64 * 1024;
constexpr std::size_t kMaxRequest = 8 * 1024;

struct Room;

struct Client {
  int fd = -1;
  bool upgraded = false;
  bool chair = false;
  bool dead = false;  // closed at the end of the epoll batch, so no descriptor is reused within it
  Room* room = nullptr;
  std::size_t slot = 0;  // where it is in room->clients
  std::string room_id;
  std::string in;
  std::string out;  // what the kernel has not taken yet; EPOLLOUT is watched exactly while non-empty
};

struct Room {
  std::uint64_t seq = 0;
  std::vector<Client*> clients;
};

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string random_hex(std::size_t bytes) {
  std::random_device random;
  std::string text;
  for (std::size_t i = 0; i < 2 * bytes; ++i) text += "0123456789abcdef"[random() % 16];
  return text;
}

std::string accept_key(std::string_view key) {
  const std::string text = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  std::array<unsigned char, 32> base64{};  // 28 characters and a NUL
  EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(digest.size()));
  return reinterpret_cast<const char*>(base64.data());
}

// The value of a header, its name matched without case; empty when absent.
std::string_view header(std::string_view head, std::string_view name) {
  for (std::size_t at = 0, end; (end = head.find("\r\n", at)) != std::string_view::npos; at = end + 2) {
    const std::string_view line = head.substr(at, end - at);
    if (line.find(':') != name.size() || strncasecmp(line.data(), name.data(), name.size()) != 0) continue;
    std::string_view value = line.substr(name.size() + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return value;
  }
  return {};
}

// A server frame: final, unmasked.
std::string frame(std::string_view payload, unsigned opcode = 0x1) {
  std::string f;
  f.reserve(payload.size() + 10);
  f += static_cast<char>(0x80 | opcode);
  const std::size_t n = payload.size();
  const int extra = n < 126 ? 0 : n < 65536 ? 2 : 8;  // bytes of extended length, big-endian
  f += static_cast<char>(extra == 0 ? n : extra == 2 ? 126 : 127);
  for (int i = extra - 1; i >= 0; --i) f += static_cast<char>((n >> (8 * i)) & 0xff);
  f += payload;
  return f;
}

std::string string_field(const Json& msg, const char* key) {
  const auto it = msg.find(key);
  return it != msg.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

class Server {
 public:
  Server(int listener, int signals)
      : epoll_(epoll_create1(EPOLL_CLOEXEC)), listener_(listener), signals_(signals) {
    for (const int fd : {listener, signals}) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
  }
  const std::string& key() const { return key_; }

  // Returns 0 when SIGTERM or SIGINT arrives.
  int run() {
    std::array<epoll_event, 256> events{};
    for (;;) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), -1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        std::perror("epoll_wait");
        return 1;
      }
      for (int i = 0; i < n; ++i) {
        const epoll_event& e = events[static_cast<std::size_t>(i)];
        const auto fd = static_cast<std::size_t>(e.data.fd);
        if (e.data.fd == signals_) return 0;
        if (e.data.fd == listener_) {
          accept_all();
        } else if (fd < clients_.size() && clients_[fd]) {
          if (Client& c = *clients_[fd]; !c.dead) {
            if (e.events & EPOLLOUT) on_writable(c);
            if (e.events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
          }
        }
      }
      close_dead();
    }
  }

 private:
  void accept_all() {
    for (;;) {
      const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or out of descriptors: level-triggered, so the next wait retries
      const int on = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      const auto slot = static_cast<std::size_t>(fd);
      if (clients_.size() <= slot) clients_.resize(slot + 1);
      clients_[slot] = std::make_unique<Client>();
      clients_[slot]->fd = fd;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
  }

  void on_readable(Client& c) {
    for (;;) {
      const ssize_t n = recv(c.fd, buffer_.data(), buffer_.size(), 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n <= 0) return kill(c);
      c.in.append(buffer_.data(), static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < buffer_.size()) break;
    }
    if (!c.upgraded) upgrade(c);
    if (c.upgraded) on_frames(c);
  }

  void on_writable(Client& c) {
    const ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) kill(c);
      return;
    }
    c.out.erase(0, static_cast<std::size_t>(n));
    if (c.out.empty()) {
      c.out.shrink_to_fit();
      watch(c, EPOLLIN);
    }
  }

  void upgrade(Client& c) {
    const std::size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (c.in.size() > kMaxRequest) kill(c);
      return;
    }
    const std::string_view key = header(std::string_view(c.in).substr(0, end + 2), "sec-websocket-key");
    if (key.empty()) return kill(c);
    deliver(c,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: " +
                accept_key(key) + "\r\n\r\n");
    c.in.erase(0, end + 4);
    c.upgraded = true;
  }

  // Every whole frame in c.in; clients must mask, and messages arrive in one frame.
  void on_frames(Client& c) {
    std::size_t at = 0;
    while (!c.dead) {
      const std::size_t have = c.in.size() - at;
      const auto* p = reinterpret_cast<const unsigned char*>(c.in.data() + at);
      if (have < 2) break;
      const unsigned opcode = p[0] & 0x0fu;
      std::size_t len = p[1] & 0x7fu;
      const std::size_t head = len == 126 ? 4 : len == 127 ? 10 : 2;
      if (have < head) break;
      if (head > 2) len = 0;
      for (std::size_t i = 2; i < head; ++i) len = (len << 8) | p[i];
      if (!(p[1] & 0x80u) || len > kMaxMessage) return kill(c);
      if (have < head + 4 + len) break;
      char* payload = c.in.data() + at + head + 4;
      for (std::size_t i = 0; i < len; ++i) payload[i] = static_cast<char>(payload[i] ^ p[head + i % 4]);
      at += head + 4 + len;
      const std::string_view text(payload, len);
      if (opcode == 0x1) {
        on_text(c, text);
      } else if (opcode == 0x9) {
        deliver(c, frame(text, 0xA));
      } else if (opcode == 0x8) {
        kill(c);
      }
    }
    c.in.erase(0, at);
  }

  void on_text(Client& c, std::string_view text) {
    const Json msg = Json::parse(text, nullptr, false);
    if (msg.is_discarded()) {
      return deliver(c, frame(R"({"code":"bad_request","message":"Not JSON.","type":"reject"})"));
    }
    if (!msg.is_object()) return;
    const std::string type = string_field(msg, "type");
    if (type == "hello") {
      leave(c);
      c.room_id = string_field(msg, "room");
      c.room = &rooms_[c.room_id];
      c.slot = c.room->clients.size();
      c.room->clients.push_back(&c);
      c.chair = string_field(msg, "role") == "facilitator" && string_field(msg, "key") == key_;
      const Json welcome = {{"epoch", epoch_},
                            {"room", c.room_id},
                            {"seq", c.room->seq},
                            {"snapshot", Json::object()},
                            {"type", "welcome"}};
      return deliver(c, frame(welcome.dump()));
    }
    if (!c.room || !c.chair) return;
    Json event;
    if (type == "queue.add") {
      const auto affiliation = msg.find("affiliation");
      Json entry = {{"added_at_ms", now_ms()},
                    {"affiliation", affiliation != msg.end() ? *affiliation : Json("")},
                    {"id", "e" + std::to_string(next_entry_++)},
                    {"kind", "new_point"}};
      if (const auto name = msg.find("name"); name != msg.end()) entry["name"] = *name;
      event = {{"entry", std::move(entry)}, {"type", "queue.joined"}};
    } else if (type == "queue.remove") {
      event = {{"type", "queue.removed"}};
      if (const auto id = msg.find("entry_id"); id != msg.end()) event["entry_id"] = *id;
    } else {
      return;
    }
    const std::uint64_t seq = ++c.room->seq;
    const Json message = {{"epoch", epoch_},   {"event", event}, {"prev_seq", seq - 1},
                          {"room", c.room_id}, {"seq", seq},     {"server_time_ms", now_ms()},
                          {"type", "event"}};
    const std::string bytes = frame(message.dump());
    for (Client* other : c.room->clients) deliver(*other, bytes);
    Json ack = {{"seq", seq}, {"type", "ack"}};
    if (event.contains("entry")) ack["entry_id"] = event["entry"]["id"];
    if (const auto op = msg.find("op_id"); op != msg.end()) ack["op_id"] = *op;
    deliver(c, frame(ack.dump()));
  }

  void deliver(Client& c, std::string_view bytes) {
    if (c.dead) return;
    if (!c.out.empty()) {
      c.out.append(bytes);
      return;
    }
    const ssize_t n = send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return kill(c);
    const std::size_t sent = n < 0 ? 0 : static_cast<std::size_t>(n);
    if (sent == bytes.size()) return;
    c.out.assign(bytes.substr(sent));
    watch(c, EPOLLIN | EPOLLOUT);
  }

  void watch(Client& c, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = c.fd;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void kill(Client& c) {
    if (c.dead) return;
    c.dead = true;
    dead_.push_back(&c);
  }

  void leave(Client& c) {
    if (!c.room) return;
    std::vector<Client*>& members = c.room->clients;
    members[c.slot] = members.back();
    members[c.slot]->slot = c.slot;
    members.pop_back();
    c.room = nullptr;
  }

  void close_dead() {
    for (Client* c : dead_) {
      leave(*c);
      close(c->fd);
      clients_[static_cast<std::size_t>(c->fd)].reset();
    }
    dead_.clear();
  }

  int epoll_;
  int listener_;
  int signals_;
  std::string epoch_ = random_hex(8);
  std::string key_ = random_hex(16);
  std::uint64_t next_entry_ = 1;
  std::vector<std::unique_ptr<Client>> clients_;  // by descriptor
  std::map<std::string, Room, std::less<>> rooms_;
  std::vector<Client*> dead_;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

int main(int argc, char** argv) {
  std::string bind_address = "127.0.0.1";
  int port = 0;
  for (int i = 1; i < argc; i += 2) {
    const std::string_view name = argv[i];
    if (i + 1 < argc && name == "--port") {
      port = std::atoi(argv[i + 1]);
    } else if (i + 1 < argc && name == "--bind") {
      bind_address = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: podium_epoll_baseline [--port 0] [--bind 127.0.0.1]\n");
      return 2;
    }
  }
  // As Node does at start-up: every descriptor the hard limit allows.
  if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  // SIGTERM and SIGINT arrive as a readable descriptor, so the loop ends between two batches.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigprocmask(SIG_BLOCK, &stop, nullptr);
  const int signals = signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC);

  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  socklen_t size = sizeof address;
  if (signals < 0 || listener < 0 || inet_pton(AF_INET, bind_address.c_str(), &address.sin_addr) != 1 ||
      bind(listener, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(listener, SOMAXCONN) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    std::perror("podium_epoll_baseline: cannot listen");
    return 1;
  }
  Server server(listener, signals);
  std::printf("epoll baseline listening on http://%s:%u\n", bind_address.c_str(), ntohs(address.sin_port));
  for (const char* room : {"plenary", "group-1", "group-2", "group-3"})
    std::printf("  facilitator key for %s: %s\n", room, server.key().c_str());
  std::fflush(stdout);
  return server.run();
}
