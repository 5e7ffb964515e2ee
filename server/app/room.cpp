#include "room.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

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

// The ack fields that name what a command created (at most one of them is set: no command creates two).
constexpr std::string protocol::Ack::*kCreatedFields[] = {
    &protocol::Ack::entry_id,     &protocol::Ack::question_id, &protocol::Ack::poll_id,
    &protocol::Ack::message_id,   &protocol::Ack::key,         &protocol::Ack::slot_id,
    &protocol::Ack::conclusion_id};

// Rows on their way from the replay's reader thread to the room's, their text in one buffer: a batch
// costs a few allocations, not several per row.
class ReplayBatch {
 public:
  struct Row {
    std::uint64_t seq;
    core::Millis at_ms;
    std::size_t body, device, op_id, end;  // where each text starts in text_; `end` where the row ends
  };

  void add(const store::EventRow& r) {
    rows_.push_back(Row{r.seq, r.at_ms, text_.size(), text_.size() + r.body.size(),
                        text_.size() + r.body.size() + r.actor_device.size(),
                        text_.size() + r.body.size() + r.actor_device.size() + r.op_id.size()});
    text_ += r.body;
    text_ += r.actor_device;
    text_ += r.op_id;
  }
  const std::vector<Row>& rows() const { return rows_; }
  std::string_view body(const Row& r) const { return view(r.body, r.device); }
  std::string_view device(const Row& r) const { return view(r.device, r.op_id); }
  std::string_view op_id(const Row& r) const { return view(r.op_id, r.end); }

 private:
  std::string_view view(std::size_t from, std::size_t to) const {
    return std::string_view(text_).substr(from, to - from);
  }
  std::string text_;
  std::vector<Row> rows_;
};

// Batches from the replay's reader thread to the thread that applies them. Bounded, so a long log is
// never held in memory whole.
class ReplayQueue {
 public:
  static constexpr std::size_t kBatch = 1024;
  static constexpr std::size_t kMaxBatches = 16;
  struct Stopped {};  // the applying thread failed; the reader just ends

  // False once the applying thread has stopped.
  bool push(ReplayBatch batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return batches_.size() < kMaxBatches || stopped_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  void finish(std::exception_ptr error) {
    const std::lock_guard lock(mutex_);
    finished_ = true;
    error_ = std::move(error);
    ready_.notify_one();
  }
  // False once the reader has finished and every batch was taken.
  bool pop(ReplayBatch& batch) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !batches_.empty() || finished_; });
    if (batches_.empty()) return false;
    batch = std::move(batches_.front());
    batches_.pop_front();
    space_.notify_one();
    return true;
  }
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    space_.notify_one();
  }
  // After the reader has joined: its failure, if any, becomes the replay's.
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<ReplayBatch> batches_;
  bool finished_ = false;
  bool stopped_ = false;
  std::exception_ptr error_;
};

void send(const std::shared_ptr<Peer>& peer, const protocol::ServerMessage& message) {
  peer->deliver(std::make_shared<const std::string>(protocol::encode(message)));
}

constexpr const char* kNotWritten =
    "The meeting record cannot be written right now (disk full?). Nothing was saved; try again in a "
    "moment.";

}  // namespace

void refuse(Metrics& metrics, const std::shared_ptr<Peer>& sender, protocol::Reject reject) {
  metrics.reject(reject.code);
  if (sender) send(sender, reject);
}

Room::Room(RoomInfo info, core::RoomState initial, store::Committer& committer,
           boost::asio::any_io_executor executor, Clock clock, Metrics& metrics)
    : info_(std::move(info)),
      committed_(initial),
      pending_(std::move(initial)),
      committer_(committer),
      metrics_(metrics),
      executor_(executor),
      timer_check_(executor),
      tally_timer_(executor),
      clock_(std::move(clock)) {
  committed_key_hash_ = info_.facilitator_key_hash;
}

void Room::replay(store::EventStore& store) {
  // Nearly every event of a busy room comes from a command with an op_id: size the dedupe map once.
  ops_.reserve(ops_.size() + static_cast<std::size_t>(store.last_seq(info_.id) - committed_seq_));
  // Two threads share the work: a reader reads the log and records each op_id in ops_; this thread
  // decodes and evolves. They touch disjoint members (the reader only ops_ and, to read, info_.id) and
  // meet only in the queue. What a command created goes into its ack once the reader is done.
  ReplayQueue queue;
  std::thread reader([this, &store, &queue, seq = committed_seq_]() mutable {
    try {
      ReplayBatch batch;
      store.for_each_event(info_.id, seq, [&](const store::EventRow& row) {
        if (row.seq != seq + 1)
          throw std::runtime_error("room " + info_.id + ": the log jumps from seq " + std::to_string(seq) +
                                   " to " + std::to_string(row.seq));
        seq = row.seq;
        replay_op(row);
        batch.add(row);
        if (batch.rows().size() == ReplayQueue::kBatch && !queue.push(std::exchange(batch, {})))
          throw ReplayQueue::Stopped{};
      });
      if (!batch.rows().empty()) queue.push(std::move(batch));
      queue.finish(nullptr);
    } catch (...) {
      queue.finish(std::current_exception());
    }
  });
  std::vector<std::pair<std::string, protocol::Ack>> created;  // op key -> what its command created
  try {
    ReplayBatch batch;
    while (queue.pop(batch)) {
      for (const ReplayBatch::Row& r : batch.rows()) {
        core::Event event = protocol::event_from_log(batch.body(r));
        if (!batch.op_id(r).empty()) {
          protocol::Ack probe;
          note_created(event, probe);
          if (probe != protocol::Ack{})
            created.emplace_back(op_key(std::string(batch.device(r)), std::string(batch.op_id(r))), probe);
        }
        replay_event(r.seq, r.at_ms, event);
      }
    }
  } catch (...) {
    queue.stop();
    reader.join();
    throw;
  }
  reader.join();
  queue.rethrow();
  // In seq order, the first created id of each op, as if noted row by row (replay_op sets only seq).
  for (const auto& [key, probe] : created)
    if (OpRecord& record = ops_[key]; !record.field) record = record_of(probe, record.seq);
}

Room::OpRecord Room::record_of(const protocol::Ack& ack, std::uint64_t seq) {
  for (auto field : kCreatedFields)
    if (!(ack.*field).empty()) return OpRecord{seq, ack.*field, field};
  return OpRecord{seq, {}, nullptr};
}

protocol::Ack Room::ack_of(const OpRecord& record, const std::string& op_id) {
  protocol::Ack ack;
  ack.op_id = op_id;
  ack.seq = record.seq;
  if (record.field) ack.*record.field = record.created;
  return ack;
}

void Room::replay_op(const store::EventRow& row) {
  if (row.op_id.empty()) return;
  ops_[op_key(row.actor_device, row.op_id)].seq = row.seq;  // a command's ack names its last event
}

void Room::replay_event(std::uint64_t seq, core::Millis at_ms, const core::Event& event) {
  core::evolve(committed_, event);
  if (const auto* rotated = std::get_if<core::KeyRotated>(&event))
    info_.facilitator_key_hash = committed_key_hash_ = rotated->key_hash;
  committed_seq_ = pending_seq_ = seq;
  remember(seq, at_ms, event);
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
      if (sender) ack_when_committed(sender, ack_of(it->second, op_id));
      return true;
    }
  }
  core::Decision decision = core::decide(pending_, command, context);
  if (!decision.accepted()) {
    const core::Rejection& r = *decision.rejection;
    refuse(metrics_, sender, protocol::Reject{op_id, r.code, r.message, r.retry_after_ms});
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
    // can use it; a failed commit takes it back (on_failed).
    info_.facilitator_key_hash = rotate->key_hash;
  }
  if (!op_id.empty()) {
    std::string key = op_key(context.device, op_id);
    ops_[key] = record_of(ack, ack.seq);
    pending_ops_.emplace_back(ack.seq, std::move(key));
    if (sender) waiting_acks_.push_back(WaitingAck{pending_seq_, sender, ack});
  }
  job.done = [this, batch, executor = executor_, decided = std::chrono::steady_clock::now()] {
    boost::asio::post(executor, [this, batch, decided] {
      metrics_.commit_latency.observe(std::chrono::steady_clock::now() - decided);
      on_committed(*batch);
    });
  };
  job.failed = [this, generation = generation_, executor = executor_] {
    boost::asio::post(executor, [this, generation] { on_failed(generation); });
  };
  committer_.submit(std::move(job));
  schedule_timer_check();
  return true;
}

void Room::on_committed(const std::vector<Decided>& batch) {
  for (const Decided& d : batch) {
    mark_dirty(d.event, committed_);
    core::evolve(committed_, d.event);
    if (const auto* rotated = std::get_if<core::KeyRotated>(&d.event)) {
      committed_key_hash_ = rotated->key_hash;
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
  while (!pending_ops_.empty() && pending_ops_.front().first <= committed_seq_) pending_ops_.pop_front();
  schedule_tally();
}

void Room::on_failed(std::uint64_t generation) {
  // The first failure reported in a generation rolls back everything not on disk. The jobs decided
  // after the failed one are refused by the committer, and their failures, reported later with this
  // older generation, have nothing left to undo: their senders were answered here.
  if (generation != generation_) return;
  ++generation_;
  spdlog::debug("room {}: seq {} to {} not written; back to seq {}", info_.id, committed_seq_ + 1,
                pending_seq_, committed_seq_);
  pending_ = committed_;
  pending_seq_ = committed_seq_;
  info_.facilitator_key_hash = committed_key_hash_;
  // The commands are forgotten, so a resend is decided again (and its first answer was this reject).
  for (const auto& [seq, key] : pending_ops_) ops_.erase(key);
  pending_ops_.clear();
  // Every ack still waiting names a seq that is not on disk: none of them may go out.
  const auto retry = std::chrono::duration_cast<std::chrono::milliseconds>(store::Committer::kRetryAfter);
  for (const WaitingAck& w : waiting_acks_)
    refuse(metrics_, w.peer.lock(),
           protocol::Reject{w.ack.op_id, core::RejectCode::storage_unavailable, kNotWritten, retry.count()});
  waiting_acks_.clear();
  // What the server decided by itself (a timer running out) is decided again from the committed state,
  // once, when the write may work again.
  retry_at_ = std::chrono::steady_clock::now() + store::Committer::kRetryAfter;
  schedule_timer_check();
  if (rolled_back_) rolled_back_();
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
  timer_check_.expires_at(
      std::max(std::chrono::steady_clock::now() + std::chrono::milliseconds(delay), retry_at_));
  timer_check_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // rescheduled or shutting down
    execute(core::CheckTimers{}, core::Context{core::Role::system, "", clock_()}, "", nullptr);
    schedule_timer_check();
  });
}

void Room::subscribe(const std::shared_ptr<Peer>& peer) {
  auto& peers = stream_for(peer->session.role).peers;
  peer->session.slot = peers.size();
  peers.push_back(peer);
  ++presence_[std::string(protocol::to_string(peer->session.role))];
  presence_dirty_ = true;
  schedule_tally();
}

void Room::unsubscribe(const Peer* peer) {
  // In constant time, whatever the room's size: the last peer takes the leaving one's place.
  auto& peers = stream_for(peer->session.role).peers;
  const std::size_t slot = peer->session.slot;
  if (slot >= peers.size() || peers[slot].get() != peer) return;
  peers[slot] = std::move(peers.back());
  peers[slot]->session.slot = slot;
  peers.pop_back();
  --presence_[std::string(protocol::to_string(peer->session.role))];
  presence_dirty_ = true;
  schedule_tally();
}

}  // namespace podium::app
