// podium: the live floor of a structured meeting. Loads the meeting file, opens (or creates) the SQLite
// record, replays every room from its log, and serves the web client and /ws until SIGINT/SIGTERM.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <iostream>

#include "app/hub.hpp"
#include "app/meeting.hpp"
#include "net/server.hpp"
#include "store/committer.hpp"
#include "store/event_store.hpp"

namespace fs = std::filesystem;
using podium::core::Millis;

namespace {

struct Options {
  std::uint16_t port = 8080;
  std::string bind = "127.0.0.1";
  std::string meeting = PODIUM_SOURCE_DIR "/server/meetings/geneva-2019.json";
  std::string db = "data/podium.db";
  std::string web_root = PODIUM_SOURCE_DIR "/web-client";
  std::string protocol_root = PODIUM_SOURCE_DIR "/protocol/js";
  std::string log_level = "info";
  std::string public_url;
  std::vector<std::string> allowed_origins;
  bool rotate_keys = false;
};

Millis wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string meeting_json_with_codes(const podium::app::Meeting& meeting, const podium::app::Hub& hub) {
  nlohmann::json j = podium::app::meeting_to_json(meeting);
  for (auto& room : j["rooms"]) {
    auto it = hub.rooms().find(room["id"].get<std::string>());
    if (it == hub.rooms().end()) continue;
    room["join_code"] = it->second->info().join_code;
    room["join_path"] = "/j/" + it->second->info().join_code;
    room["qr_path"] = "/api/rooms/" + it->second->info().id + "/qr.svg";
  }
  return j.dump();
}

// Keys go to standard output, once, and never into the log.
void print_keys(const std::vector<podium::app::IssuedKey>& keys, const std::string& base) {
  if (keys.empty()) {
    std::cout << "Facilitator and organizer keys were shown when they were made; run with --rotate-keys for "
                 "new ones."
              << std::endl;
    return;
  }
  std::cout << "New keys (shown only this once; keep them safe):" << std::endl;
  for (const auto& k : keys) {
    if (k.room.empty())
      std::cout << "  organizer key: " << k.key << "  " << base << "/organizer.html#key=" << k.key
                << std::endl;
    else
      std::cout << "  facilitator key for " << k.room << ": " << k.key << "  " << base
                << "/facilitator.html?room=" << k.room << "#key=" << k.key << std::endl;
  }
}

// Every phone is a socket: take all the descriptors the system allows (the soft limit is often 1024).
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

boost::asio::ip::tcp::acceptor listen(boost::asio::io_context& ioc, const Options& options) {
  try {
    return podium::net::listen_on(ioc, options.bind, options.port);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + options.bind + ":" + std::to_string(options.port) + ": " +
                             e.code().message());
  }
}

int serve(const Options& options) {
  raise_file_limit();
  const podium::app::Meeting meeting = podium::app::load_meeting(options.meeting);
  boost::asio::io_context ioc(1);
  // Bind before anything is created: a busy port must not cost the keys made below.
  boost::asio::ip::tcp::acceptor acceptor = listen(ioc, options);
  const std::uint16_t port = acceptor.local_endpoint().port();
  if (auto parent = fs::path(options.db).parent_path(); !parent.empty()) fs::create_directories(parent);
  podium::store::EventStore store(options.db);
  spdlog::info("database {} (schema {})", options.db, podium::store::EventStore::kSchemaVersion);

  podium::store::Committer committer(store, [](const std::exception& e) {
    // An event we could not write must never be acked: stop now; the restart replays the log.
    spdlog::critical("commit failed, stopping: {}", e.what());
    spdlog::default_logger_raw()->flush();
    std::_Exit(70);
  });
  podium::app::Hub hub(meeting, store, committer, ioc.get_executor(), wall_clock_ms, options.rotate_keys);

  podium::net::NetConfig net_config;
  net_config.allowed_origins = options.allowed_origins;
  net_config.public_url = options.public_url;
  podium::net::StaticFiles files({{"/", options.web_root}, {"/protocol/", options.protocol_root}});
  podium::net::Server server(std::move(acceptor), net_config, hub, std::move(files),
                             meeting_json_with_codes(meeting, hub));
  server.start();
  const std::string host = options.bind == "0.0.0.0" ? "127.0.0.1" : options.bind;
  const std::string base =
      options.public_url.empty() ? "http://" + host + ":" + std::to_string(port) : options.public_url;

  std::cout << "podium " << PODIUM_VERSION << " listening on http://" << host << ":" << port << std::endl;
  std::cout << "  meeting: " << meeting.title << " (" << meeting.rooms.size() << " rooms)" << std::endl;
  std::cout << "  participants: " << base << "/  display: " << base << "/display.html?room=<room>"
            << std::endl;
  print_keys(hub.issued_keys(), base);

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  boost::asio::steady_timer drain(ioc);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: closing connections", signal);
    server.stop();
    // Give the close handshakes a moment, then stop the loop.
    drain.expires_after(std::chrono::milliseconds(500));
    drain.async_wait([&](const boost::system::error_code&) { ioc.stop(); });
  });
  ioc.run();
  committer.stop();
  store.checkpoint();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App cli{"Podium: speaker queue, timers, questions and polls for a live meeting.", "podium"};
  cli.set_version_flag("--version", std::string("podium ") + PODIUM_VERSION);
  cli.add_option("--port,-p", options.port, "TCP port to listen on (0 picks a free one)")
      ->capture_default_str();
  cli.add_option("--bind,-b", options.bind, "address to bind (0.0.0.0 for the venue network)")
      ->capture_default_str();
  cli.add_option("--meeting,-m", options.meeting, "meeting file (JSON)")->capture_default_str();
  cli.add_option("--db,-d", options.db, "SQLite database file (created if missing)")->capture_default_str();
  cli.add_option("--web-root", options.web_root, "folder of the browser client")->capture_default_str();
  cli.add_option("--protocol-root", options.protocol_root, "folder of the protocol's JS module")
      ->capture_default_str();
  cli.add_option("--log-level,-l", options.log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  cli.add_option("--public-url", options.public_url,
                 "base URL people use to reach this server (for printed links)");
  cli.add_option("--allow-origin", options.allowed_origins, "extra Origin allowed to open /ws (repeatable)");
  cli.add_flag("--rotate-keys", options.rotate_keys,
               "issue new facilitator and organizer keys and print them");
  CLI11_PARSE(cli, argc, argv);

  auto logger = spdlog::stderr_color_mt("podium");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  try {
    return serve(options);
  } catch (const podium::app::MeetingError& e) {
    std::cerr << "podium: cannot load the meeting: " << e.what() << std::endl;
  } catch (const podium::store::StoreError& e) {
    std::cerr << "podium: database problem: " << e.what() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "podium: " << e.what() << std::endl;
  }
  return 1;
}
