// The meeting's record: a small group session scripted through decide/evolve with a fixed clock, turned
// into minutes and CSV files that must match tests/golden byte for byte (PODIUM_UPDATE_GOLDEN=1 rewrites
// them), and the properties every export keeps: determinism, privacy, escaping, formula guards.
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "protocol/cpp/codec.hpp"
#include "server/app/meeting.hpp"
#include "server/core/decide.hpp"
#include "server/record/csv.hpp"
#include "server/record/fairness.hpp"
#include "server/record/format.hpp"
#include "server/record/json_log.hpp"
#include "server/record/markdown.hpp"
#include "server/record/minutes.hpp"
#include "server/record/outline.hpp"
#include "server/record/room_log.hpp"

namespace podium::record {
namespace {

namespace fs = std::filesystem;
using core::AffiliationKind;
using core::Millis;
using core::Role;

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis k1045 = 1'560'761'100'000;  // 17 June 2019, 10:45 in Geneva (08:45 UTC)

// Words that must never leave the server: a rejected, a withdrawn and a never moderated question.
constexpr const char* kRejected = "REJECTED-WORDS <script>alert(1)</script>";
constexpr const char* kWithdrawn = "WITHDRAWN-WORDS about parking";
constexpr const char* kPending = "PENDING-WORDS never looked at";

const app::Meeting& geneva() {
  static const app::Meeting meeting =
      app::load_meeting(PODIUM_SOURCE_DIR "/server/meetings/geneva-2019.json");
  return meeting;
}

// A group's starting state as the hub configures it (hub.cpp keeps its version private): the room's
// settings, guiding questions, the agenda, and its blocks following one another from the first agenda
// item that lists the room.
core::RoomState group_state(const app::Meeting& meeting, const std::string& room) {
  const app::RoomConfig& config = *meeting.room(room);
  core::RoomSetup setup;
  setup.room = room;
  setup.settings = core::RoomSettings{config.speaking_seconds * 1000, config.warning_seconds * 1000};
  setup.segment.label = config.blocks.front().title;
  setup.segment.duration_ms = config.blocks.front().minutes * kMinute;
  setup.segment.warning_ms = core::segment_warning(setup.segment.duration_ms);
  setup.guiding_questions = config.guiding_questions;
  std::optional<int> start;
  for (const app::AgendaItem& item : meeting.agenda) {
    setup.agenda_items.push_back(item.id);
    if (!start && std::find(item.rooms.begin(), item.rooms.end(), room) != item.rooms.end())
      start = app::minute_of_day(item.start);
  }
  for (const app::Block& b : config.blocks) {
    core::Block block;
    block.id = b.id;
    block.kind = b.kind == "presentations" ? core::BlockKind::presentations : core::BlockKind::discussion;
    block.title = b.title;
    block.planned_ms = b.minutes * kMinute;
    block.plan_start_min = start;
    block.max_presenters = b.max_presenters;
    start = *start + static_cast<int>(b.minutes);
    setup.blocks.push_back(std::move(block));
  }
  setup.handoff_to = "plenary";
  return core::initial_state(std::move(setup));
}

// Runs commands through decide/evolve at `now`, logging every event as the room would.
class Script {
 public:
  explicit Script(core::RoomState initial) : state_(initial) {
    log_.room = initial.room;
    log_.epoch = "5e1f0c2a9b7d4e31";
    log_.initial = std::move(initial);
  }

  Millis now = k1045;

  std::vector<core::Event> run(const core::Command& command, Role role = Role::facilitator,
                               const std::string& device = "") {
    const core::Decision d = core::decide(state_, command, core::Context{role, device, now});
    EXPECT_TRUE(d.accepted()) << protocol::type_of(command) << ": "
                              << (d.rejection ? d.rejection->message : "");
    for (const core::Event& e : d.events) {
      core::evolve(state_, e);
      log_.events.push_back(
          LoggedEvent{log_.events.size() + 1, now, e, std::string(protocol::to_string(role))});
    }
    return d.events;
  }
  std::vector<core::Event> by(const std::string& device, const core::Command& command) {
    return run(command, Role::participant, device);
  }
  std::string ask(const std::string& device, const std::string& text, const std::string& name = "",
                  const std::string& gq = "") {
    return std::get<core::QuestionChanged>(by(device, core::AskQuestion{text, name, gq}).at(0)).question.id;
  }
  void moderate(const std::string& id, core::Moderation action) { run(core::ModerateQuestion{id, action}); }
  std::string current() const { return state_.current ? state_.current->entry.id : ""; }

  const RoomLog& log() const { return log_; }
  const core::RoomState& state() const { return state_; }

 private:
  core::RoomState state_;
  RoomLog log_;
};

// Group 1's thematic session: three presenters, an open round, questions, a poll, conclusions.
RoomLog group_session() {
  Script s(group_state(geneva(), "group-1"));
  s.now = k1045 - 45 * kMinute;
  s.run(core::SetAgenda{"keynotes", ""}, Role::organizer);  // nothing happens here in the group
  s.now = k1045;
  s.run(core::SetAgenda{"thematic-discussions", "keynotes"}, Role::organizer);

  s.run(core::AddSlot{
      "presentations", "Ana | Silva", "Porto Alegre", {}, "", AffiliationKind::local_government});
  s.run(core::AddSlot{"presentations",
                      "=SUM(A1)",
                      "Gwangju, \"Human Rights City\"",
                      {},
                      "",
                      AffiliationKind::local_government});
  s.run(
      core::AddSlot{"presentations", "#Mónica *Díaz*", "UN-Habitat <Nairobi>", {}, "", AffiliationKind::un});
  s.now += kMinute;  // 10:46
  s.run(core::StartSlot{"s1", ""});
  s.now += 9 * kMinute;  // 10:55, a minute early
  s.run(core::StartSlot{"s2", s.current()});
  s.now += 12 * kMinute + 20 * kSecond;  // 11:07:20, over time
  s.run(core::StartSlot{"s3", s.current()});
  s.now += 2 * kMinute + 40 * kSecond;  // 11:10
  s.run(core::PauseTimer{core::TimerId::speaker});
  s.now += 30 * kSecond;
  s.run(core::StartTimer{core::TimerId::speaker});
  s.now += 6 * kMinute + 30 * kSecond;  // 11:17: the presentations ran a minute over
  s.run(core::StartBlock{"discussion", "presentations"});

  s.by("dev-li", core::JoinQueue{core::SpeakerKind::new_point, "Li Wei", "Cities for Rights", "gq1",
                                 AffiliationKind::civil_society});
  s.by("dev-anon", core::JoinQueue{core::SpeakerKind::reply, "", "", "", AffiliationKind::unknown});
  s.by("dev-fan",
       core::JoinQueue{core::SpeakerKind::clarifying_question, "#1 fan", "", "", AffiliationKind::other});
  s.run(core::AddSpeaker{"Kate Gilmore", "OHCHR", core::SpeakerKind::new_point, {}, "", AffiliationKind::un});
  s.now += kMinute;  // 11:18
  s.run(core::NextSpeaker{""});

  const std::string q1 =
      s.ask("dev-li", "How can cities finance housing in informal settlements?", "Li Wei", "gq1");
  const std::string q2 = s.ask("dev-spam", kRejected);
  const std::string q3 = s.ask("dev-fan", "How do cities pay for informal housing?", "", "gq1");
  const std::string q4 = s.ask("dev-anon", "Which UN tools | mechanisms help *local* governments?");
  const std::string q5 = s.ask("dev-late", kWithdrawn);
  s.ask("dev-quiet", kPending, "Quiet Person");
  s.moderate(q1, core::Moderation::approve);
  s.moderate(q2, core::Moderation::reject);
  s.moderate(q3, core::Moderation::approve);
  s.moderate(q4, core::Moderation::approve);
  s.by("dev-late", core::WithdrawQuestion{q5});
  for (const char* device : {"dev-anon", "dev-fan"}) s.by(device, core::UpvoteQuestion{q1, true});
  s.by("dev-kim", core::UpvoteQuestion{q3, true});
  s.by("dev-kim", core::UpvoteQuestion{q1, true});  // counts once when q3 joins q1
  s.by("dev-li", core::UpvoteQuestion{q4, true});
  s.run(core::MergeQuestion{q3, q1});

  s.now += kMinute;  // 11:19
  s.run(core::NextSpeaker{s.current()});
  s.now += 3 * kMinute + 45 * kSecond;  // 11:22:45, 45 s over
  s.run(core::NextSpeaker{s.current()});
  s.moderate(q1, core::Moderation::answer);
  s.now += 2 * kMinute;  // 11:24:45
  s.run(core::NextSpeaker{s.current()});

  const auto poll =
      std::get<core::PollChanged>(s.run(core::CreatePoll{"Which right should cities report on first?",
                                                         core::PollKind::single,
                                                         {"Housing", "Water, sanitation", "=Public space"},
                                                         {},
                                                         false})
                                      .at(0))
          .poll.id;
  s.run(core::OpenPoll{poll, {}});
  const std::pair<const char*, int> votes[] = {
      {"dev-li", 0}, {"dev-anon", 0}, {"dev-fan", 1}, {"dev-kim", 2}, {"dev-spam", 0}};
  for (const auto& [device, pick] : votes) s.by(device, core::Vote{poll, {pick}});
  s.now += 90 * kSecond;  // 11:26:15
  s.run(core::ClosePoll{poll});
  s.run(core::RevealPoll{poll, true});
  s.now += kMinute;  // 11:27:15
  s.run(core::EndTurn{s.current()});

  s.run(core::AddConclusion{"Informal settlements need secure tenure first.", "gq1"});
  s.run(core::AddConclusion{"Cities ask OHCHR for a <simple> reporting template & guidance.", ""});
  s.now += 2 * kMinute;  // 11:29:15
  s.run(core::SendHandoff{{"c1", "c2"}, {q1}});
  s.now += 2 * kMinute;  // 11:31:15
  s.run(core::EndBlock{"discussion"});
  s.now = k1045 + 125 * kMinute;  // 12:50
  s.run(core::SetAgenda{"lunch", "thematic-discussions"}, Role::organizer);
  return s.log();
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Compares with tests/golden/<name>, or rewrites it when PODIUM_UPDATE_GOLDEN=1.
void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path file = fs::path(PODIUM_SOURCE_DIR) / "tests/golden" / name;
  const char* update = std::getenv("PODIUM_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " is missing; run with PODIUM_UPDATE_GOLDEN=1 to write it";
  const std::string expected = read_file(file);
  if (expected == actual) return;
  const auto diff = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
  const auto at = static_cast<std::size_t>(diff.first - expected.begin());
  ADD_FAILURE() << name << " differs from the golden file at byte " << at
                << ":\n  golden: " << expected.substr(at, 80) << "\n  now:    " << actual.substr(at, 80)
                << "\n(PODIUM_UPDATE_GOLDEN=1 rewrites it if the change is meant)";
}

// The same log after a trip through the codec, as the store keeps it.
RoomLog through_codec(const RoomLog& log) {
  RoomLog copy = log;
  copy.initial = protocol::state_from_json(
      protocol::Json::parse(protocol::state_to_json(log.initial, protocol::Audience::log).dump()));
  for (LoggedEvent& e : copy.events)
    e.event = protocol::event_from_json(
        protocol::Json::parse(protocol::event_to_json(e.event, protocol::Audience::log).dump()));
  return copy;
}

struct Exports {
  std::string minutes, turns, questions, polls, json;
};

Exports export_all(const std::vector<RoomLog>& logs) {
  return Exports{minutes(geneva(), logs), csv_turns(geneva(), logs), csv_questions(geneva(), logs),
                 csv_polls(geneva(), logs), json_log(logs)};
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// ---- the golden session ----

TEST(RecordGolden, minutes_and_csv_files_of_a_group_session_match_the_golden_files) {
  const Exports out = export_all({group_session()});
  expect_golden("group-1-minutes.md", out.minutes);
  expect_golden("group-1-turns.csv", out.turns);
  expect_golden("group-1-questions.csv", out.questions);
  expect_golden("group-1-polls.csv", out.polls);
}

TEST(RecordGolden, exporting_twice_gives_the_same_bytes) {
  const Exports first = export_all({group_session()});
  const Exports second = export_all({group_session()});
  EXPECT_EQ(first.minutes, second.minutes);
  EXPECT_EQ(first.turns, second.turns);
  EXPECT_EQ(first.questions, second.questions);
  EXPECT_EQ(first.polls, second.polls);
  EXPECT_EQ(first.json, second.json);
}

TEST(RecordGolden, the_log_read_back_through_the_codec_gives_the_same_record) {
  const RoomLog live = group_session();
  const Exports a = export_all({live});
  const Exports b = export_all({through_codec(live)});
  EXPECT_EQ(a.minutes, b.minutes);
  EXPECT_EQ(a.turns, b.turns);
  EXPECT_EQ(a.questions, b.questions);
  EXPECT_EQ(a.polls, b.polls);
}

TEST(RecordGolden, the_minutes_follow_the_session) {
  const std::string m = minutes(geneva(), {group_session()});
  EXPECT_TRUE(m.starts_with("# Meeting on local governments and human rights\n"));
  EXPECT_NE(m.find("Geneva, 17 June 2019. Times are local (Europe/Zurich)."), std::string::npos);
  EXPECT_NE(m.find("(10:45–12:45)"), std::string::npos) << "the agenda item with its planned times";
  EXPECT_EQ(m.find("Keynote speeches"), std::string::npos)
      << "an item where the room did nothing is left out";
  EXPECT_NE(m.find("Started 10:46, ended 11:17 (31:00); planned 30 min; allotted 30:00."), std::string::npos);
  EXPECT_NE(m.find("| 2 | 10:55 | =SUM(A1) | Gwangju, \"Human Rights City\" |"), std::string::npos);
  EXPECT_NE(m.find("| Presentation | 12:20 | 1:50 |"), std::string::npos) << "the overrun of the second";
  EXPECT_NE(m.find("#### GQ 1 — What human rights-related challenges"), std::string::npos);
  EXPECT_NE(m.find("(asked by Li Wei) — 3 votes, answered"), std::string::npos) << "merged votes count";
  EXPECT_NE(m.find("Not published: 1 rejected, 1 merged, 1 withdrawn, 1 never moderated."),
            std::string::npos);
  EXPECT_NE(m.find("| =Public space | 1 | 20% |"), std::string::npos);
  EXPECT_NE(m.find("### Handed to Plenary"), std::string::npos);
}

// ---- privacy ----

TEST(RecordPrivacy, words_of_rejected_withdrawn_and_pending_questions_appear_in_no_export) {
  const Exports out = export_all({group_session()});
  for (const std::string* text : {&out.minutes, &out.turns, &out.questions, &out.polls, &out.json})
    for (const char* secret : {"REJECTED-WORDS", "WITHDRAWN-WORDS", "PENDING-WORDS", "Quiet Person"})
      EXPECT_EQ(text->find(secret), std::string::npos) << secret;
  EXPECT_NE(out.questions.find("\r\ngroup-1,q2,rejected,,0,2019-06-17 11:18:00,,\r\n"), std::string::npos);
}

TEST(RecordPrivacy, the_json_log_carries_no_device_id_or_key_hash) {
  const std::string json = json_log({group_session()});
  EXPECT_EQ(json.find("\"device\""), std::string::npos);
  EXPECT_EQ(json.find("dev-"), std::string::npos) << "no device token, under any key";
  EXPECT_EQ(json.find("key_hash"), std::string::npos);
  const auto j = protocol::Json::parse(json);
  const auto& room = j.at("rooms").at(0);
  EXPECT_EQ(room.at("room"), "group-1");
  EXPECT_EQ(room.at("events").size(), group_session().events.size());
  EXPECT_EQ(room.at("events").at(1).at("event").at("type"), "agenda.moved");
  EXPECT_EQ(room.at("events").at(1).at("actor_role"), "organizer");
  EXPECT_EQ(json, j.dump(2) + "\n") << "pretty-printed with two spaces, keys sorted";
}

// ---- CSV ----

TEST(RecordCsv, a_cell_that_could_start_a_formula_gets_an_apostrophe) {
  EXPECT_EQ(csv_text("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(csv_text("+1"), "'+1");
  EXPECT_EQ(csv_text("-2"), "'-2");
  EXPECT_EQ(csv_text("@cmd"), "'@cmd");
  EXPECT_EQ(csv_text("\tx"), "'\tx");
  EXPECT_EQ(csv_text("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_text("a=b"), "a=b");
  const std::string turns = csv_turns(geneva(), {group_session()});
  EXPECT_NE(turns.find(",'=SUM(A1),"), std::string::npos);
  EXPECT_EQ(turns.find(",=SUM"), std::string::npos);
}

TEST(RecordCsv, quotes_commas_and_line_breaks_are_quoted_and_quotes_doubled) {
  EXPECT_EQ(csv_text("plain"), "plain");
  EXPECT_EQ(csv_text("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_text("=\"x\""), "\"'=\"\"x\"\"\"");
  EXPECT_NE(csv_turns(geneva(), {group_session()}).find(",\"Gwangju, \"\"Human Rights City\"\"\","),
            std::string::npos);
}

TEST(RecordCsv, every_file_starts_with_a_byte_order_mark_and_ends_its_lines_with_crlf) {
  const Exports out = export_all({group_session()});
  for (const std::string* csv : {&out.turns, &out.questions, &out.polls}) {
    EXPECT_TRUE(
        csv->starts_with("\xEF\xBB\xBF"
                         "room,"));
    EXPECT_TRUE(csv->ends_with("\r\n"));
    EXPECT_EQ(count(*csv, "\n"), count(*csv, "\r\n")) << "no bare line feed";
  }
  EXPECT_EQ(count(out.turns, "\r\n"), 1u + 7u) << "a header and seven turns";
  EXPECT_EQ(count(out.polls, "\r\n"), 1u + 3u) << "a header and three options";
}

TEST(RecordCsv, overrun_is_zero_when_a_speaker_finished_early_never_negative) {
  const std::string turns = csv_turns(geneva(), {group_session()});
  // Ana Silva: 10 minutes allotted, 9 spoken.
  EXPECT_NE(turns.find(",presentation,600,540,0,0,s1\r\n"), std::string::npos) << turns;
  // The second presenter: 10:30 allotted, 12:20 spoken.
  EXPECT_NE(turns.find(",presentation,630,740,110,0,s2\r\n"), std::string::npos) << turns;
  EXPECT_EQ(turns.find(",-"), std::string::npos);
}

// ---- Markdown ----

TEST(RecordMarkdown, text_people_typed_cannot_make_markup_or_html) {
  EXPECT_EQ(escape_markdown("a | b"), "a \\| b");
  EXPECT_EQ(escape_markdown("# title"), "\\# title");
  EXPECT_EQ(escape_markdown("*bold* _it_ `code`"), "\\*bold\\* \\_it\\_ \\`code\\`");
  EXPECT_EQ(escape_markdown("<b>x</b>"), "\\<b\\>x\\</b\\>");
  EXPECT_EQ(escape_markdown("[link](http://x)"), "\\[link\\](http://x)");
  EXPECT_EQ(escape_markdown("&lt;"), "\\&lt;");
  EXPECT_EQ(escape_markdown("- item"), "\\- item");
  EXPECT_EQ(escape_markdown("12. point"), "12\\. point");
  EXPECT_EQ(escape_markdown("two\nlines"), "two lines");
  EXPECT_EQ(escape_markdown("Zürich 2019"), "Zürich 2019");
  const std::string m = minutes(geneva(), {group_session()});
  EXPECT_NE(m.find("| Ana \\| Silva | Porto Alegre |"), std::string::npos);
  EXPECT_NE(m.find("\\#Mónica \\*Díaz\\*"), std::string::npos);
  EXPECT_EQ(m.find("<Nairobi>"), std::string::npos);
  EXPECT_EQ(m.find("<simple>"), std::string::npos);
}

// ---- times ----

TEST(RecordTime, instants_read_in_the_meetings_time_zone) {
  const LocalTime zurich("Europe/Zurich");
  EXPECT_EQ(zurich.clock(k1045), "10:45");
  EXPECT_EQ(zurich.timestamp(k1045 + 3 * kSecond + 999), "2019-06-17 10:45:03");
  EXPECT_EQ(LocalTime("Asia/Tokyo").clock(k1045), "17:45");
  EXPECT_EQ(zurich.clock(1'577'872'800'000), "11:00") << "1 January 2020, 10:00 UTC: winter time";
  EXPECT_THROW(LocalTime("Mars/Olympus_Mons"), std::runtime_error);
  EXPECT_EQ(long_date("2019-06-17"), "17 June 2019");
  EXPECT_EQ(long_date("someday"), "someday");
  EXPECT_EQ(minutes_seconds(12 * kMinute + 20 * kSecond), "12:20");
  EXPECT_EQ(minutes_seconds(42'499), "0:42");
  EXPECT_EQ(minutes_seconds(42'500), "0:43");
  EXPECT_EQ(minutes_seconds(-5 * kSecond), "0:00");
  EXPECT_EQ(percent(1, 3), "33%");
  EXPECT_EQ(percent(2, 3), "67%");
  EXPECT_EQ(percent(1, 0), "0%");
}

// ---- speaking time ----

core::TurnRecord turn(const std::string& name, const std::string& affiliation, AffiliationKind kind,
                      Millis at, Millis spoken) {
  core::TurnRecord r;
  r.name = name;
  r.affiliation = affiliation;
  r.affiliation_kind = kind;
  r.started_at_ms = at;
  r.ended_at_ms = at + spoken;
  r.spoken_ms = spoken;
  return r;
}

TEST(RecordFairness, time_and_shares_per_speaker_and_per_kind_of_affiliation) {
  core::RoomState room;
  room.room = "group-1";
  room.turns = {
      turn("Ana", "Porto Alegre", AffiliationKind::local_government, k1045, 6 * kMinute),
      turn("", "", AffiliationKind::unknown, k1045 + 10 * kMinute, kMinute),
      turn("Ana", "Porto Alegre", AffiliationKind::local_government, k1045 + 20 * kMinute, 2 * kMinute),
      turn("", "", AffiliationKind::unknown, k1045 + 30 * kMinute, kMinute)};
  const Fairness f = fairness(room);
  EXPECT_EQ(f.total_ms, 10 * kMinute);
  EXPECT_EQ(f.turns, 4);
  ASSERT_EQ(f.speakers.size(), 2u);
  EXPECT_EQ(f.speakers[0].speaker, (SpeakerKey{"Ana", "Porto Alegre"}));
  EXPECT_EQ(f.speakers[0].spoken_ms, 8 * kMinute);
  EXPECT_DOUBLE_EQ(f.speakers[0].share, 0.8);
  EXPECT_EQ(f.speakers[0].turns, 2);
  EXPECT_EQ(f.speakers[0].first_turn_ms, k1045);
  EXPECT_EQ(f.speakers[1].speaker.name, "A participant");
  ASSERT_EQ(f.kinds.size(), 5u);
  EXPECT_EQ(f.kinds[0].kind, AffiliationKind::local_government);
  EXPECT_DOUBLE_EQ(f.kinds[0].share, 0.8);
  EXPECT_EQ(f.kinds[1].spoken_ms, 0) << "UN: nobody";
  EXPECT_EQ(f.kinds[4].kind, AffiliationKind::unknown);
  EXPECT_EQ(f.kinds[4].turns, 2);
  EXPECT_EQ(f.first_time_speakers, 2);
}

TEST(RecordFairness, the_turn_in_progress_counts_up_to_now_without_its_pause) {
  core::RoomState room;
  core::QueueEntry entry;
  entry.name = "Li Wei";
  entry.affiliation_kind = AffiliationKind::civil_society;
  room.current = core::Turn{entry, k1045, 3 * kMinute, 20 * kSecond, k1045 + 2 * kMinute, 2};
  EXPECT_EQ(fairness(room).total_ms, 0) << "without now only finished turns count";
  const Fairness f = fairness(room, k1045 + 2 * kMinute + 10 * kSecond);
  EXPECT_EQ(f.total_ms, 2 * kMinute - 20 * kSecond);
  EXPECT_EQ(f.kinds[2].kind, AffiliationKind::civil_society);
  EXPECT_EQ(f.kinds[2].speakers, 1);
}

TEST(RecordFairness, across_the_meeting_a_speaker_is_first_time_where_they_first_spoke) {
  core::RoomState plenary, group;
  plenary.room = "plenary";
  group.room = "group-1";
  plenary.turns = {
      turn("Kate", "OHCHR", AffiliationKind::un, k1045 + 200 * kMinute, kMinute),
      turn("Ana", "Porto Alegre", AffiliationKind::local_government, k1045 + 210 * kMinute, kMinute)};
  group.turns = {turn("Ana", "Porto Alegre", AffiliationKind::local_government, k1045, kMinute)};
  std::vector<Fairness> rooms{fairness(plenary), fairness(group)};
  mark_first_timers(rooms);
  EXPECT_EQ(rooms[0].first_time_speakers, 1);
  EXPECT_FALSE(rooms[0].speakers[1].first_time);
  EXPECT_EQ(rooms[1].first_time_speakers, 1);
}

// ---- the log ----

TEST(RecordLog, replaying_to_a_seq_gives_the_room_at_that_point) {
  const RoomLog log = group_session();
  EXPECT_EQ(state_at(log, 0), log.initial);
  const core::RoomState early = state_at(log, 2);
  EXPECT_EQ(early.agenda_item, "thematic-discussions");
  EXPECT_TRUE(early.turns.empty());
  const core::RoomState last = final_state(log);
  EXPECT_EQ(last.turns.size(), 7u);
  EXPECT_EQ(last.agenda_item, "lunch");
}

TEST(RecordLog, the_logs_load_from_the_database_as_they_were_written) {
  const fs::path dir = fs::temp_directory_path() / ("podium-record-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const RoomLog live = group_session();
  {
    store::EventStore db((dir / "podium.db").string());
    const std::string initial = protocol::state_to_json(live.initial, protocol::Audience::log).dump();
    db.insert_room({"group-1", live.epoch, "ABC123", "hash", initial, k1045});
    db.insert_room({"group-2", "other", "DEF456", "hash", initial, k1045 + 1});
    std::vector<store::EventRow> rows;
    for (const LoggedEvent& e : live.events)
      rows.push_back(store::EventRow{"group-1", e.seq, e.at_ms, std::string(protocol::type_of(e.event)),
                                     e.actor_role, "dev-x", "",
                                     protocol::event_to_json(e.event, protocol::Audience::log).dump()});
    db.append(rows);
  }
  store::EventStore db((dir / "podium.db").string());
  const std::vector<RoomLog> one = load_logs(db, std::string("group-1"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].epoch, live.epoch);
  EXPECT_EQ(one[0].events.size(), live.events.size());
  EXPECT_EQ(minutes(geneva(), one), minutes(geneva(), {live}));
  EXPECT_EQ(load_logs(db).size(), 2u);
  fs::remove_all(dir);
}

// The plenary receives group 1's handoff and hears Li Wei again, who first spoke in the group.
RoomLog plenary_session(const RoomLog& group) {
  core::RoomState initial;
  initial.room = "plenary";
  initial.guiding_questions = {"gq1", "gq2"};
  Script s(std::move(initial));
  for (const LoggedEvent& e : group.events)
    if (const auto* sent = std::get_if<core::HandoffSent>(&e.event)) {
      s.now = e.at_ms;
      s.run(core::ReceiveHandoff{sent->handoff}, Role::system);
    }
  s.now = k1045 + 200 * kMinute;  // 14:05
  s.run(core::AddSpeaker{
      "Li Wei", "Cities for Rights", core::SpeakerKind::new_point, {}, "", AffiliationKind::civil_society});
  s.run(core::NextSpeaker{""});
  s.now += 4 * kMinute;
  s.run(core::EndTurn{s.current()});
  return s.log();
}

TEST(RecordLog, a_meeting_wide_record_goes_room_by_room_in_the_meeting_files_order) {
  const RoomLog group = group_session();
  const RoomLog plenary = plenary_session(group);
  const std::string m = minutes(geneva(), {group, plenary});
  expect_golden("meeting-minutes.md", m);
  EXPECT_LT(m.find("## Plenary"), m.find("## Group 1"));
  EXPECT_NE(m.find("### Received from the groups"), std::string::npos);
  EXPECT_NE(m.find("#### From Group 1: Local governments as promoters and protectors of economic and social "
                   "rights — Handoff h1 at 11:29"),
            std::string::npos);
  EXPECT_NE(m.find("4:00 in 1 turn by 1 speaker; 0 spoke for the first time that day."), std::string::npos)
      << "Li Wei first spoke in group 1";
  EXPECT_NE(m.find("## Speaking time across the meeting"), std::string::npos);
  EXPECT_EQ(count(csv_turns(geneva(), {group, plenary}), "\r\n"), 1u + 1u + 7u) << "the plenary's turn first";
}

}  // namespace
}  // namespace podium::record
