// podium: the live floor of a structured meeting. Loads the meeting file, opens (or creates) the SQLite
// record, replays every room from its log, and serves the web client and /ws until SIGINT/SIGTERM.
// Subcommands work on the record without serving it: `podium backup`, `podium restore`,
// `podium export` and `podium purge`. With no subcommand, podium serves: `podium [serve options]`.
#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/hub.hpp"
#include "app/meeting.hpp"
#include "net/server.hpp"
#include "record/exports.hpp"
#include "record/purge.hpp"
#include "store/backup.hpp"
#include "store/backup_scheduler.hpp"
#include "store/committer.hpp"
#include "store/event_store.hpp"

namespace fs = std::filesystem;
using podium::core::Millis;

namespace {

// The log, one JSON object per line ({"ts", "level", "msg"}), so that whatever collects it can parse it
// whatever a message contains. What is logged never holds keys, device ids or what people wrote.
class JsonLines final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since = msg.time.time_since_epoch();
    const std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since).count();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char ts[32];
    const std::size_t n = std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(ts + n, sizeof ts - n, ".%03dZ", static_cast<int>(millis));
    const auto level = spdlog::level::to_string_view(msg.level);
    const nlohmann::ordered_json line{{"ts", ts},
                                      {"level", std::string_view(level.data(), level.size())},
                                      {"msg", std::string_view(msg.payload.data(), msg.payload.size())}};
    // Invalid UTF-8 (a path, an OS message) is replaced rather than lost with the whole line.
    const std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLines>(); }
};

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
  std::vector<std::string> allowed_hosts;
  bool rotate_keys = false;
  std::string backup_dir;             // empty: backups/ beside the database
  double backup_every = 10;           // minutes; 0: no automatic backups
  std::size_t send_queue_kib = 8192;  // what one connection may have waiting to be sent
  std::size_t max_connections_per_address = 4096;
  double address_rate = 2000;  // messages a second from one IP address, all its connections together
};

struct BackupCommand {
  std::string db;
  std::string out;
  bool force = false;
};

struct ExportCommand {
  std::string db;
  std::string meeting = PODIUM_SOURCE_DIR "/server/meetings/geneva-2019.json";
  std::string room;  // empty: the whole meeting
  std::string format = "md";
  std::string table = "turns";
  std::string out;  // empty: standard output
};

struct RestoreCommand {
  std::string from;
  std::string db;
  bool force = false;
};

std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }

fs::path backup_dir_for(const Options& options) {
  if (!options.backup_dir.empty()) return options.backup_dir;
  return fs::path(options.db).parent_path() / "backups";
}

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
  // Before the hub: a backup folder we cannot use must stop the start before any key is made.
  std::optional<podium::store::BackupScheduler> backups;
  if (options.backup_every > 0) {
    podium::store::BackupScheduler::Config config;
    config.db = options.db;
    config.dir = backup_dir_for(options);
    config.every = std::chrono::milliseconds(static_cast<std::int64_t>(options.backup_every * 60'000));
    backups.emplace(std::move(config));
    spdlog::info("a backup every {} min into {} (the newest 20 are kept)", options.backup_every,
                 backup_dir_for(options).string());
  }

  // A commit that fails (disk full, I/O error) is not fatal: its commands are refused, never acked, the
  // rooms roll back, /readyz says so, and the next write that works ends it (see Committer).
  podium::store::Committer committer(store);
  podium::app::HubLimits limits;
  limits.address_rate = options.address_rate;
  limits.address_burst = 5 * options.address_rate;
  podium::app::Hub hub(meeting, store, committer, ioc.get_executor(), wall_clock_ms, options.rotate_keys,
                       limits);

  podium::net::NetConfig net_config;
  net_config.allowed_origins = options.allowed_origins;
  net_config.allowed_hosts = options.allowed_hosts;
  net_config.public_url = options.public_url;
  net_config.db_path = options.db;
  net_config.max_queued_bytes = options.send_queue_kib * 1024;
  net_config.max_connections_per_address = options.max_connections_per_address;
  net_config.meeting = &meeting;
  podium::net::StaticFiles files({{"/", options.web_root}, {"/protocol/", options.protocol_root}});
  podium::net::Server server(std::move(acceptor), net_config, hub, std::move(files),
                             meeting_json_with_codes(meeting, hub));
  server.start();
  const std::string host = options.bind == "0.0.0.0" ? "127.0.0.1" : options.bind;
  const std::string base =
      options.public_url.empty() ? "http://" + host + ":" + std::to_string(port) : options.public_url;

  // Before the listening line: whoever reads it may send SIGTERM at once, and the stop must be clean.
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

  std::cout << "podium " << PODIUM_VERSION << " listening on http://" << host << ":" << port << std::endl;
  std::cout << "  meeting: " << meeting.title << " (" << meeting.rooms.size() << " rooms)" << std::endl;
  std::cout << "  participants: " << base << "/  display: " << base << "/display.html?room=<room>"
            << std::endl;
  print_keys(hub.issued_keys(), base);

  ioc.run();
  committer.stop();
  if (backups) backups->stop();
  store.checkpoint();
  if (backups) backups->backup_now();  // everything committed is in it
  spdlog::info("stopped cleanly");
  return 0;
}

int run_backup(const BackupCommand& command) {
  std::string out = command.out;
  if (fs::is_directory(out)) out = (fs::path(out) / podium::store::backup_file_name(now())).string();
  if (fs::exists(out) && !command.force) {
    std::cerr << "podium backup: " << out << " already exists; pass --force to replace it" << std::endl;
    return 1;
  }
  podium::store::BackupOptions backup_options;
  backup_options.overwrite = command.force;
  try {
    const auto result = podium::store::backup_database(command.db, out, backup_options);
    std::cout << "podium backup: " << command.db << " -> " << result.path << " (" << result.bytes
              << " bytes, " << result.duration.count() << " ms)" << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "podium backup: " << e.what() << std::endl;
    return 1;
  }
}

int run_restore(const RestoreCommand& command) {
  podium::store::RestoreOptions restore_options;
  restore_options.force = command.force;
  try {
    const auto result = podium::store::restore_database(command.from, command.db, restore_options);
    std::cout << "podium restore: " << command.from << " -> " << command.db << " (" << result.bytes
              << " bytes); new epochs:";
    for (const auto& [room, epoch] : result.epochs) std::cout << " " << room << "=" << epoch;
    std::cout << std::endl
              << "Start the server on it; clients that reconnect will see the new epochs and take a fresh "
                 "snapshot."
              << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "podium restore: " << e.what() << std::endl;
    return 1;
  }
}

// Writes `body` to `out` whole or not at all: a hidden file beside it, renamed into place when complete.
void write_whole(const fs::path& out, const std::string& body) {
  const fs::path partial = out.parent_path() / ("." + out.filename().string() + ".partial");
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("cannot write " + out.string() + ": " + std::strerror(errno));
    file << body;
    file.flush();
    if (!file) {
      fs::remove(partial);
      throw std::runtime_error("cannot write " + out.string() + ": " + std::strerror(errno));
    }
  }
  fs::rename(partial, out);
}

int run_export(const ExportCommand& command) {
  try {
    const podium::app::Meeting meeting = podium::app::load_meeting(command.meeting);
    if (!fs::exists(command.db)) throw std::runtime_error("no database at " + command.db);
    // A private copy taken at one instant: a server writing the file meanwhile is not disturbed.
    auto snapshot = podium::store::open_snapshot(command.db);
    std::optional<std::string> room;
    if (!command.room.empty()) room = command.room;
    auto logs = podium::record::load_logs(snapshot->store(), room);
    if (room && logs.empty()) throw std::runtime_error("the database has no room \"" + *room + "\"");
    const std::string name = command.format == "md"    ? "minutes.md"
                             : command.format == "csv" ? command.table + ".csv"
                                                       : "log.json";
    auto file = podium::record::render_export(meeting, logs, name, room.value_or("meeting"));
    if (!file) throw std::runtime_error("nothing to export as " + name);
    if (command.out.empty())
      std::cout << file->body << std::flush;
    else
      write_whole(command.out, file->body);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "podium export: " << e.what() << std::endl;
    return 1;
  }
}

int run_purge(const std::string& db) {
  try {
    if (!fs::exists(db)) throw std::runtime_error("no database at " + db);
    const auto result = podium::record::purge_personal_data(db);
    std::cout << "podium purge: " << db << ": " << result.devices << " device ids replaced, "
              << result.questions << " unpublished questions blanked, " << result.events
              << " events rewritten; every room has a new "
              << "epoch. Restart a server that had it open." << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "podium purge: " << e.what() << std::endl;
    return 1;
  }
}

// Serve options, on the top-level command (`podium [serve options]`); returned so that a subcommand
// can refuse them.
std::vector<CLI::Option*> add_serve_options(CLI::App& cli, Options& options) {
  std::vector<CLI::Option*> added;
  added.push_back(cli.add_option("--port,-p", options.port, "TCP port to listen on (0 picks a free one)")
                      ->capture_default_str());
  added.push_back(cli.add_option("--bind,-b", options.bind, "address to bind (0.0.0.0 for the venue network)")
                      ->capture_default_str());
  added.push_back(
      cli.add_option("--meeting,-m", options.meeting, "meeting file (JSON)")->capture_default_str());
  added.push_back(cli.add_option("--db,-d", options.db, "SQLite database file (created if missing)")
                      ->capture_default_str());
  added.push_back(
      cli.add_option("--web-root", options.web_root, "folder of the browser client")->capture_default_str());
  added.push_back(
      cli.add_option("--protocol-root", options.protocol_root, "folder of the protocol's JS module")
          ->capture_default_str());
  added.push_back(cli.add_option("--public-url", options.public_url,
                                 "base URL people use to reach this server (for printed links)"));
  added.push_back(cli.add_option("--allow-origin", options.allowed_origins,
                                 "extra Origin allowed to open /ws (repeatable)"));
  added.push_back(cli.add_option("--allow-host", options.allowed_hosts,
                                 "a name people reach this server by, besides IP addresses, localhost and "
                                 "--public-url's (repeatable; e.g. podium.local)"));
  added.push_back(cli.add_option("--send-queue-kib", options.send_queue_kib,
                                 "how much may wait for one slow connection before it is closed (4503)")
                      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20))
                      ->capture_default_str());
  added.push_back(cli.add_option("--max-connections-per-address", options.max_connections_per_address,
                                 "open WebSockets allowed from one IP address (a venue's NAT is one)")
                      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
                      ->capture_default_str());
  added.push_back(cli.add_option("--address-rate", options.address_rate,
                                 "messages a second from one IP address before a key (bursts of 5x)")
                      ->check(CLI::Range(1.0, 1e7))
                      ->capture_default_str());
  added.push_back(cli.add_flag("--rotate-keys", options.rotate_keys,
                               "issue new facilitator and organizer keys and print them"));
  added.push_back(cli.add_option("--backup-dir", options.backup_dir,
                                 "folder for automatic backups (default: backups/ beside --db)"));
  added.push_back(cli.add_option("--backup-every", options.backup_every,
                                 "minutes between automatic backups, one more at shutdown (0: none)")
                      ->capture_default_str()
                      ->check(CLI::NonNegativeNumber));
  return added;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must show up as a failed write (EFBIG), not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  Options options;
  CLI::App cli{
      "Podium: speaker queue, timers, questions and polls for a live meeting.\n"
      "With no subcommand it serves the meeting: podium [serve options]",
      "podium"};
  cli.set_version_flag("--version", std::string("podium ") + PODIUM_VERSION);
  cli.require_subcommand(0, 1);
  const std::vector<CLI::Option*> serve_options = add_serve_options(cli, options);
  cli.add_option("--log-level,-l", options.log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

  BackupCommand backup;
  CLI::App* backup_cli = cli.add_subcommand(
      "backup", "copy a database safely, even while a server is writing it (SQLite online backup)");
  backup_cli->add_option("--db,-d", backup.db, "the database to back up")->required();
  backup_cli
      ->add_option("--out,-o", backup.out,
                   "the backup file to write (or a folder: podium-YYYYMMDD-HHMMSS.db in it)")
      ->required();
  backup_cli->add_flag("--force", backup.force, "replace --out if it exists");

  RestoreCommand restore;
  CLI::App* restore_cli = cli.add_subcommand(
      "restore", "put a backup in place as a database, with a new epoch for every room (server stopped)");
  restore_cli->add_option("--from", restore.from, "the backup file")->required();
  restore_cli->add_option("--db,-d", restore.db, "the database to create or, with --force, replace")
      ->required();
  restore_cli->add_flag("--force", restore.force,
                        "replace --db if it exists (refused while a server uses it)");

  ExportCommand exporting;
  CLI::App* export_cli = cli.add_subcommand(
      "export", "write the minutes (md), a table (csv) or the whole log (json), even while a server runs");
  export_cli->add_option("--db,-d", exporting.db, "the database to read")->required();
  export_cli->add_option("--meeting,-m", exporting.meeting, "the meeting file (titles, times, time zone)")
      ->capture_default_str();
  export_cli->add_option("--room,-r", exporting.room, "one room (default: the whole meeting)");
  export_cli->add_option("--format,-f", exporting.format, "md, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"md", "csv", "json"}));
  export_cli->add_option("--table,-t", exporting.table, "for csv: turns, questions or polls")
      ->capture_default_str()
      ->check(CLI::IsMember({"turns", "questions", "polls"}));
  export_cli->add_option("--out,-o", exporting.out, "the file to write (default: standard output)");

  std::string purge_db;
  CLI::App* purge_cli = cli.add_subcommand(
      "purge",
      "after the meeting is closed and exported: replace device ids and blank unpublished questions");
  purge_cli->add_option("--db,-d", purge_db, "the database to purge (take a backup first)")->required();

  CLI11_PARSE(cli, argc, argv);

  auto logger = spdlog::stderr_color_mt("podium");
  logger->set_formatter(std::make_unique<JsonLines>());
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(options.log_level));

  const CLI::App* command = cli.get_subcommands().empty() ? nullptr : cli.get_subcommands().front();
  if (command) {
    for (const CLI::Option* option : serve_options)
      if (option->count() > 0) {
        std::cerr << "podium " << command->get_name() << ": " << option->get_name()
                  << " is a serve option; see podium " << command->get_name() << " --help" << std::endl;
        return 2;
      }
  }
  if (command == backup_cli) return run_backup(backup);
  if (command == restore_cli) return run_restore(restore);
  if (command == export_cli) return run_export(exporting);
  if (command == purge_cli) return run_purge(purge_db);

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
