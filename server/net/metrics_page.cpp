// GET /metrics in Prometheus' text exposition format (version 0.0.4): the hub's counters, and gauges
// read from the open connections and rooms at the moment of the scrape. Counts only: no key, device,
// name or question text is ever a label.
#include <fmt/format.h>

#include <map>

#include "protocol/cpp/codec.hpp"
#include "server.hpp"
#include "websocket_session.hpp"

namespace podium::net {

namespace {

void header(std::string& out, const char* name, const char* type, const char* help) {
  fmt::format_to(std::back_inserter(out), "# HELP {0} {1}\n# TYPE {0} {2}\n", name, help, type);
}

void single(std::string& out, const char* name, const char* type, const char* help, auto value) {
  header(out, name, type, help);
  fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
}

}  // namespace

std::string Server::metrics_text() const {
  const app::Metrics& m = hub_.metrics();
  std::string out;
  out.reserve(8192);

  // Connections by role ("unjoined": upgraded, no hello yet), and what waits in their send queues.
  std::map<std::string_view, std::size_t> by_role{
      {"participant", 0}, {"display", 0}, {"facilitator", 0}, {"organizer", 0}, {"unjoined", 0}};
  std::size_t queued = 0;
  std::size_t backlogged = 0;
  for (const WebSocketSession* s : sessions_) {
    ++by_role[app::Hub::joined(*s) ? protocol::to_string(s->session.role) : "unjoined"];
    queued += s->queued_bytes();
    backlogged += s->backlogged() ? 1U : 0U;
  }
  header(out, "podium_connections", "gauge", "Open WebSocket connections by role.");
  for (const auto& [role, n] : by_role)
    fmt::format_to(std::back_inserter(out), "podium_connections{{role=\"{}\"}} {}\n", role, n);
  single(out, "podium_send_queue_bytes", "gauge",
         "Bytes waiting in send queues for connections that have not taken them yet.", queued);
  single(out, "podium_backlogged_connections", "gauge", "Connections with messages waiting to be sent.",
         backlogged);

  single(out, "podium_messages_in_total", "counter", "Text messages received over WebSockets.",
         m.messages_in);
  single(out, "podium_messages_out_total", "counter", "Messages sent (or queued) over WebSockets.",
         m.messages_out);
  header(out, "podium_rejects_total", "counter", "Messages and commands refused, by reject code.");
  for (std::size_t i = 0; i < m.rejects.size(); ++i)
    fmt::format_to(std::back_inserter(out), "podium_rejects_total{{code=\"{}\"}} {}\n",
                   core::to_string(static_cast<core::RejectCode>(i)), m.rejects[i]);
  header(out, "podium_rate_limited_total", "counter",
         "Messages refused as too frequent: by a connection's own allowance or its address's shared one.");
  fmt::format_to(std::back_inserter(out), "podium_rate_limited_total{{scope=\"connection\"}} {}\n",
                 m.rate_limited_device);
  fmt::format_to(std::back_inserter(out), "podium_rate_limited_total{{scope=\"address\"}} {}\n",
                 m.rate_limited_address);
  single(out, "podium_slow_consumer_closes_total", "counter",
         "Connections closed with 4503 because they fell too far behind.", m.slow_closes);

  std::uint64_t tallies = 0;
  std::uint64_t coalesced = 0;
  header(out, "podium_room_seq", "gauge", "The last committed event of each room.");
  for (const auto& [id, room] : hub_.rooms()) {
    fmt::format_to(std::back_inserter(out), "podium_room_seq{{room=\"{}\"}} {}\n", id, room->seq());
    tallies += room->tallies_sent();
    coalesced += room->tallies_coalesced();
  }
  single(out, "podium_tallies_sent_total", "counter",
         "Tallies (upvote and vote counts) sent to a room's stream.", tallies);
  single(out, "podium_tallies_coalesced_total", "counter",
         "Tallies not queued for a backlogged connection, which got the latest counts when it caught up.",
         coalesced);
  m.commit_latency.render(out, "podium_commit_latency_seconds",
                          "From a batch of events decided to the room told it is on disk (fsync included).");
  single(out, "podium_storage_writable", "gauge",
         "1 while the record can be written, 0 after a failed commit.", hub_.storage_writable() ? 1 : 0);
  single(
      out, "podium_uptime_seconds", "gauge", "Seconds since the server started.",
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count());
  return out;
}

}  // namespace podium::net
