// Domain values (queue entries, timers, events, room state) <-> JSON.
#include "codec_domain.hpp"
#include "server/core/overloaded.hpp"

namespace podium::protocol {
namespace {

using detail::Fields;
using detail::name_of;

using core::Overloaded;

Json timer_to_json(const core::Timer& t) {
  return Json{{"label", t.label},
              {"duration_ms", t.duration_ms},
              {"run", name_of(t.run, kTimerRuns)},
              {"ends_at_ms", t.ends_at_ms},
              {"remaining_ms", t.remaining_ms},
              {"warning_ms", t.warning_ms},
              {"warned", t.warned},
              {"expired", t.expired}};
}

core::Timer timer_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::Timer t;
  t.label = f.str("label");
  t.duration_ms = f.int64("duration_ms");
  t.run = f.enumeration("run", kTimerRuns);
  t.ends_at_ms = f.int64("ends_at_ms");
  t.remaining_ms = f.int64("remaining_ms");
  t.warning_ms = f.int64("warning_ms");
  t.warned = f.boolean("warned");
  t.expired = f.boolean("expired");
  return t;
}

Json entry_to_json(const core::QueueEntry& e, Audience audience) {
  Json j{{"id", e.id},
         {"name", e.name},
         {"affiliation", e.affiliation},
         {"kind", name_of(e.kind, kTurnKinds)},
         {"added_at_ms", e.added_at_ms}};
  if (e.duration_ms) j["duration_ms"] = *e.duration_ms;
  if (!e.slot_id.empty()) j["slot_id"] = e.slot_id;
  put_affiliation_kind(j, e.affiliation_kind);
  if (!e.guiding_question.empty()) j["guiding_question"] = e.guiding_question;
  if (!e.question_id.empty()) {
    j["question_id"] = e.question_id;
    // Who speaks to it: the asker's phone recognises its own question and says "you have the floor".
    j["by"] = e.device.empty() ? "facilitator" : "asker";
  }
  if (audience == Audience::log && !e.device.empty()) j["device"] = e.device;
  return j;
}

core::QueueEntry entry_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::QueueEntry e;
  e.id = f.str("id");
  e.name = f.str("name");
  e.affiliation = f.str("affiliation");
  e.kind = f.enumeration("kind", kTurnKinds);
  e.added_at_ms = f.int64("added_at_ms");
  e.slot_id = f.opt_str("slot_id");
  e.affiliation_kind = affiliation_kind(f);
  e.duration_ms = f.opt_int64("duration_ms");
  e.device = f.opt_str("device");
  e.question_id = f.opt_str("question_id");
  e.guiding_question = f.opt_str("guiding_question");
  return e;
}

std::vector<std::string> strings_from_json(const Fields& f, const char* name) {
  std::vector<std::string> out;
  for (const auto& s : f.array(name)) {
    if (!s.is_string()) f.fail(name, "expected strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

core::Question question_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::Question q;
  q.id = f.str("id");
  q.status = f.enumeration("status", kQuestionStatuses);
  q.merged_into = f.opt_str("merged_into");
  if (!f.has("text")) return q;  // the stripped form participants get for a question they may not read
  q.text = f.str("text");
  q.name = f.str("name");
  q.guiding_question = f.opt_str("guiding_question");
  q.asked_at_ms = f.int64("asked_at_ms");
  q.pinned = f.boolean("pinned");
  q.muted = f.has("muted") && f.boolean("muted");
  q.device = f.opt_str("device");
  if (f.has("status_before_merge"))
    q.status_before_merge = f.enumeration("status_before_merge", kQuestionStatuses);
  return q;
}

core::Poll poll_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::Poll p;
  p.id = f.str("id");
  p.question = f.str("question");
  p.kind = f.enumeration("kind", kPollKinds);
  p.options = strings_from_json(f, "options");
  p.max_picks = static_cast<int>(f.int64("max_picks"));
  p.live_results = f.boolean("live_results");
  p.status = f.enumeration("status", kPollStatuses);
  p.opened_at_ms = f.int64("opened_at_ms");
  p.deadline_ms = f.int64("deadline_ms");
  p.closed_at_ms = f.int64("closed_at_ms");
  p.revealed = f.boolean("revealed");
  return p;
}

Json message_to_json(const core::Message& m) {
  return Json{{"id", m.id},
              {"to", name_of(m.to, kMessageTo)},
              {"text", m.text},
              {"sent_at_ms", m.sent_at_ms},
              {"acknowledged_at_ms", m.acknowledged_at_ms}};
}

core::Message message_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  return core::Message{f.str("id"), f.enumeration("to", kMessageTo), f.str("text"), f.int64("sent_at_ms"),
                       f.int64("acknowledged_at_ms")};
}

std::vector<int> picks_from_json(const Fields& f, const char* name) {
  std::vector<int> picks;
  for (const auto& v : f.array(name)) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 1000)
      f.fail(name, "expected option numbers");
    picks.push_back(v.get<int>());
  }
  return picks;
}

Json record_to_json(const core::TurnRecord& r) {
  Json j{{"entry_id", r.entry_id},
         {"name", r.name},
         {"affiliation", r.affiliation},
         {"kind", name_of(r.kind, kTurnKinds)},
         {"started_at_ms", r.started_at_ms},
         {"ended_at_ms", r.ended_at_ms},
         {"allotted_ms", r.allotted_ms},
         {"paused_ms", r.paused_ms},
         {"pauses", r.pauses},
         {"spoken_ms", r.spoken_ms}};
  if (!r.slot_id.empty()) j["slot_id"] = r.slot_id;
  put_affiliation_kind(j, r.affiliation_kind);
  return j;
}

core::TurnRecord record_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::TurnRecord r;
  r.entry_id = f.str("entry_id");
  r.name = f.str("name");
  r.affiliation = f.str("affiliation");
  r.kind = f.enumeration("kind", kTurnKinds);
  r.started_at_ms = f.int64("started_at_ms");
  r.ended_at_ms = f.int64("ended_at_ms");
  r.allotted_ms = f.int64("allotted_ms");
  r.paused_ms = f.int64("paused_ms");
  r.pauses = static_cast<int>(f.int64("pauses"));
  r.spoken_ms = f.int64("spoken_ms");
  r.slot_id = f.opt_str("slot_id");
  r.affiliation_kind = affiliation_kind(f);
  return r;
}

Json slot_to_json(const core::Slot& s) {
  Json j{{"id", s.id},
         {"name", s.name},
         {"affiliation", s.affiliation},
         {"planned_ms", s.planned_ms},
         {"status", name_of(s.status, kSlotStatuses)},
         {"started_at_ms", s.started_at_ms},
         {"ended_at_ms", s.ended_at_ms},
         {"allotted_ms", s.allotted_ms},
         {"spoken_ms", s.spoken_ms}};
  put_affiliation_kind(j, s.affiliation_kind);
  return j;
}

core::Slot slot_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  return core::Slot{f.str("id"),
                    f.str("name"),
                    f.str("affiliation"),
                    f.int64("planned_ms"),
                    f.enumeration("status", kSlotStatuses),
                    f.int64("started_at_ms"),
                    f.int64("ended_at_ms"),
                    f.int64("allotted_ms"),
                    f.int64("spoken_ms"),
                    affiliation_kind(f)};
}

Json block_to_json(const core::Block& b) {
  Json slots = Json::array();
  for (const auto& s : b.slots) slots.push_back(slot_to_json(s));
  return Json{{"id", b.id},
              {"kind", name_of(b.kind, kBlockKinds)},
              {"title", b.title},
              {"planned_ms", b.planned_ms},
              {"plan_start_min", b.plan_start_min ? Json(*b.plan_start_min) : Json(nullptr)},
              {"max_presenters", b.max_presenters},
              {"slots", std::move(slots)},
              {"started_at_ms", b.started_at_ms},
              {"ended_at_ms", b.ended_at_ms},
              {"allotted_ms", b.allotted_ms},
              {"left_ms", b.left_ms}};
}

core::Block block_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::Block b;
  b.id = f.str("id");
  b.kind = f.enumeration("kind", kBlockKinds);
  b.title = f.str("title");
  b.planned_ms = f.int64("planned_ms");
  if (auto start = f.opt_int64("plan_start_min")) b.plan_start_min = static_cast<int>(*start);
  b.max_presenters = static_cast<int>(f.int64("max_presenters"));
  for (const auto& s : f.array("slots")) b.slots.push_back(slot_from_json(s, path + ".slots[]"));
  b.started_at_ms = f.int64("started_at_ms");
  b.ended_at_ms = f.int64("ended_at_ms");
  b.allotted_ms = f.int64("allotted_ms");
  b.left_ms = f.int64("left_ms");
  return b;
}

Json conclusion_to_json(const core::Conclusion& c) {
  return Json{{"id", c.id},
              {"text", c.text},
              {"guiding_question", null_if_empty(c.guiding_question)},
              {"written_at_ms", c.written_at_ms},
              {"handed_off_at_ms", c.handed_off_at_ms}};
}

core::Conclusion conclusion_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  return core::Conclusion{f.str("id"), f.str("text"), f.opt_str("guiding_question"), f.int64("written_at_ms"),
                          f.int64("handed_off_at_ms")};
}

Json handoff_to_json(const core::Handoff& h) {
  Json conclusions = Json::array();
  for (const auto& c : h.conclusions)
    conclusions.push_back(
        Json{{"id", c.id}, {"text", c.text}, {"guiding_question", null_if_empty(c.guiding_question)}});
  Json questions = Json::array();
  for (const auto& q : h.questions)
    questions.push_back(Json{{"id", q.id},
                             {"text", q.text},
                             {"name", q.name},
                             {"guiding_question", null_if_empty(q.guiding_question)},
                             {"votes", q.votes}});
  return Json{{"id", h.id},
              {"from_room", h.from_room},
              {"at_ms", h.at_ms},
              {"conclusions", std::move(conclusions)},
              {"questions", std::move(questions)}};
}

core::Handoff handoff_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  core::Handoff h{f.str("id"), f.str("from_room"), f.int64("at_ms"), {}, {}};
  for (const auto& c : f.array("conclusions")) {
    Fields cf(c, path + ".conclusions[]");
    h.conclusions.push_back(
        core::Conclusion{cf.str("id"), cf.str("text"), cf.opt_str("guiding_question"), 0, 0});
  }
  for (const auto& q : f.array("questions")) {
    Fields qf(q, path + ".questions[]");
    h.questions.push_back(core::HandoffQuestion{qf.str("id"), qf.str("text"), qf.str("name"),
                                                qf.opt_str("guiding_question"),
                                                static_cast<int>(qf.int64("votes"))});
  }
  return h;
}

Json settings_to_json(const core::RoomSettings& s) {
  return Json{{"speaking_ms", s.speaking_ms}, {"warning_ms", s.warning_ms}};
}

core::RoomSettings settings_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  return core::RoomSettings{f.int64("speaking_ms"), f.int64("warning_ms")};
}

}  // namespace

bool results_visible(const core::Poll& poll, Audience audience) {
  if (audience != Audience::room) return true;
  return poll.status != core::PollStatus::draft && (poll.live_results || poll.revealed);
}

Json question_to_json(const core::Question& q, Audience audience, std::optional<int> votes) {
  if (audience == Audience::room && !q.visible())
    return Json{{"id", q.id},
                {"status", name_of(q.status, kQuestionStatuses)},
                {"merged_into", null_if_empty(q.merged_into)}};
  Json j{{"id", q.id},
         {"text", q.text},
         {"name", q.name},
         {"guiding_question", null_if_empty(q.guiding_question)},
         {"status", name_of(q.status, kQuestionStatuses)},
         {"asked_at_ms", q.asked_at_ms},
         {"pinned", q.pinned},
         {"merged_into", null_if_empty(q.merged_into)}};
  if (audience != Audience::room) j["muted"] = q.muted;
  if (audience == Audience::log) {
    j["device"] = q.device;
    if (q.status == core::QuestionStatus::merged)
      j["status_before_merge"] = name_of(q.status_before_merge, kQuestionStatuses);
  }
  if (votes) j["votes"] = *votes;
  return j;
}

Json poll_to_json(const core::Poll& p, Audience audience, const core::PollResults* results) {
  Json j{{"id", p.id},
         {"question", p.question},
         {"kind", name_of(p.kind, kPollKinds)},
         {"options", p.options},
         {"max_picks", p.max_picks},
         {"live_results", p.live_results},
         {"status", name_of(p.status, kPollStatuses)},
         {"opened_at_ms", p.opened_at_ms},
         {"deadline_ms", p.deadline_ms},
         {"closed_at_ms", p.closed_at_ms},
         {"revealed", p.revealed}};
  if (results) {
    j["voters"] = results->voters;
    if (results_visible(p, audience)) j["counts"] = results->counts;
  }
  return j;
}

std::string_view type_of(const core::Event& event) {
  return std::visit(
      Overloaded{
          [](const core::QueueJoined&) { return "queue.joined"; },
          [](const core::QueueWithdrawn&) { return "queue.withdrawn"; },
          [](const core::QueueRemoved&) { return "queue.removed"; },
          [](const core::QueueMoved&) { return "queue.moved"; },
          [](const core::QueueClosed&) { return "queue.closed"; },
          [](const core::QueueOpened&) { return "queue.opened"; },
          [](const core::TurnStarted&) { return "turn.started"; },
          [](const core::TurnEnded&) { return "turn.ended"; },
          [](const core::TimerChanged& e) { return name_of(e.change, kTimerChanges); },
          [](const core::RoomConfigured&) { return "room.configured"; },
          [](const core::QuestionChanged& e) { return name_of(e.change, kQuestionChanges); },
          [](const core::AnsweringChanged&) { return "question.answering"; },
          [](const core::QuestionsConfigured&) { return "questions.configured"; },
          [](const core::DeviceMuted&) { return "device.muted"; },
          [](const core::QuestionUpvoted& e) { return e.up ? "question.upvoted" : "question.unvoted"; },
          [](const core::PollChanged& e) { return name_of(e.change, kPollChanges); },
          [](const core::PollVoted&) { return "poll.voted"; },
          [](const core::AgendaMoved&) { return "agenda.moved"; },
          [](const core::MessageSent&) { return "message.sent"; },
          [](const core::MessageAcknowledged&) { return "message.acknowledged"; },
          [](const core::KeyRotated&) { return "room.key_rotated"; },
          [](const core::BlockStarted&) { return "block.started"; },
          [](const core::BlockEnded&) { return "block.ended"; },
          [](const core::SlotAdded&) { return "slot.added"; },
          [](const core::SlotEdited&) { return "slot.edited"; },
          [](const core::SlotRemoved&) { return "slot.removed"; },
          [](const core::SlotMoved&) { return "slot.moved"; },
          [](const core::ConclusionChanged& e) {
            return e.change == core::ConclusionChange::added ? "conclusion.added" : "conclusion.edited";
          },
          [](const core::ConclusionRemoved&) { return "conclusion.removed"; },
          [](const core::HandoffSent&) { return "handoff.sent"; },
          [](const core::HandoffReceived&) { return "handoff.received"; },
          [](const core::MeetingClosed&) { return "meeting.closed"; },
      },
      event);
}

Json event_to_json(const core::Event& event, Audience audience) {
  Json j = std::visit(
      Overloaded{
          [&](const core::QueueJoined& e) {
            return Json{{"entry", entry_to_json(e.entry, audience)},
                        {"before_id", null_if_empty(e.before_id)}};
          },
          [](const core::QueueWithdrawn& e) {
            return Json{{"entry_id", e.entry_id}};
          },
          [](const core::QueueRemoved& e) {
            return Json{{"entry_id", e.entry_id}};
          },
          [](const core::QueueMoved& e) {
            return Json{{"entry_id", e.entry_id},
                        {"before_id", null_if_empty(e.before_id)},
                        {"after_id", null_if_empty(e.after_id)}};
          },
          [](const core::QueueClosed&) { return Json::object(); },
          [](const core::QueueOpened&) { return Json::object(); },
          [&](const core::TurnStarted& e) {
            return Json{{"entry", entry_to_json(e.entry, audience)},
                        {"at_ms", e.at_ms},
                        {"speaker", timer_to_json(e.speaker)}};
          },
          [](const core::TurnEnded& e) {
            return Json{{"record", record_to_json(e.record)}, {"speaker", timer_to_json(e.speaker)}};
          },
          [](const core::TimerChanged& e) {
            return Json{{"timer", name_of(e.timer, kTimerIds)},
                        {"at_ms", e.at_ms},
                        {"value", timer_to_json(e.value)}};
          },
          [](const core::RoomConfigured& e) {
            return Json{{"settings", settings_to_json(e.settings)}};
          },
          [&](const core::QuestionChanged& e) {
            Json q{{"at_ms", e.at_ms}, {"question", question_to_json(e.question, audience)}};
            if (audience == Audience::log) q["was_visible"] = e.was_visible;
            return q;
          },
          [](const core::AnsweringChanged& e) {
            return Json{{"question_id", null_if_empty(e.question_id)}};
          },
          [](const core::QuestionsConfigured& e) {
            return Json{{"premoderation", e.premoderation}};
          },
          [&](const core::DeviceMuted& e) {
            Json m{{"muted", e.muted}, {"question_ids", e.question_ids}};
            if (audience == Audience::log) m["device"] = e.device;
            return m;
          },
          [](const core::QuestionUpvoted& e) {
            return Json{{"question_id", e.question_id}, {"device", e.device}, {"at_ms", e.at_ms}};
          },
          [&](const core::PollChanged& e) {
            return Json{{"at_ms", e.at_ms}, {"poll", poll_to_json(e.poll, audience)}};
          },
          [](const core::PollVoted& e) {
            return Json{{"poll_id", e.poll_id}, {"device", e.device}, {"picks", e.picks}, {"at_ms", e.at_ms}};
          },
          [](const core::AgendaMoved& e) {
            return Json{{"item_id", null_if_empty(e.item_id)}, {"at_ms", e.at_ms}};
          },
          [](const core::MessageSent& e) {
            return Json{{"message", message_to_json(e.message)}};
          },
          [](const core::MessageAcknowledged& e) {
            return Json{{"message_id", e.message_id}, {"at_ms", e.at_ms}};
          },
          [&](const core::KeyRotated& e) {
            Json k{{"at_ms", e.at_ms}};
            if (audience == Audience::log) k["key_hash"] = e.key_hash;
            return k;
          },
          [](const core::BlockStarted& e) {
            return Json{{"block_id", e.block_id}, {"at_ms", e.at_ms}, {"segment", timer_to_json(e.segment)}};
          },
          [](const core::BlockEnded& e) {
            return Json{{"block_id", e.block_id},
                        {"at_ms", e.at_ms},
                        {"left_ms", e.left_ms},
                        {"segment", timer_to_json(e.segment)}};
          },
          [](const core::SlotAdded& e) {
            return Json{{"block_id", e.block_id},
                        {"slot", slot_to_json(e.slot)},
                        {"before_id", null_if_empty(e.before_id)}};
          },
          [](const core::SlotEdited& e) {
            return Json{{"block_id", e.block_id}, {"slot", slot_to_json(e.slot)}};
          },
          [](const core::SlotRemoved& e) {
            return Json{{"block_id", e.block_id}, {"slot_id", e.slot_id}};
          },
          [](const core::SlotMoved& e) {
            return Json{
                {"block_id", e.block_id}, {"slot_id", e.slot_id}, {"before_id", null_if_empty(e.before_id)}};
          },
          [](const core::ConclusionChanged& e) {
            return Json{{"conclusion", conclusion_to_json(e.conclusion)}};
          },
          [](const core::ConclusionRemoved& e) {
            return Json{{"conclusion_id", e.conclusion_id}};
          },
          [](const core::HandoffSent& e) {
            return Json{{"handoff", handoff_to_json(e.handoff)}};
          },
          [](const core::MeetingClosed& e) {
            return Json{{"at_ms", e.at_ms}};
          },
          [](const core::HandoffReceived& e) {
            return Json{{"handoff", handoff_to_json(e.handoff)}};
          },
      },
      event);
  j["type"] = type_of(event);
  return j;
}

core::Event event_from_json(const Json& j) {
  Fields f(j, "event");
  const std::string type = f.str("type");
  if (type == "queue.joined")
    return core::QueueJoined{entry_from_json(f.object("entry"), "event.entry"), f.opt_str("before_id")};
  if (type == "queue.withdrawn") return core::QueueWithdrawn{f.str("entry_id")};
  if (type == "queue.removed") return core::QueueRemoved{f.str("entry_id")};
  if (type == "queue.moved")
    return core::QueueMoved{f.str("entry_id"), f.opt_str("before_id"), f.opt_str("after_id")};
  if (type == "queue.closed") return core::QueueClosed{};
  if (type == "queue.opened") return core::QueueOpened{};
  if (type == "turn.started")
    return core::TurnStarted{entry_from_json(f.object("entry"), "event.entry"), f.int64("at_ms"),
                             timer_from_json(f.object("speaker"), "event.speaker")};
  if (type == "turn.ended")
    return core::TurnEnded{record_from_json(f.object("record"), "event.record"),
                           timer_from_json(f.object("speaker"), "event.speaker")};
  if (type == "room.configured")
    return core::RoomConfigured{settings_from_json(f.object("settings"), "event.settings")};
  if (type == "question.answering") return core::AnsweringChanged{f.opt_str("question_id")};
  if (type == "questions.configured") return core::QuestionsConfigured{f.boolean("premoderation")};
  if (type == "device.muted")
    return core::DeviceMuted{f.opt_str("device"), f.boolean("muted"), strings_from_json(f, "question_ids")};
  if (type == "question.upvoted" || type == "question.unvoted")
    return core::QuestionUpvoted{f.str("question_id"), f.str("device"), type == "question.upvoted",
                                 f.int64("at_ms")};
  if (type == "agenda.moved") return core::AgendaMoved{f.opt_str("item_id"), f.int64("at_ms")};
  if (type == "message.sent")
    return core::MessageSent{message_from_json(f.object("message"), "event.message")};
  if (type == "message.acknowledged") return core::MessageAcknowledged{f.str("message_id"), f.int64("at_ms")};
  if (type == "room.key_rotated") return core::KeyRotated{f.opt_str("key_hash"), f.int64("at_ms")};
  if (type == "block.started")
    return core::BlockStarted{f.str("block_id"), f.int64("at_ms"),
                              timer_from_json(f.object("segment"), "event.segment")};
  if (type == "block.ended")
    return core::BlockEnded{f.str("block_id"), f.int64("at_ms"), f.int64("left_ms"),
                            timer_from_json(f.object("segment"), "event.segment")};
  if (type == "slot.added")
    return core::SlotAdded{f.str("block_id"), slot_from_json(f.object("slot"), "event.slot"),
                           f.opt_str("before_id")};
  if (type == "slot.edited")
    return core::SlotEdited{f.str("block_id"), slot_from_json(f.object("slot"), "event.slot")};
  if (type == "slot.removed") return core::SlotRemoved{f.str("block_id"), f.str("slot_id")};
  if (type == "slot.moved")
    return core::SlotMoved{f.str("block_id"), f.str("slot_id"), f.opt_str("before_id")};
  if (type == "conclusion.added" || type == "conclusion.edited")
    return core::ConclusionChanged{
        type == "conclusion.added" ? core::ConclusionChange::added : core::ConclusionChange::edited,
        conclusion_from_json(f.object("conclusion"), "event.conclusion")};
  if (type == "conclusion.removed") return core::ConclusionRemoved{f.str("conclusion_id")};
  if (type == "meeting.closed") return core::MeetingClosed{f.int64("at_ms")};
  if (type == "handoff.sent")
    return core::HandoffSent{handoff_from_json(f.object("handoff"), "event.handoff")};
  if (type == "handoff.received")
    return core::HandoffReceived{handoff_from_json(f.object("handoff"), "event.handoff")};
  if (type == "poll.voted")
    return core::PollVoted{f.str("poll_id"), f.str("device"), picks_from_json(f, "picks"), f.int64("at_ms")};
  for (const auto& [change, name] : kTimerChanges) {
    if (type == name)
      return core::TimerChanged{change, f.enumeration("timer", kTimerIds), f.int64("at_ms"),
                                timer_from_json(f.object("value"), "event.value")};
  }
  for (const auto& [change, name] : kQuestionChanges) {
    if (type == name)
      return core::QuestionChanged{change, f.int64("at_ms"),
                                   question_from_json(f.object("question"), "event.question"),
                                   f.has("was_visible") && f.boolean("was_visible")};
  }
  for (const auto& [change, name] : kPollChanges) {
    if (type == name)
      return core::PollChanged{change, f.int64("at_ms"), poll_from_json(f.object("poll"), "event.poll")};
  }
  f.fail("type", "unknown event type " + quote_input(type));
}

namespace {

// Reads a log body written by Json::dump (no whitespace, keys in sorted order) field by field. Each
// reader accepts only what the full parser would read back unchanged; on anything else it returns
// false and the caller falls back to the full parser, so the result never differs.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view text) : text_(text) {}

  bool literal(std::string_view s) {
    if (text_.substr(at_, s.size()) != s) return false;
    at_ += s.size();
    return true;
  }
  // Printable ASCII without escapes: anything else (escapes, UTF-8, control bytes) takes the full path.
  bool string(std::string& out) {
    if (!literal("\"")) return false;
    const std::size_t start = at_;
    for (; at_ < text_.size() && text_[at_] != '"'; ++at_)
      if (text_[at_] == '\\' || text_[at_] < 0x20 || text_[at_] > 0x7e) return false;
    if (at_ == text_.size() || at_ - start > kMaxStringBytes) return false;
    out.assign(text_.data() + start, at_ - start);
    ++at_;
    return true;
  }
  // An integer without leading zeros and of at most 18 digits: it always fits an int64.
  bool integer(std::int64_t& out) {
    const bool negative = at_ < text_.size() && text_[at_] == '-';
    if (negative) ++at_;
    const std::size_t start = at_;
    std::int64_t value = 0;
    for (; at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9'; ++at_) {
      if (at_ - start == 18) return false;  // a 19th digit: the full parser decides (found by fuzzing)
      value = value * 10 + (text_[at_] - '0');
    }
    const std::size_t digits = at_ - start;
    if (digits == 0 || digits > 18 || (text_[start] == '0' && (digits > 1 || negative))) return false;
    out = negative ? -value : value;
    return true;
  }
  // Option numbers as picks_from_json accepts them: a non-empty list of 0 to 1000.
  bool picks(std::vector<int>& out) {
    if (!literal("[")) return false;
    do {
      std::int64_t pick = 0;
      if (!integer(pick) || pick < 0 || pick > 1000) return false;
      out.push_back(static_cast<int>(pick));
    } while (literal(","));
    return literal("]");
  }
  bool at_end() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

// Votes and upvotes are most of a busy room's log; they are read without building a JSON tree.
std::optional<core::Event> quiet_event_from_log(std::string_view body) {
  CanonicalReader r(body);
  std::int64_t at_ms = 0;
  std::string device;
  if (!r.literal("{\"at_ms\":") || !r.integer(at_ms) || !r.literal(",\"device\":") || !r.string(device))
    return std::nullopt;
  if (r.literal(",\"picks\":")) {
    core::PollVoted e{"", std::move(device), {}, at_ms};
    if (r.picks(e.picks) && r.literal(",\"poll_id\":") && r.string(e.poll_id) &&
        r.literal(",\"type\":\"poll.voted\"}") && r.at_end())
      return e;
    return std::nullopt;
  }
  core::QuestionUpvoted e{"", std::move(device), true, at_ms};
  if (!r.literal(",\"question_id\":") || !r.string(e.question_id) || !r.literal(",\"type\":\"question."))
    return std::nullopt;
  if (r.literal("upvoted\"}"))
    e.up = true;
  else if (r.literal("unvoted\"}"))
    e.up = false;
  else
    return std::nullopt;
  if (!r.at_end()) return std::nullopt;
  return e;
}

}  // namespace

core::Event event_from_log(std::string_view body) {
  if (auto event = quiet_event_from_log(body)) return std::move(*event);
  return event_from_json(Json::parse(body));
}

Json state_to_json(const core::RoomState& s, Audience audience) {
  Json queue = Json::array();
  for (const auto& e : s.queue) queue.push_back(entry_to_json(e, audience));
  Json turns = Json::array();
  for (const auto& r : s.turns) turns.push_back(record_to_json(r));
  Json current = nullptr;
  if (s.current) {
    const core::Turn& t = *s.current;
    current = Json{{"entry", entry_to_json(t.entry, audience)},
                   {"started_at_ms", t.started_at_ms},
                   {"allotted_ms", t.allotted_ms},
                   {"paused_ms", t.paused_ms},
                   {"paused_since_ms", t.paused_since_ms ? Json(*t.paused_since_ms) : Json(nullptr)},
                   {"pauses", t.pauses}};
  }
  Json questions = Json::array();
  const std::map<std::string, int> vote_counts =
      audience == Audience::log ? std::map<std::string, int>{} : s.vote_counts();
  for (const auto& q : s.questions) {
    if (audience == Audience::room && !q.visible()) continue;
    if (audience == Audience::chair && q.status == core::QuestionStatus::withdrawn) continue;
    questions.push_back(question_to_json(
        q, audience, audience == Audience::log ? std::nullopt : std::optional(vote_counts.at(q.id))));
  }
  Json polls = Json::array();
  for (const auto& p : s.polls) {
    if (audience == Audience::room && p.status == core::PollStatus::draft) continue;
    const core::PollResults results = s.poll_results(p.id);
    polls.push_back(poll_to_json(p, audience, audience == Audience::log ? nullptr : &results));
  }
  Json messages = Json::array();
  for (const auto& m : s.messages)
    if (audience != Audience::room || m.to == core::MessageTo::display)
      messages.push_back(message_to_json(m));
  Json j{{"room", s.room},
         {"settings", settings_to_json(s.settings)},
         {"queue_open", s.queue_open},
         {"queue", std::move(queue)},
         {"current", std::move(current)},
         {"speaker", timer_to_json(s.speaker)},
         {"segment", timer_to_json(s.segment)},
         {"turns", std::move(turns)},
         {"next_entry", s.next_entry},
         {"premoderation", s.premoderation},
         {"questions", std::move(questions)},
         {"answering", null_if_empty(s.answering)},
         {"polls", std::move(polls)},
         {"next_question", s.next_question},
         {"next_poll", s.next_poll},
         {"agenda", Json{{"item_id", null_if_empty(s.agenda_item)}, {"since_ms", s.agenda_since_ms}}},
         {"messages", std::move(messages)},
         {"next_message", s.next_message}};
  Json blocks = Json::array();
  for (const auto& b : s.blocks) blocks.push_back(block_to_json(b));
  j["blocks"] = std::move(blocks);
  j["block"] = null_if_empty(s.block);
  j["next_slot"] = s.next_slot;
  if (audience != Audience::room) {
    Json conclusions = Json::array();
    for (const auto& c : s.conclusions) conclusions.push_back(conclusion_to_json(c));
    j["conclusions"] = std::move(conclusions);
    j["next_conclusion"] = s.next_conclusion;
  }
  j["handoff_to"] = null_if_empty(s.handoff_to);
  Json handoffs = Json::array();
  for (const auto& h : s.handoffs) handoffs.push_back(handoff_to_json(h));
  j["handoffs"] = std::move(handoffs);
  j["next_handoff"] = s.next_handoff;
  j["closed_at_ms"] = s.closed_at_ms;
  if (audience == Audience::log) {
    // What only the server needs to rebuild a room: who voted for what, who is muted. (The per-minute
    // windows are not kept: a restart forgives them.)
    j["guiding_questions"] = s.guiding_questions;
    j["agenda_items"] = s.agenda_items;
    j["muted"] = s.muted;
    j["upvotes"] = s.upvotes;
    Json votes = Json::object();
    for (const auto& [poll, by_device] : s.votes) votes[poll] = by_device;
    j["votes"] = std::move(votes);
  }
  return j;
}

core::RoomState state_from_json(const Json& j) {
  Fields f(j, "snapshot");
  core::RoomState s;
  s.room = f.str("room");
  s.settings = settings_from_json(f.object("settings"), "snapshot.settings");
  s.queue_open = f.boolean("queue_open");
  for (const auto& e : f.array("queue")) s.queue.push_back(entry_from_json(e, "snapshot.queue[]"));
  if (const Json* c = f.opt_object("current")) {
    Fields t(*c, "snapshot.current");
    core::Turn turn;
    turn.entry = entry_from_json(t.object("entry"), "snapshot.current.entry");
    turn.started_at_ms = t.int64("started_at_ms");
    turn.allotted_ms = t.int64("allotted_ms");
    turn.paused_ms = t.int64("paused_ms");
    turn.paused_since_ms = t.opt_int64("paused_since_ms");
    turn.pauses = static_cast<int>(t.int64("pauses"));
    s.current = std::move(turn);
  }
  s.speaker = timer_from_json(f.object("speaker"), "snapshot.speaker");
  s.segment = timer_from_json(f.object("segment"), "snapshot.segment");
  for (const auto& r : f.array("turns")) s.turns.push_back(record_from_json(r, "snapshot.turns[]"));
  s.next_entry = f.uint64("next_entry");
  // Optional: a plain initial state carries no questions or polls yet.
  if (f.has("premoderation")) s.premoderation = f.boolean("premoderation");
  if (f.has("questions"))
    for (const auto& q : f.array("questions"))
      s.questions.push_back(question_from_json(q, "snapshot.questions[]"));
  s.answering = f.opt_str("answering");
  if (f.has("polls"))
    for (const auto& p : f.array("polls")) s.polls.push_back(poll_from_json(p, "snapshot.polls[]"));
  if (f.has("next_question")) s.next_question = f.uint64("next_question");
  if (f.has("next_poll")) s.next_poll = f.uint64("next_poll");
  if (f.has("guiding_questions")) s.guiding_questions = strings_from_json(f, "guiding_questions");
  if (f.has("agenda_items")) s.agenda_items = strings_from_json(f, "agenda_items");
  if (const Json* a = f.opt_object("agenda")) {
    Fields af(*a, "snapshot.agenda");
    s.agenda_item = af.opt_str("item_id");
    s.agenda_since_ms = af.int64("since_ms");
  }
  if (f.has("messages"))
    for (const auto& m : f.array("messages"))
      s.messages.push_back(message_from_json(m, "snapshot.messages[]"));
  if (f.has("next_message")) s.next_message = f.uint64("next_message");
  // Optional too: rooms created before the plan existed have none.
  if (f.has("blocks"))
    for (const auto& b : f.array("blocks")) s.blocks.push_back(block_from_json(b, "snapshot.blocks[]"));
  s.block = f.opt_str("block");
  if (f.has("next_slot")) s.next_slot = f.uint64("next_slot");
  if (f.has("conclusions"))
    for (const auto& c : f.array("conclusions"))
      s.conclusions.push_back(conclusion_from_json(c, "snapshot.conclusions[]"));
  if (f.has("next_conclusion")) s.next_conclusion = f.uint64("next_conclusion");
  s.handoff_to = f.opt_str("handoff_to");
  if (f.has("handoffs"))
    for (const auto& h : f.array("handoffs"))
      s.handoffs.push_back(handoff_from_json(h, "snapshot.handoffs[]"));
  if (f.has("next_handoff")) s.next_handoff = f.uint64("next_handoff");
  if (f.has("closed_at_ms")) s.closed_at_ms = f.int64("closed_at_ms");
  try {
    if (f.has("muted")) s.muted = j.at("muted").get<std::set<std::string>>();
    if (f.has("upvotes")) s.upvotes = j.at("upvotes").get<std::map<std::string, std::set<std::string>>>();
    if (f.has("votes")) s.votes = j.at("votes").get<std::map<std::string, core::DevicePicks>>();
  } catch (const Json::exception& e) {
    throw CodecError(std::string("snapshot: votes, upvotes or muted: ") + e.what());
  }
  return s;
}

}  // namespace podium::protocol
