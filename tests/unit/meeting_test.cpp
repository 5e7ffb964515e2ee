#include "server/app/meeting.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace podium::app {
namespace {

using nlohmann::json;
using namespace nlohmann::literals;

const std::filesystem::path kBundledFile =
    std::filesystem::path(PODIUM_SOURCE_DIR) / "server/meetings/geneva-2019.json";
const std::filesystem::path kSeedFile =
    std::filesystem::path(PODIUM_SOURCE_DIR) / "../shared/seeds/000_71c63638932ccd13.txt";

const std::vector<std::string> kAllQuestionIds = {"gq1", "gq2", "gq3", "gq4", "gq5", "gq6"};

std::optional<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

json bundled_json() { return json::parse(read_text(kBundledFile).value()); }

Meeting bundled_meeting() { return load_meeting(kBundledFile); }

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const MeetingError& e) {
    return e.what();
  }
  return "(no error)";
}

// The seed agenda as text: the guiding questions are the "- " lines after the "Guiding questions" line,
// each under the last plain line before it, which is its theme.
struct SeedQuestion {
  std::string theme;
  std::string text;
};

std::vector<SeedQuestion> seed_questions(const std::string& seed) {
  std::vector<SeedQuestion> questions;
  std::istringstream lines(seed);
  std::string line;
  bool in_questions = false;
  std::string theme;
  while (std::getline(lines, line)) {
    if (line.find("Guiding questions") != std::string::npos) {
      in_questions = true;
    } else if (in_questions && line.starts_with("- ")) {
      questions.push_back({theme, line.substr(2)});
    } else if (in_questions && !line.empty()) {
      theme = line;
    }
  }
  return questions;
}

// Writes a file in the temporary directory and removes it again.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& content)
      : path_(std::filesystem::temp_directory_path() / ("podium_meeting_test_" + name)) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(meeting, bundled_meeting_loads_with_its_date_place_and_organizers) {
  const Meeting meeting = bundled_meeting();
  EXPECT_EQ(meeting.id, "geneva-2019");
  EXPECT_EQ(meeting.title, "Meeting on local governments and human rights");
  EXPECT_EQ(meeting.subtitle, "Addressing economic and social inequalities at local level");
  EXPECT_EQ(meeting.date, "2019-06-17");
  EXPECT_EQ(meeting.venue, "Geneva");
  EXPECT_EQ(meeting.time_zone, "Europe/Zurich");
  EXPECT_EQ(meeting.organizers, (std::vector<std::string>{"OHCHR", "UCLG"}));
  EXPECT_EQ(meeting.objectives.size(), 3U);
}

TEST(meeting, bundled_meeting_has_a_plenary_and_three_group_rooms) {
  const Meeting meeting = bundled_meeting();
  ASSERT_EQ(meeting.rooms.size(), 4U);
  EXPECT_EQ(meeting.rooms[0].id, "plenary");
  EXPECT_EQ(meeting.rooms[0].kind, "plenary");
  for (const char* id : {"group-1", "group-2", "group-3"}) {
    const RoomConfig* room = meeting.room(id);
    ASSERT_NE(room, nullptr) << id;
    EXPECT_EQ(room->kind, "group") << id;
    EXPECT_LT(room->warning_seconds, room->speaking_seconds) << id;
  }
  EXPECT_EQ(meeting.room("group-1")->title,
            "Group 1: Local governments as promoters and protectors of economic and social rights");
  EXPECT_EQ(meeting.room("group-1")->theme,
            "Housing, informality, access to basic public services and public space");
  EXPECT_EQ(meeting.room("group-2")->title,
            "Group 2: Inequality, social and economic rights of groups in situation of vulnerability");
  EXPECT_EQ(meeting.room("group-3")->theme, "rights to participation, free expression and culture");
  EXPECT_EQ(meeting.room("group-4"), nullptr);
}

TEST(meeting, every_group_has_thirty_minutes_of_presentations_then_fifteen_of_discussion) {
  const Meeting meeting = bundled_meeting();
  for (const RoomConfig& room : meeting.rooms) {
    if (room.kind != "group") continue;
    SCOPED_TRACE(room.id);
    ASSERT_EQ(room.blocks.size(), 2U);
    const Block& presentations = room.blocks[0];
    EXPECT_EQ(presentations.kind, "presentations");
    EXPECT_EQ(presentations.minutes, 30);
    EXPECT_EQ(presentations.min_presenters, 3);
    EXPECT_EQ(presentations.max_presenters, 4);
    EXPECT_TRUE(presentations.presenters.empty());  // the seed names none
    // Four presenters must fit in the block.
    EXPECT_LE(presentations.speaking_seconds * presentations.max_presenters, presentations.minutes * 60);

    const Block& discussion = room.blocks[1];
    EXPECT_EQ(discussion.kind, "discussion");
    EXPECT_EQ(discussion.minutes, 15);
    EXPECT_EQ(discussion.title, "Open round of discussion");
    EXPECT_FALSE(discussion.facilitated_by.empty());
    EXPECT_EQ(discussion.speaking_seconds, room.speaking_seconds);  // inherited from the room
    EXPECT_EQ(discussion.warning_seconds, room.warning_seconds);
  }
}

TEST(meeting, plenary_blocks_follow_the_plenary_sessions) {
  const Meeting meeting = bundled_meeting();
  const RoomConfig& plenary = *meeting.room("plenary");
  std::vector<std::int64_t> minutes;
  for (const Block& block : plenary.blocks) {
    EXPECT_EQ(block.kind, "session") << block.id;
    minutes.push_back(block.minutes);
  }
  EXPECT_EQ(minutes, (std::vector<std::int64_t>{30, 30, 90, 15}));
}

TEST(meeting, agenda_runs_from_registration_to_wrap_up_with_groups_in_parallel) {
  const Meeting meeting = bundled_meeting();
  ASSERT_EQ(meeting.agenda.size(), 8U);
  EXPECT_EQ(meeting.agenda.front().kind, "registration");
  EXPECT_EQ(meeting.agenda.front().start, "09:00");

  const AgendaItem& thematic = meeting.agenda[4];
  EXPECT_EQ(thematic.kind, "parallel");
  EXPECT_EQ(thematic.start, "10:45");
  EXPECT_EQ(thematic.end, "12:45");
  EXPECT_EQ(thematic.rooms, (std::vector<std::string>{"group-1", "group-2", "group-3"}));

  const AgendaItem& dialogue = meeting.agenda[6];
  EXPECT_EQ(dialogue.start, "14:00");
  EXPECT_EQ(dialogue.end, "15:30");
  EXPECT_EQ(
      dialogue.details,
      "How can local governments, the human rights cities movement and the UN human rights system work more "
      "efficiently, together, for the protection and promotion of human rights?");

  EXPECT_EQ(meeting.agenda.back().title, "Wrap up and next steps");
  EXPECT_EQ(meeting.agenda.back().start, "15:30");
  EXPECT_EQ(meeting.agenda.back().end, "15:45");
}

TEST(meeting, bundled_meeting_has_every_guiding_question_word_for_word) {
  const Meeting meeting = bundled_meeting();
  ASSERT_EQ(meeting.guiding_questions.size(), 6U);
  for (std::size_t i = 0; i < kAllQuestionIds.size(); ++i) {
    EXPECT_EQ(meeting.guiding_questions[i].id, kAllQuestionIds[i]);
  }
  // Copied by hand from the seed, odd grammar and missing question mark included.
  EXPECT_EQ(
      meeting.guiding_questions[3].text,
      "How can local authorities protect and promote human rights given the current international and "
      "national political context? How can local governments help globalize the human rights city movement "
      "in the regions where the political situation is not favorable");
  EXPECT_EQ(
      meeting.guiding_questions[4].text,
      "What are local government priorities in establishing a more institutionalized dialogue between the "
      "\u201cHuman Rights Cities\u201d movement and the UN Human Rights system? Showcasing local government "
      "capacity to globalize local issues and localizing global ones");
  EXPECT_EQ(meeting.guiding_questions[0].theme, "Human rights challenges and action at the local level");
  EXPECT_EQ(meeting.guiding_questions[5].theme,
            "A common voice for the global movement of local governments for human rights");
}

TEST(meeting, bundled_guiding_questions_match_the_seed_agenda_exactly) {
  const auto seed = read_text(kSeedFile);
  if (!seed) GTEST_SKIP() << "seed agenda not found at " << kSeedFile;
  const std::vector<SeedQuestion> expected = seed_questions(*seed);
  const Meeting meeting = bundled_meeting();
  ASSERT_EQ(expected.size(), 6U);
  ASSERT_EQ(meeting.guiding_questions.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(meeting.guiding_questions[i].text, expected[i].text) << meeting.guiding_questions[i].id;
    EXPECT_EQ(meeting.guiding_questions[i].theme, expected[i].theme) << meeting.guiding_questions[i].id;
  }
}

TEST(meeting, bundled_description_and_objectives_match_the_seed_agenda_exactly) {
  const auto seed = read_text(kSeedFile);
  if (!seed) GTEST_SKIP() << "seed agenda not found at " << kSeedFile;
  const Meeting meeting = bundled_meeting();
  EXPECT_NE(seed->find("\n" + meeting.description + "\n"), std::string::npos);
  for (const std::string& objective : meeting.objectives) {
    EXPECT_NE(seed->find("\n- " + objective + "\n"), std::string::npos) << objective;
  }
}

TEST(meeting, every_room_offers_all_six_guiding_questions) {
  for (const RoomConfig& room : bundled_meeting().rooms) {
    EXPECT_EQ(room.guiding_questions, kAllQuestionIds) << room.id;
  }
}

TEST(meeting, meeting_to_json_reads_back_as_the_same_meeting) {
  const Meeting meeting = bundled_meeting();
  const json served = meeting_to_json(meeting);
  EXPECT_EQ(parse_meeting(served, "served"), meeting);
  EXPECT_EQ(served["rooms"][1]["blocks"][0]["min_presenters"], 3);
  EXPECT_EQ(served["guiding_questions"][5]["id"], "gq6");
}

struct MalformedCase {
  std::string what;
  std::function<void(json&)> change;
  std::string expected;
};

TEST(meeting, malformed_meetings_are_refused_naming_the_field_and_the_problem) {
  const std::vector<MalformedCase> cases = {
      {"missing title", [](json& j) { j.erase("title"); }, "title: missing required field"},
      {"blank title", [](json& j) { j["title"] = "  "; }, "title: must not be empty"},
      {"top level not an object", [](json& j) { j = json::array(); },
       "top level: expected an object, got an array"},
      {"unknown field", [](json& j) { j["/rooms/0/speaking_second"_json_pointer] = 10; },
       "rooms[0].speaking_second: unknown field"},
      {"bad date", [](json& j) { j["date"] = "2019-02-30"; },
       "date: expected a calendar date as YYYY-MM-DD, got \"2019-02-30\""},
      {"bad time zone", [](json& j) { j["time_zone"] = "Europe Zurich"; },
       "time_zone: expected an IANA time zone name such as \"Europe/Zurich\", got \"Europe Zurich\""},
      {"time without leading zero", [](json& j) { j["/agenda/1/start"_json_pointer] = "9:30"; },
       "agenda[1].start: expected a time as HH:MM (24-hour clock), got \"9:30\""},
      {"time written with h", [](json& j) { j["/agenda/4/end"_json_pointer] = "12h45"; },
       "agenda[4].end: expected a time as HH:MM (24-hour clock), got \"12h45\""},
      {"hour out of range", [](json& j) { j["/agenda/7/end"_json_pointer] = "24:00"; },
       "agenda[7].end: expected a time as HH:MM (24-hour clock), got \"24:00\""},
      {"end before start", [](json& j) { j["/agenda/0/end"_json_pointer] = "08:00"; },
       "agenda[0].end: must be after start (09:00), got 08:00"},
      {"agenda out of order", [](json& j) { std::swap(j["agenda"][1], j["agenda"][2]); },
       "agenda[2].start: starts before the previous item (10:00); list the agenda in time order"},
      {"duplicate room id", [](json& j) { j["/rooms/2/id"_json_pointer] = "group-1"; },
       "rooms[2].id: duplicate room id \"group-1\" (also rooms[1])"},
      {"room id with capitals and spaces", [](json& j) { j["/rooms/1/id"_json_pointer] = "Group 1"; },
       "rooms[1].id: expected an id of 1 to 32 characters from a-z, 0-9 and '-', got \"Group 1\""},
      {"no rooms", [](json& j) { j["rooms"] = json::array(); }, "rooms: must list at least one room"},
      {"unknown room kind", [](json& j) { j["/rooms/0/kind"_json_pointer] = "main"; },
       "rooms[0].kind: expected one of \"plenary\", \"group\", got \"main\""},
      {"unknown room in agenda", [](json& j) { j["/agenda/4/rooms/1"_json_pointer] = "group-9"; },
       "agenda[4].rooms[1]: unknown room \"group-9\""},
      {"room listed twice in agenda", [](json& j) { j["/agenda/4/rooms/2"_json_pointer] = "group-1"; },
       "agenda[4].rooms[2]: room \"group-1\" is listed twice"},
      {"unknown guiding question in room",
       [](json& j) { j["/rooms/3/guiding_questions/0"_json_pointer] = "gq9"; },
       "rooms[3].guiding_questions[0]: unknown guiding question \"gq9\""},
      {"duplicate guiding question id", [](json& j) { j["/guiding_questions/1/id"_json_pointer] = "gq1"; },
       "guiding_questions[1].id: duplicate guiding question id \"gq1\" (also guiding_questions[0])"},
      {"empty guiding question", [](json& j) { j["/guiding_questions/2/text"_json_pointer] = ""; },
       "guiding_questions[2].text: must not be empty"},
      {"minutes as a string", [](json& j) { j["/rooms/2/blocks/0/minutes"_json_pointer] = "30"; },
       "rooms[2].blocks[0].minutes: expected an integer from 1 to 1440, got the string \"30\""},
      {"minutes zero", [](json& j) { j["/rooms/2/blocks/0/minutes"_json_pointer] = 0; },
       "rooms[2].blocks[0].minutes: expected an integer from 1 to 1440, got 0"},
      {"minutes fractional", [](json& j) { j["/rooms/2/blocks/1/minutes"_json_pointer] = 2.5; },
       "rooms[2].blocks[1].minutes: expected an integer from 1 to 1440, got 2.5"},
      {"minutes missing", [](json& j) { j["/rooms/0/blocks/2"_json_pointer].erase("minutes"); },
       "rooms[0].blocks[2].minutes: missing required field"},
      {"more minimum than maximum presenters",
       [](json& j) { j["/rooms/1/blocks/0/min_presenters"_json_pointer] = 5; },
       "rooms[1].blocks[0].max_presenters: must be at least min_presenters (5), got 4"},
      {"too many presenters allowed",
       [](json& j) { j["/rooms/1/blocks/0/max_presenters"_json_pointer] = 21; },
       "rooms[1].blocks[0].max_presenters: expected an integer from 0 to 20, got 21"},
      {"more named presenters than the maximum",
       [](json& j) {
         for (int i = 0; i < 5; ++i)
           j["/rooms/1/blocks/0/presenters"_json_pointer].push_back(json::object({{"name", "Someone"}}));
       },
       "rooms[1].blocks[0].presenters: names 5 presenters, more than the 4 allowed"},
      {"presenter without a name",
       [](json& j) { j["/rooms/1/blocks/0/presenters"_json_pointer] = json::array({json::object()}); },
       "rooms[1].blocks[0].presenters[0].name: missing required field"},
      {"duplicate block id", [](json& j) { j["/rooms/1/blocks/1/id"_json_pointer] = "presentations"; },
       "rooms[1].blocks[1].id: duplicate block id \"presentations\" (also rooms[1].blocks[0])"},
      {"warning not before the end", [](json& j) { j["/rooms/1/warning_seconds"_json_pointer] = 180; },
       "rooms[1].warning_seconds: must be less than speaking_seconds (180), got 180"},
      {"block too short for the room's warning",
       [](json& j) { j["/rooms/1/blocks/1/speaking_seconds"_json_pointer] = 20; },
       "rooms[1].blocks[1].warning_seconds: must be less than speaking_seconds (20), got 30"},
      {"speaking time negative", [](json& j) { j["/rooms/0/speaking_seconds"_json_pointer] = -5; },
       "rooms[0].speaking_seconds: expected an integer from 1 to 3600, got -5"},
      {"organizers not strings",
       [](json& j) {
         j["organizers"] = json::array({"OHCHR", 7});
       },
       "organizers[1]: expected a string, got 7"},
      {"objectives not an array", [](json& j) { j["objectives"] = "be useful"; },
       "objectives: expected an array, got the string \"be useful\""},
  };
  const json valid = bundled_json();
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.what);
    json broken = valid;
    c.change(broken);
    EXPECT_EQ(message_of([&] { parse_meeting(broken, "meetings/x.json"); }),
              "meetings/x.json: " + c.expected);
  }
}

TEST(meeting, a_file_that_is_not_json_is_refused_with_the_parse_position) {
  const TempFile file("not_json.json", "{\n  \"id\": \"x\",\n  oops\n}\n");
  const std::string message = message_of([&] { load_meeting(file.path()); });
  EXPECT_TRUE(
      message.starts_with(file.path().generic_string() + ": not valid JSON: parse error at line 3, column"))
      << message;
}

TEST(meeting, an_empty_file_is_refused_as_not_json) {
  const TempFile file("empty.json", "");
  const std::string message = message_of([&] { load_meeting(file.path()); });
  EXPECT_TRUE(message.starts_with(file.path().generic_string() + ": not valid JSON: ")) << message;
}

TEST(meeting, a_missing_file_is_refused_naming_the_file) {
  const std::filesystem::path missing =
      std::filesystem::temp_directory_path() / "podium_no_such_meeting.json";
  EXPECT_EQ(message_of([&] { load_meeting(missing); }),
            missing.generic_string() + ": cannot open the meeting file: no such file");
}

TEST(meeting, a_directory_is_refused_as_a_meeting_file) {
  const std::filesystem::path directory = std::filesystem::temp_directory_path();
  EXPECT_EQ(message_of([&] { load_meeting(directory); }),
            directory.generic_string() + ": cannot open the meeting file: it is a directory");
}

TEST(meeting, a_key_given_twice_is_refused_rather_than_silently_overwritten) {
  json document = bundled_json();
  std::string text = document.dump(2);
  // Give the second room's first block a second "minutes".
  const std::string block_start = "\"id\": \"presentations\",";
  text.replace(text.find(block_start), block_start.size(), block_start + " \"minutes\": 99,");
  const TempFile file("duplicate_key.json", text);
  EXPECT_EQ(message_of([&] { load_meeting(file.path()); }),
            file.path().generic_string() + ": rooms[1].blocks[0].minutes: duplicate key");
}

TEST(meeting, the_bundled_file_loads_from_disk_as_it_parses_in_memory) {
  EXPECT_EQ(bundled_meeting(), parse_meeting(bundled_json(), kBundledFile.generic_string()));
}

}  // namespace
}  // namespace podium::app
