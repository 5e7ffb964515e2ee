// What each connection is shown: the welcome (a snapshot or the missed events), the participant's own
// questions and votes, and the coalesced tallies of upvotes and votes.
#include "room.hpp"

#include <algorithm>
#include "server/core/overloaded.hpp"

namespace podium::app {

using core::Overloaded;
using protocol::Audience;

std::shared_ptr<const std::string> Room::welcome(const PeerSession& session,
                                                 const std::optional<protocol::Resume>& resume) const {
  const Audience audience = protocol::audience_of(session.role);
  const bool chair = audience == Audience::chair;
  protocol::Welcome w;
  w.room = info_.id;
  w.epoch = info_.epoch;
  w.seq = committed_seq_;
  w.server_time_ms = clock_();
  w.role = session.role;
  if (resume && resume->epoch == info_.epoch && resume->seq <= committed_seq_ &&
      resume->seq + 1 >= resume_floor_) {
    for (const Recent& r : recent_) {
      if (r.message.seq <= resume->seq || (!chair && !r.room)) continue;
      w.events.push_back(r.message);
      w.events.back().prev_seq = chair ? r.prev_chair : r.prev_room;
    }
    w.tally = current_tally(audience);
  } else {
    w.snapshot = nlohmann::json();  // a placeholder for the shared text, spliced in below
  }
  if (session.role == core::Role::participant) add_own(session, w);
  std::string text = protocol::encode(w, audience);
  if (w.snapshot) {
    constexpr std::string_view kPlaceholder = "\"snapshot\":null";
    // Keys are written in order and strings escape their quotes, so this is the top-level field.
    const std::size_t at = text.find(kPlaceholder);
    text.replace(at + kPlaceholder.size() - 4, 4, snapshot_text(audience));
  }
  return std::make_shared<const std::string>(std::move(text));
}

const std::string& Room::snapshot_text(Audience audience) const {
  return snapshot_cache_[audience == Audience::chair].at(
      committed_seq_, [&] { return protocol::state_to_json(committed_, audience).dump(); });
}

const protocol::Tally& Room::current_tally(Audience audience) const {
  return tally_cache_[audience == Audience::chair].at(committed_seq_,
                                                      [&] { return tally(audience, nullptr, nullptr); });
}

void Room::pay_tally(const std::shared_ptr<Peer>& peer) {
  if (!peer->session.owes_tally) return;
  peer->session.owes_tally = false;
  const Audience audience = protocol::audience_of(peer->session.role);
  protocol::Tally t = current_tally(audience);
  if (audience == Audience::chair) t.presence = presence_;
  peer->deliver(std::make_shared<const std::string>(protocol::encode(t, audience)));
}

void Room::add_own(const PeerSession& session, protocol::Welcome& w) const {
  for (const core::QueueEntry& e : committed_.queue)
    if (e.device == session.device) w.mine.push_back(e.id);
  if (committed_.current && committed_.current->entry.device == session.device)
    w.mine.push_back(committed_.current->entry.id);
  std::map<std::string, int> votes;
  for (const core::Question& q : committed_.questions) {
    if (q.device != session.device || q.status == core::QuestionStatus::withdrawn) continue;
    if (votes.empty()) votes = committed_.vote_counts();
    // The asker sees their own question in full, but never that their device is muted.
    protocol::Json own = protocol::question_to_json(q, Audience::chair, votes.at(q.id));
    own.erase("muted");
    w.my_questions.push_back(std::move(own));
  }
  for (const auto& [question, devices] : committed_.upvotes)
    if (devices.contains(session.device)) w.my_upvotes.push_back(question);
  for (const auto& [poll, by_device] : committed_.votes)
    if (auto it = by_device.find(session.device); it != by_device.end()) w.my_votes[poll] = it->second;
}

protocol::Tally Room::tally(Audience audience, const std::set<std::string>* questions,
                            const std::set<std::string>* polls) const {
  protocol::Tally t{info_.id, info_.epoch, committed_seq_, {}, {}, std::nullopt};
  if (!questions || !questions->empty()) {
    const std::map<std::string, int> votes = committed_.vote_counts();
    for (const core::Question& q : committed_.questions) {
      if (questions && !questions->contains(q.id)) continue;
      const bool shown =
          audience == Audience::room ? q.visible() : q.status != core::QuestionStatus::withdrawn;
      if (shown) t.questions[q.id] = votes.at(q.id);
    }
  }
  for (const core::Poll& p : committed_.polls) {
    if ((polls && !polls->contains(p.id)) ||
        (audience == Audience::room && p.status == core::PollStatus::draft))
      continue;
    const core::PollResults results = committed_.poll_results(p.id);
    protocol::PollTally pt{results.voters, std::nullopt};
    if (protocol::results_visible(p, audience)) pt.counts = results.counts;
    t.polls[p.id] = std::move(pt);
  }
  return t;
}

void Room::mark_chain(const core::RoomState& state, std::string id) {
  for (std::size_t hops = 0; !id.empty() && hops <= state.questions.size(); ++hops) {
    if (!dirty_questions_.insert(id).second) return;
    const core::Question* q = state.question(id);
    id = q ? q->merged_into : "";
  }
}

void Room::mark_dirty(const core::Event& event, const core::RoomState& before) {
  std::visit(Overloaded{
                 [&](const core::QuestionUpvoted& e) { dirty_questions_.insert(e.question_id); },
                 [&](const core::QuestionChanged& e) {
                   // A question that appears (again) needs its count; a merge or unmerge moves votes
                   // along the whole chain of questions it was, or is now, merged into.
                   dirty_questions_.insert(e.question.id);
                   mark_chain(before, e.question.merged_into);
                   if (const core::Question* old = before.question(e.question.id))
                     mark_chain(before, old->merged_into);
                 },
                 [&](const core::PollVoted& e) { dirty_polls_.insert(e.poll_id); },
                 [&](const core::PollChanged& e) { dirty_polls_.insert(e.poll.id); },
                 [](const auto&) {},
             },
             event);
}

void Room::schedule_tally() {
  if (tally_scheduled_ || (dirty_questions_.empty() && dirty_polls_.empty() && !presence_dirty_)) return;
  tally_scheduled_ = true;
  // At most 4 a second; in a room so big that sending one takes long, about a tenth of the room's time
  // goes to tallies (but one a second at least), so that the votes they report are acked promptly.
  const auto interval = std::clamp<std::chrono::steady_clock::duration>(10 * last_tally_cost_, kTallyInterval,
                                                                        std::chrono::seconds(1));
  tally_timer_.expires_at(std::max(last_tally_ + interval, std::chrono::steady_clock::now()));
  tally_timer_.async_wait([this](const boost::system::error_code& ec) {
    tally_scheduled_ = false;
    if (!ec) flush_tally();
  });
}

void Room::deliver_in_slices(std::shared_ptr<const std::string> text,
                             std::vector<std::shared_ptr<Peer>> peers, std::size_t from,
                             std::shared_ptr<boost::asio::steady_timer> pause) {
  constexpr std::size_t kSlice = 500;
  const auto started = std::chrono::steady_clock::now();
  const std::size_t end = std::min(peers.size(), from + kSlice);
  for (std::size_t i = from; i < end; ++i) {
    // A peer that has not taken what it was sent gets no tally now: it would only queue behind the rest
    // and be outdated by the next. It is owed the counts as they are when it catches up.
    if (peers[i]->backlogged()) {
      peers[i]->session.owes_tally = true;
      ++tallies_coalesced_;
    } else {
      peers[i]->deliver(text);
    }
  }
  const auto spent = std::chrono::steady_clock::now() - started;
  tally_cost_ += spent;
  if (end == peers.size()) {
    // Measured whole: a next tally scheduled while this one was still going out must not be paced by
    // the first slices alone.
    if (--slicing_ == 0) {
      last_tally_cost_ = tally_cost_;
      schedule_tally();  // what changed meanwhile
    }
    return;
  }
  // The rest after a pause four times as long as the slice took: while a tally goes out to 10,000 it
  // has a fifth of the thread, and votes, their acks and the phones reading both keep moving.
  if (!pause) pause = std::make_shared<boost::asio::steady_timer>(executor_);
  pause->expires_after(kSlicePause * spent);
  pause->async_wait([this, text = std::move(text), peers = std::move(peers), end,
                     pause](const boost::system::error_code& ec) mutable {
    if (!ec) deliver_in_slices(std::move(text), std::move(peers), end, std::move(pause));
  });
}

void Room::flush_tally() {
  // One tally at a time: while one is still going out, the next waits for it (see deliver_in_slices).
  if (slicing_ > 0) return;
  last_tally_ = std::chrono::steady_clock::now();
  tally_cost_ = {};
  for (Stream& stream : streams_) {
    if (stream.peers.empty()) continue;
    protocol::Tally t = tally(stream.audience, &dirty_questions_, &dirty_polls_);
    if (presence_dirty_ && stream.audience == Audience::chair) t.presence = presence_;
    if (t.questions.empty() && t.polls.empty() && !t.presence) continue;
    // Tallies carry absolute counts and their seq, so one that arrives after a later event is harmless.
    ++slicing_;
    deliver_in_slices(std::make_shared<const std::string>(protocol::encode(t, stream.audience)), stream.peers,
                      0);
    ++tallies_sent_;
  }
  dirty_questions_.clear();
  dirty_polls_.clear();
  presence_dirty_ = false;
}

}  // namespace podium::app
