#include "hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "keys.hpp"
#include "protocol/cpp/codec.hpp"
#include "protocol/cpp/codec_domain.hpp"
#include "protocol/cpp/text.hpp"
#include "server/core/overloaded.hpp"

namespace podium::app {
namespace {

using core::Overloaded;
constexpr const char* kOrganizerKeyMeta = "organizer_key_hash";

// The room's plan from the meeting file. A block named like an agenda item starts when that item does;
// any other block follows the one before it, and the first starts with the first agenda item that lists
// the room (a group's presentations at 10:45, its discussion at 11:15).
std::vector<core::Block> plan_for(const Meeting& meeting, const RoomConfig& config) {
  std::optional<int> next_start;
  for (const AgendaItem& item : meeting.agenda)
    if (std::find(item.rooms.begin(), item.rooms.end(), config.id) != item.rooms.end()) {
      next_start = minute_of_day(item.start);
      break;
    }
  std::vector<core::Block> blocks;
  int slots = 0;
  for (const Block& b : config.blocks) {
    core::Block block;
    block.id = b.id;
    // The meeting loader accepted only names the protocol knows.
    block.kind = protocol::detail::value_of(b.kind, protocol::kBlockKinds).value_or(core::BlockKind::session);
    block.title = b.title;
    block.planned_ms = b.minutes * 60 * 1000;
    block.max_presenters = b.max_presenters;
    auto same = std::find_if(meeting.agenda.begin(), meeting.agenda.end(),
                             [&](const AgendaItem& item) { return item.id == b.id; });
    block.plan_start_min = same != meeting.agenda.end() ? minute_of_day(same->start) : next_start;
    next_start = block.plan_start_min ? std::optional(*block.plan_start_min + static_cast<int>(b.minutes))
                                      : std::nullopt;
    for (const Presenter& p : b.presenters)
      block.slots.push_back(core::Slot{
          "s" + std::to_string(++slots), p.name, p.affiliation, 0, core::SlotStatus::waiting, 0, 0, 0, 0,
          protocol::detail::value_of(p.affiliation_kind, protocol::kAffiliationKinds)
              .value_or(core::AffiliationKind::unknown)});
    blocks.push_back(std::move(block));
  }
  return blocks;
}

core::RoomState initial_state_for(const Meeting& meeting, const RoomConfig& config) {
  core::RoomSetup setup;
  setup.room = config.id;
  setup.settings = core::RoomSettings{config.speaking_seconds * 1000, config.warning_seconds * 1000};
  if (!config.blocks.empty()) {
    setup.segment.label = config.blocks.front().title;
    setup.segment.duration_ms = config.blocks.front().minutes * 60 * 1000;
    setup.segment.warning_ms = core::segment_warning(setup.segment.duration_ms);
  }
  setup.guiding_questions = config.guiding_questions;
  for (const AgendaItem& item : meeting.agenda) setup.agenda_items.push_back(item.id);
  setup.blocks = plan_for(meeting, config);
  // A group's conclusions go to the meeting's plenary.
  if (config.kind == "group")
    for (const RoomConfig& other : meeting.rooms)
      if (other.kind == "plenary") {
        setup.handoff_to = other.id;
        break;
      }
  return core::initial_state(std::move(setup));
}

std::string unique_join_code(const std::set<std::string>& taken) {
  for (;;) {
    std::string code = random_code(6);
    if (!taken.contains(code)) return code;
  }
}

}  // namespace

Hub::Hub(const Meeting& meeting, store::EventStore& store, store::Committer& committer,
         boost::asio::any_io_executor executor, Clock clock, bool rotate_keys, HubLimits limits)
    : clock_(std::move(clock)), limits_(limits), committer_(committer), handoff_retry_(executor) {
  std::map<std::string, store::RoomRow> rows;
  std::set<std::string> codes;
  for (auto& row : store.rooms()) {
    codes.insert(row.join_code);
    rows.emplace(row.id, std::move(row));
  }
  for (const RoomConfig& config : meeting.rooms) {
    auto it = rows.find(config.id);
    const core::RoomState configured = initial_state_for(meeting, config);
    if (it == rows.end()) {
      const std::string initial = protocol::state_to_json(configured, protocol::Audience::log).dump();
      store::RoomRow row{config.id, random_hex(8), unique_join_code(codes), "", initial, clock_()};
      const std::string key = random_code(24);
      row.facilitator_key_hash = sha256_hex(key);
      store.insert_room(row);
      codes.insert(row.join_code);
      issued_keys_.push_back(IssuedKey{config.id, key});
      it = rows.emplace(config.id, std::move(row)).first;
    }
    const store::RoomRow& row = it->second;
    // Replay starts from the state the room was created with, so the log alone reproduces the day
    // even if the meeting file is edited later.
    core::RoomState initial = protocol::state_from_json(protocol::Json::parse(row.initial_state));
    if (initial != configured)
      spdlog::warn(
          "room {}: the meeting file's settings changed since the room was created; the room keeps "
          "its recorded settings (the facilitator can change them live)",
          row.id);
    auto room = std::make_unique<Room>(
        RoomInfo{row.id, config.title, row.join_code, row.epoch, row.facilitator_key_hash},
        std::move(initial), committer, executor, clock_, metrics_);
    room->replay(store);
    room->start();
    room->on_rolled_back([this] { retry_handoffs(); });
    spdlog::info("room {} ready at seq {}", row.id, room->seq());
    rooms_.emplace(row.id, std::move(room));
  }
  for (const auto& [id, row] : rows)
    if (!meeting.room(id))
      spdlog::warn("room {} is in the database but not in the meeting file; not served", id);

  auto organizer = store.meta(kOrganizerKeyMeta);
  if (!organizer || rotate_keys) {
    const std::string key = random_code(24);
    organizer = sha256_hex(key);
    store.set_meta(kOrganizerKeyMeta, *organizer);
    issued_keys_.push_back(IssuedKey{"", key});
  }
  organizer_key_hash_ = *organizer;
  // Last: from the first execute on, the committer thread owns the store.
  // A handoff is committed in its group first and then in the plenary; a crash between the two is
  // made good here.
  for (const auto& [id, room] : rooms_) forward_handoffs(*room);
  if (rotate_keys) {
    for (const auto& [id, room] : rooms_) {
      if (issued_now(id)) continue;  // made just now with the room
      // Like the organizer's rotation: an event in the room's log, which replay honours.
      const std::string key = random_code(24);
      room->execute(core::RotateKey{sha256_hex(key), key}, core::Context{core::Role::system, "", clock_()},
                    "", nullptr);
      issued_keys_.push_back(IssuedKey{id, key});
    }
  }
}

Room* Hub::room(const std::string& id) {
  auto it = rooms_.find(id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

bool Hub::issued_now(const std::string& room) const {
  return std::any_of(issued_keys_.begin(), issued_keys_.end(),
                     [&](const IssuedKey& k) { return k.room == room; });
}

Room* Hub::room_by_code(std::string_view code) {
  std::string upper(code);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& [id, room] : rooms_)
    if (room->info().join_code == upper) return room.get();
  return nullptr;
}

void Hub::on_open(const std::shared_ptr<Peer>& peer) {
  peer->session.bucket.configure(limits_.participant_rate, limits_.participant_burst);
}

void Hub::on_close(const std::shared_ptr<Peer>& peer) {
  if (peer->session.room) peer->session.room->unsubscribe(peer.get());
  peer->session.room = nullptr;
}

void Hub::reject(const std::shared_ptr<Peer>& peer, std::string op_id, core::RejectCode code,
                 std::string message, std::optional<std::int64_t> retry_after_ms) {
  refuse(metrics_, peer, protocol::Reject{std::move(op_id), code, std::move(message), retry_after_ms});
}

void Hub::on_message(const std::shared_ptr<Peer>& peer, std::string_view text) {
  PeerSession& s = peer->session;
  const bool chair = joined(*peer) && protocol::audience_of(s.role) == protocol::Audience::chair;
  const std::size_t limit = chair ? limits_.facilitator_message_bytes : limits_.participant_message_bytes;
  auto decoded = protocol::decode_client(text, limit);
  if (auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
    if (++s.malformed_in_a_row >= limits_.malformed_before_close) {
      peer->close(protocol::close_code::kPolicy, "too many malformed messages");
      return;
    }
    reject(peer, error->op_id, error->code, error->message);
    return;
  }
  s.malformed_in_a_row = 0;
  auto& message = std::get<protocol::ClientMessage>(decoded);
  const core::Millis now = clock_();
  std::int64_t wait = s.bucket.take(now);
  if (wait > 0) {
    ++metrics_.rate_limited_device;
  } else if (s.address_bucket && !chair && !std::holds_alternative<protocol::Ping>(message)) {
    // A phone's heartbeat is not counted against its neighbours: a venue's NAT puts thousands of
    // quiet phones, each pinging every few seconds, behind one address.
    wait = s.address_bucket->take(now);
    if (wait > 0) ++metrics_.rate_limited_address;
  }
  if (wait > 0) {
    const auto* command = std::get_if<protocol::CommandMessage>(&message);
    reject(peer, command ? command->op_id : "", core::RejectCode::rate_limited,
           "Too many messages; try again in a moment.", wait);
    return;
  }
  std::visit(
      Overloaded{
          [&](const protocol::Hello& h) { hello(peer, h); },
          [&](const protocol::Ping& p) {
            peer->deliver(std::make_shared<const std::string>(protocol::encode(protocol::Pong{p.t0, now})));
          },
          [&](const protocol::Sync& sync) {
            if (!joined(*peer)) return reject(peer, "", core::RejectCode::not_joined, "Say hello first.");
            peer->deliver(s.room->welcome(s, sync.resume));
          },
          [&](const protocol::CommandMessage& c) {
            if (!joined(*peer))
              return reject(peer, c.op_id, core::RejectCode::not_joined, "Say hello first.");
            if (s.role == core::Role::display)
              return reject(peer, c.op_id, core::RejectCode::forbidden, "The display is read-only.");
            command(peer, c, now);
          },
      },
      message);
}

void Hub::command(const std::shared_ptr<Peer>& peer, const protocol::CommandMessage& c, core::Millis now) {
  PeerSession& s = peer->session;
  const core::Context context{s.role, s.device, now};
  if (std::holds_alternative<core::RotateKey>(c.command)) {
    // The key is made here, outside core; only its hash enters the log, the key itself only the ack.
    const std::string key = random_code(24);
    s.room->execute(core::RotateKey{sha256_hex(key), key}, context, c.op_id, peer);
    return;
  }
  // A command other rooms follow goes to disk with its followers in one transaction, or not at all.
  std::optional<store::Committer::Group> together;
  if (std::holds_alternative<core::SendHandoff>(c.command) ||
      std::holds_alternative<core::CloseMeeting>(c.command) ||
      std::holds_alternative<core::SetAgenda>(c.command))
    together.emplace(committer_);
  const bool accepted = s.room->execute(c.command, context, c.op_id, peer);
  if (accepted && std::holds_alternative<core::SendHandoff>(c.command)) forward_handoffs(*s.room);
  if (accepted && std::holds_alternative<core::CloseMeeting>(c.command)) {
    // Like the agenda, closing is the meeting's: every room records it.
    for (const auto& [id, room] : rooms_)
      if (room.get() != s.room && room->pending_state().closed_at_ms == 0)
        room->execute(core::CloseMeeting{}, context, "", nullptr);
  }
  if (const auto* agenda = std::get_if<core::SetAgenda>(&c.command); agenda && accepted) {
    // The agenda is the meeting's: every other room records the move too. The organizer's own room
    // answered (and checked the precondition); the others follow from wherever they are.
    for (const auto& [id, room] : rooms_) {
      if (room.get() == s.room || room->pending_state().agenda_item == agenda->item_id) continue;
      room->execute(core::SetAgenda{agenda->item_id, room->pending_state().agenda_item}, context, "",
                    nullptr);
    }
  }
}

bool Hub::may_read_record(const std::string& room, const std::string& key) const {
  if (key.empty()) return false;
  const std::string hash = sha256_hex(key);
  if (constant_time_equal(hash, organizer_key_hash_)) return true;
  auto it = rooms_.find(room);
  return it != rooms_.end() && constant_time_equal(hash, it->second->info().facilitator_key_hash);
}

void Hub::forward_handoffs(Room& from) {
  const core::RoomState& state = from.pending_state();
  Room* plenary = room(state.handoff_to);
  if (!plenary) return;
  for (const core::Handoff& h : state.handoffs) {
    if (h.from_room != state.room) continue;
    const auto& received = plenary->pending_state().handoffs;
    const bool arrived = std::any_of(received.begin(), received.end(), [&](const core::Handoff& r) {
      return r.from_room == h.from_room && r.id == h.id;
    });
    if (!arrived)
      plenary->execute(core::ReceiveHandoff{h}, core::Context{core::Role::system, "", clock_()}, "", nullptr);
  }
}

void Hub::retry_handoffs() {
  if (handoff_retry_.expiry() > std::chrono::steady_clock::now()) return;  // already on its way
  handoff_retry_.expires_after(store::Committer::kRetryAfter);
  handoff_retry_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    for (const auto& [id, room] : rooms_) forward_handoffs(*room);
  });
}

void Hub::hello(const std::shared_ptr<Peer>& peer, const protocol::Hello& h) {
  PeerSession& s = peer->session;
  if (joined(*peer))
    return reject(peer, "", core::RejectCode::already_joined, "This connection has already joined a room.");
  if (h.protocol != protocol::kProtocolVersion)
    return reject(peer, "", core::RejectCode::unsupported_version,
                  "This server speaks protocol " + std::to_string(protocol::kProtocolVersion) +
                      "; please reload the page.");
  Room* room = this->room(h.room);
  if (!room)
    return reject(peer, "", core::RejectCode::unknown_room,
                  "There is no room " + protocol::quote_input(h.room) + ".");
  if (h.role != core::Role::display && !valid_device_token(h.device))
    return reject(peer, "", core::RejectCode::bad_request,
                  "A device token of 16 to 64 letters, digits, '-' or '_' is required.");
  if (h.role == core::Role::facilitator || h.role == core::Role::organizer) {
    const std::string& expected =
        h.role == core::Role::facilitator ? room->info().facilitator_key_hash : organizer_key_hash_;
    const bool ok = !h.key.empty() && constant_time_equal(sha256_hex(h.key), expected);
    // The organizer's key opens every room's facilitator controls too.
    const bool organizer_ok = !h.key.empty() && constant_time_equal(sha256_hex(h.key), organizer_key_hash_);
    if (!ok && !organizer_ok)
      return reject(peer, "", core::RejectCode::bad_key, "That key is not valid for this room.");
    // Which key opened this session: rotating the room's key ends exactly the sessions it opened.
    s.key_hash = ok && h.role == core::Role::facilitator ? expected : "";
    s.bucket.configure(limits_.facilitator_rate, limits_.facilitator_burst);
  }
  s.role = h.role;
  s.device = h.role == core::Role::display && h.device.empty() ? "" : device_id(h.device);
  s.room = room;
  peer->deliver(room->welcome(s, h.resume));
  room->subscribe(peer);
}

}  // namespace podium::app
