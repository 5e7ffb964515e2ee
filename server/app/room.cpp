#include "room.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "protocol/cpp/codec.hpp"

namespace podium::app {
namespace {

std::string created_entry(const core::Event& event) {
  if (const auto* joined = std::get_if<core::QueueJoined>(&event)) return joined->entry.id;
  return {};
}

void send(const std::shared_ptr<Peer>& peer, const protocol::ServerMessage& message) {
  peer->deliver(std::make_shared<const std::string>(protocol::encode(message)));
}

}  // namespace

Room::Room(RoomInfo info, core::RoomState initial, store::Committer& committer,
           boost::asio::any_io_executor executor, Clock clock)
    : info_(std::move(info)),
      committed_(initial),
      pending_(std::move(initial)),
      committer_(committer),
      executor_(executor),
      timer_check_(executor),
      clock_(std::move(clock)) {}

void Room::replay(const store::EventRow& row) {
  if (row.seq != committed_seq_ + 1)
    throw std::runtime_error("room " + info_.id + ": the log jumps from seq " +
                             std::to_string(committed_seq_) + " to " + std::to_string(row.seq));
  core::Event event = protocol::event_from_json(protocol::Json::parse(row.body));
  if (!row.op_id.empty()) ops_[op_key(row.actor_device, row.op_id)] = OpResult{row.seq, created_entry(event)};
  core::evolve(committed_, event);
  committed_seq_ = pending_seq_ = row.seq;
  recent_.push_back(
      Recent{row.seq, protocol::EventMessage{info_.id, info_.epoch, row.seq, row.at_ms, std::move(event)}});
  if (recent_.size() > kRecentEvents) recent_.pop_front();
}

void Room::start() {
  pending_ = committed_;
  schedule_timer_check();
}

void Room::execute(const core::Command& command, const core::Context& context, const std::string& op_id,
                   const std::shared_ptr<Peer>& sender) {
  if (!op_id.empty()) {
    // A resend (the ack was lost with the connection): answer as the first time, apply nothing.
    if (auto it = ops_.find(op_key(context.device, op_id)); it != ops_.end()) {
      if (sender) ack_when_committed(sender, protocol::Ack{op_id, it->second.seq, it->second.entry_id});
      return;
    }
  }
  core::Decision decision = core::decide(pending_, command, context);
  if (!decision.accepted()) {
    if (sender)
      send(sender, protocol::Reject{op_id, decision.rejection->code, decision.rejection->message, {}});
    return;
  }
  if (decision.events.empty()) return;  // a timer check with nothing to announce

  auto batch = std::make_shared<std::vector<Decided>>();
  store::Committer::Job job;
  std::string entry_id;
  for (core::Event& event : decision.events) {
    const std::uint64_t seq = ++pending_seq_;
    core::evolve(pending_, event);
    if (entry_id.empty()) entry_id = created_entry(event);
    job.rows.push_back(store::EventRow{info_.id, seq, context.now_ms, std::string(protocol::type_of(event)),
                                       std::string(protocol::to_string(context.role)), context.device, op_id,
                                       protocol::event_to_json(event, protocol::Audience::log).dump()});
    batch->push_back(Decided{seq, context.now_ms, std::move(event)});
  }
  if (!op_id.empty()) {
    ops_[op_key(context.device, op_id)] = OpResult{pending_seq_, entry_id};
    if (sender)
      waiting_acks_.push_back(WaitingAck{pending_seq_, sender, protocol::Ack{op_id, pending_seq_, entry_id}});
  }
  job.done = [this, batch, executor = executor_] {
    boost::asio::post(executor, [this, batch] { on_committed(*batch); });
  };
  committer_.submit(std::move(job));
  schedule_timer_check();
}

void Room::on_committed(const std::vector<Decided>& batch) {
  for (const Decided& d : batch) {
    core::evolve(committed_, d.event);
    committed_seq_ = d.seq;
    protocol::EventMessage message{info_.id, info_.epoch, d.seq, d.at_ms, d.event};
    // Serialized once; every subscriber shares the same immutable buffer.
    auto text = std::make_shared<const std::string>(protocol::encode(message));
    recent_.push_back(Recent{d.seq, std::move(message)});
    if (recent_.size() > kRecentEvents) recent_.pop_front();
    for (const auto& peer : subscribers_) peer->deliver(text);
  }
  while (!waiting_acks_.empty() && waiting_acks_.front().seq <= committed_seq_) {
    if (auto peer = waiting_acks_.front().peer.lock()) send(peer, waiting_acks_.front().ack);
    waiting_acks_.pop_front();
  }
}

void Room::ack_when_committed(const std::shared_ptr<Peer>& peer, protocol::Ack ack) {
  if (ack.seq <= committed_seq_) {
    send(peer, ack);
    return;
  }
  // Keep waiting_acks_ ordered by seq so on_committed can pop from the front.
  auto it = std::find_if(waiting_acks_.begin(), waiting_acks_.end(),
                         [&](const WaitingAck& w) { return w.seq > ack.seq; });
  waiting_acks_.insert(it, WaitingAck{ack.seq, peer, std::move(ack)});
}

void Room::schedule_timer_check() {
  const std::optional<core::Millis> deadline = core::next_timer_deadline(pending_);
  if (!deadline) {
    timer_check_.cancel();
    return;
  }
  const core::Millis delay = std::max<core::Millis>(0, *deadline - clock_());
  timer_check_.expires_after(std::chrono::milliseconds(delay));
  timer_check_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // rescheduled or shutting down
    execute(core::CheckTimers{}, core::Context{core::Role::system, "", clock_()}, "", nullptr);
    schedule_timer_check();
  });
}

protocol::Welcome Room::welcome(const PeerSession& session,
                                const std::optional<protocol::Resume>& resume) const {
  protocol::Welcome w;
  w.room = info_.id;
  w.epoch = info_.epoch;
  w.seq = committed_seq_;
  w.server_time_ms = clock_();
  w.role = session.role;
  const std::uint64_t oldest_held = recent_.empty() ? committed_seq_ + 1 : recent_.front().seq;
  if (resume && resume->epoch == info_.epoch && resume->seq <= committed_seq_ &&
      resume->seq + 1 >= oldest_held) {
    for (const Recent& r : recent_)
      if (r.seq > resume->seq) w.events.push_back(r.message);
  } else {
    w.snapshot = committed_;
  }
  if (session.role == core::Role::participant) {
    for (const core::QueueEntry& e : committed_.queue)
      if (e.device == session.device) w.mine.push_back(e.id);
    if (committed_.current && committed_.current->entry.device == session.device)
      w.mine.push_back(committed_.current->entry.id);
  }
  return w;
}

void Room::subscribe(const std::shared_ptr<Peer>& peer) {
  subscribers_.push_back(peer);
}

void Room::unsubscribe(const Peer* peer) {
  std::erase_if(subscribers_, [&](const std::shared_ptr<Peer>& p) { return p.get() == peer; });
}

}  // namespace podium::app
