// Envelopes and commands <-> JSON, and the checks every incoming frame passes before it is parsed.
#include "codec.hpp"

#include "codec_domain.hpp"
#include "server/core/overloaded.hpp"
#include "text.hpp"

namespace podium::protocol {
namespace {

using detail::Fields;
using detail::name_of;

using core::Overloaded;

struct UnknownType : CodecError {
  using CodecError::CodecError;
};

// ---- commands ----

// Text people typed, normalised before any rule looks at it.
std::string text(const Fields& f, const char* name) { return normalize_text(f.str(name)); }
std::string opt_text(const Fields& f, const char* name) { return normalize_text(f.opt_str(name)); }

std::vector<std::string> texts(const Fields& f, const char* name) {
  std::vector<std::string> out;
  for (const auto& s : f.array(name)) {
    if (!s.is_string() || s.get_ref<const std::string&>().size() > kMaxStringBytes)
      f.fail(name, "expected strings");
    out.push_back(normalize_text(s.get<std::string>()));
  }
  return out;
}

std::vector<std::string> ids(const Fields& f, const char* name) {
  std::vector<std::string> out;
  for (const auto& s : f.array(name)) {
    if (!s.is_string() || s.get_ref<const std::string&>().empty() ||
        s.get_ref<const std::string&>().size() > 64)
      f.fail(name, "expected ids");
    out.push_back(s.get<std::string>());
  }
  return out;
}

std::vector<int> picks(const Fields& f, const char* name) {
  std::vector<int> out;
  for (const auto& v : f.array(name)) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < -1 || v.get<std::int64_t>() > 1000)
      f.fail(name, "expected option numbers");
    out.push_back(v.get<int>());
  }
  return out;
}

core::Command command_from_json(const std::string& type, const Fields& f) {
  if (type == "queue.join") {
    const bool has_kind = f.opt_str("kind").size() > 0;
    return core::JoinQueue{has_kind ? f.enumeration("kind", kSpeakerKinds) : core::SpeakerKind::new_point,
                           opt_text(f, "name"), opt_text(f, "affiliation"), f.opt_str("guiding_question"),
                           affiliation_kind(f)};
  }
  if (type == "queue.withdraw") return core::WithdrawFromQueue{f.str("entry_id")};
  if (type == "queue.add") {
    const bool has_kind = f.opt_str("kind").size() > 0;
    return core::AddSpeaker{text(f, "name"),
                            opt_text(f, "affiliation"),
                            has_kind ? f.enumeration("kind", kSpeakerKinds) : core::SpeakerKind::new_point,
                            f.opt_int64("duration_ms"),
                            f.opt_str("guiding_question"),
                            affiliation_kind(f)};
  }
  if (type == "queue.move")
    return core::MoveEntry{f.str("entry_id"), f.opt_str("before_id"), f.opt_str("after_id")};
  if (type == "queue.remove") return core::RemoveEntry{f.str("entry_id")};
  if (type == "queue.close") return core::CloseQueue{};
  if (type == "queue.open") return core::OpenQueue{};
  if (type == "turn.next" || type == "turn.end") {
    // The precondition is required: null (nobody has the floor) must be said, not implied.
    if (!f.has("expected_current")) f.fail("expected_current", "is missing (null when nobody has the floor)");
    std::string expected = f.opt_str("expected_current");
    if (type == "turn.next") return core::NextSpeaker{std::move(expected)};
    return core::EndTurn{std::move(expected)};
  }
  if (type == "timer.set") {
    std::optional<std::string> label;
    if (std::string l = opt_text(f, "label"); !l.empty()) label = std::move(l);
    return core::SetTimer{f.enumeration("timer", kTimerIds), f.int64("duration_ms"), std::move(label),
                          f.opt_int64("warning_ms")};
  }
  if (type == "timer.start") return core::StartTimer{f.enumeration("timer", kTimerIds)};
  if (type == "timer.pause") return core::PauseTimer{f.enumeration("timer", kTimerIds)};
  if (type == "timer.adjust")
    return core::AdjustTimer{f.enumeration("timer", kTimerIds), f.int64("delta_ms")};
  if (type == "timer.reset") return core::ResetTimer{f.enumeration("timer", kTimerIds)};
  if (type == "room.configure") return core::ConfigureRoom{f.int64("speaking_ms"), f.int64("warning_ms")};
  if (type == "question.ask")
    return core::AskQuestion{text(f, "text"), opt_text(f, "name"), f.opt_str("guiding_question")};
  if (type == "question.edit")
    return core::EditQuestion{f.str("question_id"), text(f, "text"), opt_text(f, "name"),
                              f.opt_str("guiding_question")};
  if (type == "question.withdraw") return core::WithdrawQuestion{f.str("question_id")};
  if (type == "question.upvote") return core::UpvoteQuestion{f.str("question_id"), f.boolean("up")};
  if (type == "question.moderate")
    return core::ModerateQuestion{f.str("question_id"), f.enumeration("action", kModerations)};
  if (type == "question.merge") return core::MergeQuestion{f.str("question_id"), f.str("into_id")};
  if (type == "question.answering") {
    if (!f.has("question_id")) f.fail("question_id", "is missing (null to clear)");
    return core::SetAnswering{f.opt_str("question_id")};
  }
  if (type == "question.promote") {
    const std::string by = f.str("by");
    if (by != "asker" && by != "facilitator") f.fail("by", "expected \"asker\" or \"facilitator\"");
    return core::PromoteQuestion{f.str("question_id"), by == "asker"};
  }
  if (type == "questions.configure") return core::ConfigureQuestions{f.boolean("premoderation")};
  if (type == "device.mute") return core::MuteDevice{f.str("question_id"), f.boolean("muted")};
  if (type == "poll.create") {
    std::optional<int> max;
    if (auto m = f.opt_int64("max_picks")) {
      if (*m < 0 || *m > 1000) f.fail("max_picks", "is out of range");
      max = static_cast<int>(*m);
    }
    return core::CreatePoll{text(f, "question"), f.enumeration("kind", kPollKinds),
                            f.has("options") ? texts(f, "options") : std::vector<std::string>{}, max,
                            f.has("live_results") && f.boolean("live_results")};
  }
  if (type == "poll.open") return core::OpenPoll{f.str("poll_id"), f.opt_int64("duration_ms")};
  if (type == "poll.close") return core::ClosePoll{f.str("poll_id")};
  if (type == "poll.reveal") return core::RevealPoll{f.str("poll_id"), f.boolean("revealed")};
  if (type == "poll.vote") return core::Vote{f.str("poll_id"), picks(f, "picks")};
  if (type == "agenda.set") {
    for (const char* name : {"item_id", "expected_current"})
      if (!f.has(name)) f.fail(name, "is missing (null before the day starts)");
    return core::SetAgenda{f.opt_str("item_id"), f.opt_str("expected_current")};
  }
  if (type == "message.send") return core::SendMessage{f.enumeration("to", kMessageTo), text(f, "text")};
  if (type == "message.acknowledge") return core::AcknowledgeMessage{f.str("message_id")};
  if (type == "room.rotate_key") return core::RotateKey{};
  if (type == "block.start") {
    if (!f.has("expected_current")) f.fail("expected_current", "is missing (null when no block runs)");
    return core::StartBlock{f.str("block_id"), f.opt_str("expected_current")};
  }
  if (type == "block.end") {
    if (!f.has("expected_current")) f.fail("expected_current", "is missing (null when no block runs)");
    return core::EndBlock{f.opt_str("expected_current")};
  }
  if (type == "slot.add")
    return core::AddSlot{f.str("block_id"),         text(f, "name"),        opt_text(f, "affiliation"),
                         f.opt_int64("planned_ms"), f.opt_str("before_id"), affiliation_kind(f)};
  if (type == "slot.edit")
    return core::EditSlot{f.str("slot_id"), text(f, "name"), opt_text(f, "affiliation"),
                          f.opt_int64("planned_ms"), affiliation_kind(f)};
  if (type == "slot.remove") return core::RemoveSlot{f.str("slot_id")};
  if (type == "slot.move") {
    if (!f.has("before_id")) f.fail("before_id", "is missing (null for the end)");
    return core::MoveSlot{f.str("slot_id"), f.opt_str("before_id")};
  }
  if (type == "slot.start") {
    if (!f.has("expected_current")) f.fail("expected_current", "is missing (null when nobody has the floor)");
    return core::StartSlot{f.str("slot_id"), f.opt_str("expected_current")};
  }
  if (type == "conclusion.add") return core::AddConclusion{text(f, "text"), f.opt_str("guiding_question")};
  if (type == "conclusion.edit")
    return core::EditConclusion{f.str("conclusion_id"), text(f, "text"), f.opt_str("guiding_question")};
  if (type == "conclusion.remove") return core::RemoveConclusion{f.str("conclusion_id")};
  if (type == "meeting.close") return core::CloseMeeting{};
  if (type == "handoff.send") return core::SendHandoff{ids(f, "conclusion_ids"), ids(f, "question_ids")};
  throw UnknownType("Unknown message type " + quote_input(type) + ".");
}

Json command_fields(const core::Command& command) {
  return std::visit(
      Overloaded{
          [](const core::JoinQueue& c) {
            Json j{
                {"kind", name_of(c.kind, kSpeakerKinds)}, {"name", c.name}, {"affiliation", c.affiliation}};
            if (!c.guiding_question.empty()) j["guiding_question"] = c.guiding_question;
            put_affiliation_kind(j, c.affiliation_kind);
            return j;
          },
          [](const core::WithdrawFromQueue& c) {
            return Json{{"entry_id", c.entry_id}};
          },
          [](const core::AddSpeaker& c) {
            Json j{
                {"name", c.name}, {"affiliation", c.affiliation}, {"kind", name_of(c.kind, kSpeakerKinds)}};
            if (c.duration_ms) j["duration_ms"] = *c.duration_ms;
            if (!c.guiding_question.empty()) j["guiding_question"] = c.guiding_question;
            put_affiliation_kind(j, c.affiliation_kind);
            return j;
          },
          [](const core::MoveEntry& c) {
            Json j{{"entry_id", c.entry_id}};
            if (!c.before_id.empty()) j["before_id"] = c.before_id;
            if (!c.after_id.empty()) j["after_id"] = c.after_id;
            return j;
          },
          [](const core::RemoveEntry& c) {
            return Json{{"entry_id", c.entry_id}};
          },
          [](const core::NextSpeaker& c) {
            return Json{{"expected_current", null_if_empty(c.expected_current)}};
          },
          [](const core::EndTurn& c) {
            return Json{{"expected_current", null_if_empty(c.expected_current)}};
          },
          [](const core::CloseQueue&) { return Json::object(); },
          [](const core::OpenQueue&) { return Json::object(); },
          [](const core::SetTimer& c) {
            Json j{{"timer", name_of(c.timer, kTimerIds)}, {"duration_ms", c.duration_ms}};
            if (c.label) j["label"] = *c.label;
            if (c.warning_ms) j["warning_ms"] = *c.warning_ms;
            return j;
          },
          [](const core::StartTimer& c) {
            return Json{{"timer", name_of(c.timer, kTimerIds)}};
          },
          [](const core::PauseTimer& c) {
            return Json{{"timer", name_of(c.timer, kTimerIds)}};
          },
          [](const core::AdjustTimer& c) {
            return Json{{"timer", name_of(c.timer, kTimerIds)}, {"delta_ms", c.delta_ms}};
          },
          [](const core::ResetTimer& c) {
            return Json{{"timer", name_of(c.timer, kTimerIds)}};
          },
          [](const core::ConfigureRoom& c) {
            return Json{{"speaking_ms", c.speaking_ms}, {"warning_ms", c.warning_ms}};
          },
          [](const core::CheckTimers&) { return Json::object(); },
          [](const core::AskQuestion& c) {
            return Json{
                {"text", c.text}, {"name", c.name}, {"guiding_question", null_if_empty(c.guiding_question)}};
          },
          [](const core::EditQuestion& c) {
            return Json{{"question_id", c.question_id},
                        {"text", c.text},
                        {"name", c.name},
                        {"guiding_question", null_if_empty(c.guiding_question)}};
          },
          [](const core::WithdrawQuestion& c) {
            return Json{{"question_id", c.question_id}};
          },
          [](const core::UpvoteQuestion& c) {
            return Json{{"question_id", c.question_id}, {"up", c.up}};
          },
          [](const core::ModerateQuestion& c) {
            return Json{{"question_id", c.question_id}, {"action", name_of(c.action, kModerations)}};
          },
          [](const core::MergeQuestion& c) {
            return Json{{"question_id", c.question_id}, {"into_id", c.into_id}};
          },
          [](const core::SetAnswering& c) {
            return Json{{"question_id", null_if_empty(c.question_id)}};
          },
          [](const core::PromoteQuestion& c) {
            return Json{{"question_id", c.question_id}, {"by", c.by_asker ? "asker" : "facilitator"}};
          },
          [](const core::ConfigureQuestions& c) {
            return Json{{"premoderation", c.premoderation}};
          },
          [](const core::MuteDevice& c) {
            return Json{{"question_id", c.question_id}, {"muted", c.muted}};
          },
          [](const core::CreatePoll& c) {
            Json j{{"question", c.question},
                   {"kind", name_of(c.kind, kPollKinds)},
                   {"options", c.options},
                   {"live_results", c.live_results}};
            if (c.max_picks) j["max_picks"] = *c.max_picks;
            return j;
          },
          [](const core::OpenPoll& c) {
            Json j{{"poll_id", c.poll_id}};
            if (c.duration_ms) j["duration_ms"] = *c.duration_ms;
            return j;
          },
          [](const core::ClosePoll& c) {
            return Json{{"poll_id", c.poll_id}};
          },
          [](const core::RevealPoll& c) {
            return Json{{"poll_id", c.poll_id}, {"revealed", c.revealed}};
          },
          [](const core::Vote& c) {
            return Json{{"poll_id", c.poll_id}, {"picks", c.picks}};
          },
          [](const core::SetAgenda& c) {
            return Json{{"item_id", null_if_empty(c.item_id)},
                        {"expected_current", null_if_empty(c.expected_current)}};
          },
          [](const core::SendMessage& c) {
            return Json{{"to", name_of(c.to, kMessageTo)}, {"text", c.text}};
          },
          [](const core::AcknowledgeMessage& c) {
            return Json{{"message_id", c.message_id}};
          },
          [](const core::RotateKey&) { return Json::object(); },
          [](const core::StartBlock& c) {
            return Json{{"block_id", c.block_id}, {"expected_current", null_if_empty(c.expected_current)}};
          },
          [](const core::EndBlock& c) {
            return Json{{"expected_current", c.expected_current}};
          },
          [](const core::AddSlot& c) {
            Json j{{"block_id", c.block_id}, {"name", c.name}};
            if (!c.affiliation.empty()) j["affiliation"] = c.affiliation;
            if (c.planned_ms) j["planned_ms"] = *c.planned_ms;
            if (!c.before_id.empty()) j["before_id"] = c.before_id;
            put_affiliation_kind(j, c.affiliation_kind);
            return j;
          },
          [](const core::EditSlot& c) {
            Json j{{"slot_id", c.slot_id}, {"name", c.name}};
            if (!c.affiliation.empty()) j["affiliation"] = c.affiliation;
            if (c.planned_ms) j["planned_ms"] = *c.planned_ms;
            put_affiliation_kind(j, c.affiliation_kind);
            return j;
          },
          [](const core::RemoveSlot& c) {
            return Json{{"slot_id", c.slot_id}};
          },
          [](const core::MoveSlot& c) {
            return Json{{"slot_id", c.slot_id}, {"before_id", null_if_empty(c.before_id)}};
          },
          [](const core::StartSlot& c) {
            return Json{{"slot_id", c.slot_id}, {"expected_current", null_if_empty(c.expected_current)}};
          },
          [](const core::AddConclusion& c) {
            Json j{{"text", c.text}};
            if (!c.guiding_question.empty()) j["guiding_question"] = c.guiding_question;
            return j;
          },
          [](const core::EditConclusion& c) {
            Json j{{"conclusion_id", c.conclusion_id}, {"text", c.text}};
            if (!c.guiding_question.empty()) j["guiding_question"] = c.guiding_question;
            return j;
          },
          [](const core::RemoveConclusion& c) {
            return Json{{"conclusion_id", c.conclusion_id}};
          },
          [](const core::SendHandoff& c) {
            return Json{{"conclusion_ids", c.conclusion_ids}, {"question_ids", c.question_ids}};
          },
          [](const core::CloseMeeting&) { return Json::object(); },
          [](const core::ReceiveHandoff& c) {
            return event_to_json(core::HandoffReceived{c.handoff}, Audience::log);
          },
      },
      command);
}

Resume resume_from_json(const Json& j, const std::string& path) {
  Fields f(j, path);
  return Resume{f.str("epoch"), f.uint64("seq")};
}

Json resume_to_json(const Resume& r) { return Json{{"epoch", r.epoch}, {"seq", r.seq}}; }

ClientMessage client_from_json(const Json& j) {
  Fields f(j, "");
  const std::string type = f.str("type");
  if (type == "hello") {
    Hello h;
    h.protocol = static_cast<int>(f.int64("protocol"));
    h.room = f.str("room");
    h.role = f.enumeration("role", kRoles);
    h.device = f.opt_str("device");
    h.key = f.opt_str("key");
    if (const Json* r = f.opt_object("resume")) h.resume = resume_from_json(*r, "resume");
    return h;
  }
  if (type == "ping") return Ping{f.number("t0")};
  if (type == "sync") {
    Sync s;
    if (const Json* r = f.opt_object("resume")) s.resume = resume_from_json(*r, "resume");
    return s;
  }
  // The type first: an unknown type is `unknown_type` whatever else is wrong with the message.
  core::Command command = command_from_json(type, f);
  std::string op_id = f.str("op_id");
  if (op_id.empty() || op_id.size() > 64) f.fail("op_id", "must be 1 to 64 characters");
  return CommandMessage{std::move(op_id), std::move(command)};
}

// ---- server messages ----

Json event_message_to_json(const EventMessage& m, Audience audience) {
  return Json{{"type", "event"},
              {"room", m.room},
              {"epoch", m.epoch},
              {"seq", m.seq},
              {"prev_seq", m.prev_seq},
              {"server_time_ms", m.server_time_ms},
              {"event", event_to_json(m.event, audience)}};
}

EventMessage event_message_from_json(const Json& j) {
  Fields f(j, "");
  return EventMessage{f.str("room"),
                      f.str("epoch"),
                      f.uint64("seq"),
                      f.uint64("prev_seq"),
                      f.int64("server_time_ms"),
                      event_from_json(f.object("event"))};
}

Json tally_counts_to_json(const Tally& t) {
  Json polls = Json::object();
  for (const auto& [id, p] : t.polls) {
    polls[id] = Json{{"voters", p.voters}};
    if (p.counts) polls[id]["counts"] = *p.counts;
  }
  Json j{{"questions", t.questions}, {"polls", std::move(polls)}};
  if (t.presence) j["presence"] = *t.presence;
  return j;
}

void tally_counts_from_json(const Json& j, Tally& t) {
  Fields f(j, "");
  for (const auto& [id, votes] : f.object("questions").items()) {
    if (!votes.is_number_integer()) f.fail("questions", "expected vote counts");
    t.questions[id] = votes.get<int>();
  }
  for (const auto& [id, p] : f.object("polls").items()) {
    Fields pf(p, "polls." + id);
    PollTally pt{static_cast<int>(pf.int64("voters")), std::nullopt};
    if (pf.has("counts")) pt.counts = p.at("counts").get<std::vector<int>>();
    t.polls[id] = std::move(pt);
  }
  if (const Json* p = f.opt_object("presence")) t.presence = p->get<std::map<std::string, int>>();
}

Json tally_to_json(const Tally& t) {
  Json j = tally_counts_to_json(t);
  j["type"] = "tally";
  j["room"] = t.room;
  j["epoch"] = t.epoch;
  j["seq"] = t.seq;
  return j;
}

ServerMessage server_from_json(const Json& j) {
  Fields f(j, "");
  const std::string type = f.str("type");
  if (type == "welcome") {
    Welcome w;
    w.room = f.str("room");
    w.epoch = f.str("epoch");
    w.seq = f.uint64("seq");
    w.server_time_ms = f.int64("server_time_ms");
    w.role = f.enumeration("role", kRoles);
    if (const Json* s = f.opt_object("snapshot")) w.snapshot = *s;
    if (j.contains("events"))
      for (const auto& e : f.array("events")) w.events.push_back(event_message_from_json(e));
    if (const Json* t = f.opt_object("tally")) {
      w.tally = Tally{w.room, w.epoch, w.seq, {}, {}, std::nullopt};
      tally_counts_from_json(*t, *w.tally);
    }
    for (const auto& m : f.array("mine")) {
      if (!m.is_string()) f.fail("mine", "expected strings");
      w.mine.push_back(m.get<std::string>());
    }
    w.my_questions = f.array("my_questions");
    for (const auto& m : f.array("my_upvotes")) {
      if (!m.is_string()) f.fail("my_upvotes", "expected strings");
      w.my_upvotes.push_back(m.get<std::string>());
    }
    w.my_votes = f.object("my_votes");
    return w;
  }
  if (type == "tally") {
    Tally t{f.str("room"), f.str("epoch"), f.uint64("seq"), {}, {}, std::nullopt};
    tally_counts_from_json(j, t);
    return t;
  }
  if (type == "ack")
    return Ack{f.str("op_id"),           f.uint64("seq"),      f.opt_str("entry_id"),
               f.opt_str("question_id"), f.opt_str("poll_id"), f.opt_str("message_id"),
               f.opt_str("key"),         f.opt_str("slot_id"), f.opt_str("conclusion_id")};
  if (type == "reject") {
    Reject r;
    r.op_id = f.opt_str("op_id");
    const std::string code = f.str("code");
    r.code = core::RejectCode::bad_request;
    bool known = false;
    for (int c = 0; c <= static_cast<int>(core::kLastRejectCode); ++c) {
      if (core::to_string(static_cast<core::RejectCode>(c)) == code) {
        r.code = static_cast<core::RejectCode>(c);
        known = true;
      }
    }
    if (!known) f.fail("code", "unknown reject code " + quote_input(code));
    r.message = f.str("message");
    r.retry_after_ms = f.opt_int64("retry_after_ms");
    return r;
  }
  if (type == "event") return event_message_from_json(j);
  if (type == "pong") return Pong{f.number("t0"), f.int64("ts")};
  f.fail("type", "unknown message type " + quote_input(type));
}

std::string peek_op_id(const Json& j) {
  if (!j.is_object()) return {};
  auto it = j.find("op_id");
  if (it == j.end() || !it->is_string()) return {};
  const auto& s = it->get_ref<const std::string&>();
  return s.size() <= 64 ? s : std::string();
}

}  // namespace

std::string_view to_string(core::Role role) {
  return role == core::Role::system ? "system" : name_of(role, kRoles);
}

std::string_view type_of(const core::Command& command) {
  return std::visit(Overloaded{
                        [](const core::JoinQueue&) { return "queue.join"; },
                        [](const core::WithdrawFromQueue&) { return "queue.withdraw"; },
                        [](const core::AddSpeaker&) { return "queue.add"; },
                        [](const core::MoveEntry&) { return "queue.move"; },
                        [](const core::RemoveEntry&) { return "queue.remove"; },
                        [](const core::NextSpeaker&) { return "turn.next"; },
                        [](const core::EndTurn&) { return "turn.end"; },
                        [](const core::CloseQueue&) { return "queue.close"; },
                        [](const core::OpenQueue&) { return "queue.open"; },
                        [](const core::SetTimer&) { return "timer.set"; },
                        [](const core::StartTimer&) { return "timer.start"; },
                        [](const core::PauseTimer&) { return "timer.pause"; },
                        [](const core::AdjustTimer&) { return "timer.adjust"; },
                        [](const core::ResetTimer&) { return "timer.reset"; },
                        [](const core::ConfigureRoom&) { return "room.configure"; },
                        [](const core::CheckTimers&) { return "timer.check"; },
                        [](const core::AskQuestion&) { return "question.ask"; },
                        [](const core::EditQuestion&) { return "question.edit"; },
                        [](const core::WithdrawQuestion&) { return "question.withdraw"; },
                        [](const core::UpvoteQuestion&) { return "question.upvote"; },
                        [](const core::ModerateQuestion&) { return "question.moderate"; },
                        [](const core::MergeQuestion&) { return "question.merge"; },
                        [](const core::SetAnswering&) { return "question.answering"; },
                        [](const core::PromoteQuestion&) { return "question.promote"; },
                        [](const core::ConfigureQuestions&) { return "questions.configure"; },
                        [](const core::MuteDevice&) { return "device.mute"; },
                        [](const core::CreatePoll&) { return "poll.create"; },
                        [](const core::OpenPoll&) { return "poll.open"; },
                        [](const core::ClosePoll&) { return "poll.close"; },
                        [](const core::RevealPoll&) { return "poll.reveal"; },
                        [](const core::Vote&) { return "poll.vote"; },
                        [](const core::SetAgenda&) { return "agenda.set"; },
                        [](const core::SendMessage&) { return "message.send"; },
                        [](const core::AcknowledgeMessage&) { return "message.acknowledge"; },
                        [](const core::RotateKey&) { return "room.rotate_key"; },
                        [](const core::StartBlock&) { return "block.start"; },
                        [](const core::EndBlock&) { return "block.end"; },
                        [](const core::AddSlot&) { return "slot.add"; },
                        [](const core::EditSlot&) { return "slot.edit"; },
                        [](const core::RemoveSlot&) { return "slot.remove"; },
                        [](const core::MoveSlot&) { return "slot.move"; },
                        [](const core::StartSlot&) { return "slot.start"; },
                        [](const core::AddConclusion&) { return "conclusion.add"; },
                        [](const core::EditConclusion&) { return "conclusion.edit"; },
                        [](const core::RemoveConclusion&) { return "conclusion.remove"; },
                        [](const core::SendHandoff&) { return "handoff.send"; },
                        [](const core::ReceiveHandoff&) { return "handoff.receive"; },
                        [](const core::CloseMeeting&) { return "meeting.close"; },
                    },
                    command);
}

std::optional<DecodeError> precheck(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return DecodeError{core::RejectCode::too_large,
                       "Message too large: " + std::to_string(text.size()) + " bytes, at most " +
                           std::to_string(max_bytes) + ".",
                       ""};
  // Depth counted on the raw bytes, skipping strings, so a hostile nesting costs no allocation.
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth)
        return DecodeError{core::RejectCode::too_deep,
                           "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels.", ""};
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

std::variant<ClientMessage, DecodeError> decode_client(std::string_view text, std::size_t max_bytes) {
  if (auto bad = precheck(text, max_bytes)) return *bad;
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) return DecodeError{core::RejectCode::bad_request, "Malformed JSON.", ""};
  try {
    return client_from_json(j);
  } catch (const UnknownType& e) {
    return DecodeError{core::RejectCode::unknown_type, e.what(), peek_op_id(j)};
  } catch (const CodecError& e) {
    return DecodeError{core::RejectCode::bad_request, std::string("Bad message: ") + e.what() + ".",
                       peek_op_id(j)};
  }
}

std::variant<ServerMessage, DecodeError> decode_server(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) return DecodeError{core::RejectCode::bad_request, "Malformed JSON.", ""};
  try {
    return server_from_json(j);
  } catch (const CodecError& e) {
    return DecodeError{core::RejectCode::bad_request, e.what(), ""};
  }
}

Json to_json(const ClientMessage& message) {
  return std::visit(Overloaded{
                        [](const Hello& h) {
                          Json j{{"type", "hello"},
                                 {"protocol", h.protocol},
                                 {"room", h.room},
                                 {"role", name_of(h.role, kRoles)}};
                          if (!h.device.empty()) j["device"] = h.device;
                          if (!h.key.empty()) j["key"] = h.key;
                          if (h.resume) j["resume"] = resume_to_json(*h.resume);
                          return j;
                        },
                        [](const CommandMessage& c) {
                          Json j = command_fields(c.command);
                          j["type"] = type_of(c.command);
                          j["op_id"] = c.op_id;
                          return j;
                        },
                        [](const Ping& p) {
                          return Json{{"type", "ping"}, {"t0", p.t0}};
                        },
                        [](const Sync& s) {
                          Json j{{"type", "sync"}};
                          if (s.resume) j["resume"] = resume_to_json(*s.resume);
                          return j;
                        },
                    },
                    message);
}

Json to_json(const ServerMessage& message, Audience audience) {
  return std::visit(
      Overloaded{
          [&](const Welcome& w) {
            Json j{{"type", "welcome"},
                   {"room", w.room},
                   {"epoch", w.epoch},
                   {"seq", w.seq},
                   {"server_time_ms", w.server_time_ms},
                   {"role", name_of(w.role, kRoles)},
                   {"mine", w.mine},
                   {"my_questions", w.my_questions},
                   {"my_upvotes", w.my_upvotes},
                   {"my_votes", w.my_votes}};
            if (w.snapshot) {
              j["snapshot"] = *w.snapshot;
            } else {
              Json events = Json::array();
              for (const auto& e : w.events) events.push_back(event_message_to_json(e, audience));
              j["events"] = std::move(events);
            }
            if (w.tally) j["tally"] = tally_counts_to_json(*w.tally);
            return j;
          },
          [](const Ack& a) {
            Json j{{"type", "ack"}, {"op_id", a.op_id}, {"seq", a.seq}};
            if (!a.entry_id.empty()) j["entry_id"] = a.entry_id;
            if (!a.question_id.empty()) j["question_id"] = a.question_id;
            if (!a.poll_id.empty()) j["poll_id"] = a.poll_id;
            if (!a.message_id.empty()) j["message_id"] = a.message_id;
            if (!a.slot_id.empty()) j["slot_id"] = a.slot_id;
            if (!a.conclusion_id.empty()) j["conclusion_id"] = a.conclusion_id;
            if (!a.key.empty()) j["key"] = a.key;
            return j;
          },
          [](const Tally& t) { return tally_to_json(t); },
          [](const Reject& r) {
            Json j{{"type", "reject"}, {"code", core::to_string(r.code)}, {"message", r.message}};
            if (!r.op_id.empty()) j["op_id"] = r.op_id;
            if (r.retry_after_ms) j["retry_after_ms"] = *r.retry_after_ms;
            return j;
          },
          [&](const EventMessage& e) { return event_message_to_json(e, audience); },
          [](const Pong& p) {
            return Json{{"type", "pong"}, {"t0", p.t0}, {"ts", p.ts}};
          },
      },
      message);
}

std::string encode(const ServerMessage& message, Audience audience) {
  return to_json(message, audience).dump();
}

}  // namespace podium::protocol
