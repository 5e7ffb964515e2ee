#include "room.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

namespace podium::app {
namespace {

// What an accepted command created, for its ack.
void note_created(const core::Event& event, protocol::Ack& ack) {
  if (const auto* joined = std::get_if<core::QueueJoined>(&event); joined && ack.entry_id.empty())
    ack.entry_id = joined->entry.id;
  if (const auto* q = std::get_if<core::QuestionChanged>(&event);
      q && q->change == core::QuestionChange::asked)
    ack.question_id = q->question.id;
  if (const auto* p = std::get_if<core::PollChanged>(&event); p && p->change == core::PollChange::created)
    ack.poll_id = p->poll.id;
  if (const auto* m = std::get_if<core::MessageSent>(&event)) ack.message_id = m->message.id;
  if (const auto* s = std::get_if<core::SlotAdded>(&event)) ack.slot_id = s->slot.id;
  if (const auto* c = std::get_if<core::ConclusionChanged>(&event);
      c && c->change == core::ConclusionChange::added)
    ack.conclusion_id = c->conclusion.id;
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
      tally_timer_(executor),
      clock_(std::move(clock)) {}

void Room::replay(const store::EventRow& row) {
  if (row.seq != committed_seq_ + 1)
    throw std::runtime_error("room " + info_.id + ": the log jumps from seq " +
                             std::to_string(committed_seq_) + " to " + std::to_string(row.seq));
  core::Event event = protocol::event_from_json(protocol::Json::parse(row.body));
  if (!row.op_id.empty()) {
    protocol::Ack& ack = ops_[op_key(row.actor_device, row.op_id)];
    ack.op_id = row.op_id;
    ack.seq = row.seq;  // a command's ack names its last event
    note_created(event, ack);
  }
  core::evolve(committed_, event);
  if (const auto* rotated = std::get_if<core::KeyRotated>(&event))
    info_.facilitator_key_hash = rotated->key_hash;
  committed_seq_ = pending_seq_ = row.seq;
  remember(row.seq, row.at_ms, event);
}

void Room::start() {
  pending_ = committed_;
  schedule_timer_check();
}

bool Room::execute(const core::Command& command, const core::Context& context, const std::string& op_id,
                   const std::shared_ptr<Peer>& sender) {
  if (!op_id.empty()) {
    // A resend (the ack was lost with the connection): answer as the first time, apply nothing.
    if (auto it = ops_.find(op_key(context.device, op_id)); it != ops_.end()) {
      if (sender) ack_when_committed(sender, it->second);
      return true;
    }
  }
  core::Decision decision = core::decide(pending_, command, context);
  if (!decision.accepted()) {
    const core::Rejection& r = *decision.rejection;
    if (sender) send(sender, protocol::Reject{op_id, r.code, r.message, r.retry_after_ms});
    return false;
  }
  if (decision.events.empty()) return true;  // a timer check with nothing to announce

  auto batch = std::make_shared<std::vector<Decided>>();
  store::Committer::Job job;
  protocol::Ack ack;
  ack.op_id = op_id;
  for (core::Event& event : decision.events) {
    const std::uint64_t seq = ++pending_seq_;
    core::evolve(pending_, event);
    note_created(event, ack);
    job.rows.push_back(store::EventRow{info_.id, seq, context.now_ms, std::string(protocol::type_of(event)),
                                       std::string(protocol::to_string(context.role)), context.device, op_id,
                                       protocol::event_to_json(event, protocol::Audience::log).dump()});
    batch->push_back(Decided{seq, context.now_ms, std::move(event)});
  }
  ack.seq = pending_seq_;
  if (const auto* rotate = std::get_if<core::RotateKey>(&command)) {
    ack.key = rotate->key;
    // The new key opens the room at once: only whoever gets it (the ack, or the operator at start-up)
    // can use it, and if the commit failed the process would stop anyway.
    info_.facilitator_key_hash = rotate->key_hash;
  }
  if (!op_id.empty()) {
    ops_[op_key(context.device, op_id)] = ack;
    if (sender) waiting_acks_.push_back(WaitingAck{pending_seq_, sender, ack});
  }
  job.done = [this, batch, executor = executor_] {
    boost::asio::post(executor, [this, batch] { on_committed(*batch); });
  };
  committer_.submit(std::move(job));
  schedule_timer_check();
  return true;
}

void Room::on_committed(const std::vector<Decided>& batch) {
  for (const Decided& d : batch) {
    mark_dirty(d.event, committed_);
    core::evolve(committed_, d.event);
    if (std::holds_alternative<core::KeyRotated>(d.event)) {
      // The sessions an older key of this room opened end once the change is on disk.
      for (const auto& peer : streams_[1].peers)
        if (!peer->session.key_hash.empty() && peer->session.key_hash != info_.facilitator_key_hash)
          peer->close(protocol::close_code::kKeyRotated, "key rotated");
    }
    committed_seq_ = d.seq;
    const Recent* r = remember(d.seq, d.at_ms, d.event);
    if (!r) continue;
    // Serialized once per audience; every peer of a stream shares the same immutable buffer.
    for (Stream& stream : streams_) {
      const bool room = stream.audience == protocol::Audience::room;
      if ((room && !r->room) || stream.peers.empty()) continue;
      protocol::EventMessage message = r->message;
      message.prev_seq = room ? r->prev_room : r->prev_chair;
      auto text = std::make_shared<const std::string>(protocol::encode(message, stream.audience));
      for (const auto& peer : stream.peers) peer->deliver(text);
    }
  }
  while (!waiting_acks_.empty() && waiting_acks_.front().seq <= committed_seq_) {
    if (auto peer = waiting_acks_.front().peer.lock()) send(peer, waiting_acks_.front().ack);
    waiting_acks_.pop_front();
  }
  schedule_tally();
}

const Room::Recent* Room::remember(std::uint64_t seq, core::Millis at_ms, const core::Event& event) {
  if (core::is_quiet(event)) return nullptr;
  Recent r{protocol::EventMessage{info_.id, info_.epoch, seq, 0, at_ms, event}, core::visible_to_room(event),
           streams_[0].last_seq, streams_[1].last_seq};
  streams_[1].last_seq = seq;
  if (r.room) streams_[0].last_seq = seq;
  recent_.push_back(std::move(r));
  if (recent_.size() > kRecentEvents) {
    resume_floor_ = recent_.front().message.seq + 1;
    recent_.pop_front();
  }
  return &recent_.back();
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

void Room::subscribe(const std::shared_ptr<Peer>& peer) {
  stream_for(peer->session.role).peers.push_back(peer);
  ++presence_[std::string(protocol::to_string(peer->session.role))];
  presence_dirty_ = true;
  schedule_tally();
}

void Room::unsubscribe(const Peer* peer) {
  for (Stream& stream : streams_) {
    const auto removed =
        std::erase_if(stream.peers, [&](const std::shared_ptr<Peer>& p) { return p.get() == peer; });
    if (removed == 0) continue;
    --presence_[std::string(protocol::to_string(peer->session.role))];
    presence_dirty_ = true;
    schedule_tally();
  }
}

}  // namespace podium::app
