// Every golden message in protocol/fixtures round-trips through the C++ codec: decoding keeps every
// field and encoding writes exactly the documented shape. tests/protocol does the same in JS.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "protocol/cpp/codec.hpp"
#include "server/core/decide.hpp"

namespace podium::testing {
namespace {

namespace fs = std::filesystem;
using protocol::Json;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> fixtures(const std::string& side) {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(fs::path(PODIUM_SOURCE_DIR) / "protocol" / "fixtures" / side))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ProtocolFixtures, every_client_fixture_round_trips) {
  const auto files = fixtures("client");
  ASSERT_GE(files.size(), 20u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string text = read_file(file);
    auto decoded = protocol::decode_client(text, 64 * 1024);
    ASSERT_TRUE(std::holds_alternative<protocol::ClientMessage>(decoded))
        << std::get<protocol::DecodeError>(decoded).message;
    EXPECT_EQ(protocol::to_json(std::get<protocol::ClientMessage>(decoded)), Json::parse(text));
  }
}

TEST(ProtocolFixtures, every_server_fixture_round_trips) {
  const auto files = fixtures("server");
  ASSERT_GE(files.size(), 20u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string text = read_file(file);
    auto decoded = protocol::decode_server(text);
    ASSERT_TRUE(std::holds_alternative<protocol::ServerMessage>(decoded))
        << std::get<protocol::DecodeError>(decoded).message;
    // Each fixture is what one audience receives: participants and displays, or facilitators.
    const auto& message = std::get<protocol::ServerMessage>(decoded);
    const Json expected = Json::parse(text);
    const Json as_room = protocol::to_json(message, protocol::Audience::room);
    const Json as_chair = protocol::to_json(message, protocol::Audience::chair);
    EXPECT_TRUE(as_room == expected || as_chair == expected)
        << "room: " << as_room.dump() << "\nchair: " << as_chair.dump() << "\nfixture: " << expected.dump();
  }
}

TEST(ProtocolFixtures, every_command_and_event_type_has_a_fixture) {
  std::set<std::string> seen;
  for (const auto& side : {"client", "server"})
    for (const auto& file : fixtures(side)) {
      Json j = Json::parse(read_file(file));
      seen.insert(j["type"].get<std::string>());
      if (j["type"] == "event") seen.insert(j["event"]["type"].get<std::string>());
    }
  for (const char* type :
       {"hello",         "ping",           "sync",           "queue.join",     "queue.withdraw",
        "queue.add",     "queue.move",     "queue.remove",   "queue.close",    "queue.open",
        "turn.next",     "turn.end",       "timer.set",      "timer.start",    "timer.pause",
        "timer.adjust",  "timer.reset",    "room.configure", "welcome",        "ack",
        "reject",        "event",          "pong",           "queue.joined",   "queue.withdrawn",
        "queue.removed", "queue.moved",    "queue.closed",   "queue.opened",   "turn.started",
        "turn.ended",    "timer.started",  "timer.paused",   "timer.adjusted", "timer.warned",
        "timer.expired", "room.configured"})
    EXPECT_TRUE(seen.contains(type)) << type;
}

TEST(ProtocolFixtures, device_ids_stay_in_the_log_and_out_of_the_room) {
  core::QueueEntry entry{"e1", "Ana", "", core::SpeakerKind::reply, "device-hash", 5, std::nullopt,
                         "",   "",    ""};
  core::Event event = core::QueueJoined{entry, ""};
  EXPECT_EQ(protocol::event_to_json(event, protocol::Audience::log)["entry"]["device"], "device-hash");
  EXPECT_FALSE(protocol::event_to_json(event, protocol::Audience::room)["entry"].contains("device"));
  EXPECT_EQ(protocol::event_from_json(protocol::event_to_json(event, protocol::Audience::log)), event);
}

TEST(ProtocolState, the_log_form_of_a_room_reads_back_to_the_same_state) {
  core::RoomState s = core::initial_state(
      core::RoomSetup{"g1", {180'000, 30'000}, core::Timer{"Talks", 600'000}, {"gq1"}, {}, {}, ""});
  const core::Context chair{core::Role::facilitator, "", 1000};
  auto run = [&](const core::Command& c, const core::Context& ctx) {
    auto d = core::decide(s, c, ctx);
    ASSERT_TRUE(d.accepted()) << d.rejection->message;
    for (const auto& e : d.events) core::evolve(s, e);
  };
  run(core::JoinQueue{core::SpeakerKind::reply, "Ana", "Porto Alegre", ""},
      {core::Role::participant, "d1", 1000});
  run(core::NextSpeaker{""}, chair);
  run(core::AskQuestion{"Why?", "Li", "gq1"}, {core::Role::participant, "d2", 1000});
  run(core::ModerateQuestion{"q1", core::Moderation::approve}, chair);
  run(core::UpvoteQuestion{"q1", true}, {core::Role::participant, "d3", 1000});
  run(core::AskQuestion{"Why not?", "", ""}, {core::Role::participant, "d3", 1000});
  run(core::MergeQuestion{"q2", "q1"}, chair);
  run(core::MuteDevice{"q2", true}, chair);
  run(core::CreatePoll{"Which?", core::PollKind::single, {"a", "b"}, std::nullopt, true}, chair);
  run(core::OpenPoll{"p1", std::nullopt}, chair);
  run(core::Vote{"p1", {1}}, {core::Role::participant, "d1", 1000});
  // The per-minute windows are not kept across a restart, by design.
  s.recent_questions.clear();
  s.recent_upvotes.clear();
  EXPECT_EQ(protocol::state_from_json(protocol::state_to_json(s, protocol::Audience::log)), s);
  // The room's form hides what waits for moderation; the chair's shows it, without device ids.
  const auto room = protocol::state_to_json(s, protocol::Audience::room);
  const auto chair_view = protocol::state_to_json(s, protocol::Audience::chair);
  EXPECT_EQ(room["questions"].size(), 1u);
  EXPECT_EQ(room["questions"][0]["votes"], 1);
  EXPECT_EQ(chair_view["questions"].size(), 2u);
  EXPECT_EQ(room["polls"][0]["counts"], protocol::Json::array({0, 1}));
  for (const auto* view : {&room, &chair_view}) {
    EXPECT_EQ(view->dump().find("\"d1\""), std::string::npos);
    EXPECT_FALSE(view->contains("upvotes"));
    EXPECT_FALSE(view->contains("muted"));
  }
}

struct BadInput {
  const char* name;
  std::string text;
  core::RejectCode code;
  const char* mentions;
};

// Test names show the case, not the struct's bytes.
void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

class ProtocolBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(ProtocolBadInput, is_refused_with_a_stable_code_and_a_message) {
  const BadInput& c = GetParam();
  auto decoded = protocol::decode_client(c.text, 16 * 1024);
  ASSERT_TRUE(std::holds_alternative<protocol::DecodeError>(decoded));
  const auto& error = std::get<protocol::DecodeError>(decoded);
  EXPECT_EQ(error.code, c.code) << error.message;
  EXPECT_NE(error.message.find(c.mentions), std::string::npos) << error.message;
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ProtocolBadInput,
    ::testing::Values(
        BadInput{"malformed", "{\"type\": \"ping\",", core::RejectCode::bad_request, "Malformed JSON"},
        BadInput{"not_an_object", "[1,2]", core::RejectCode::bad_request, "expected an object"},
        BadInput{"no_type", "{\"op_id\":\"a\"}", core::RejectCode::bad_request, "\"type\""},
        BadInput{"unknown_type", R"({"type":"queue.jump","op_id":"a"})", core::RejectCode::unknown_type,
                 "queue.jump"},
        BadInput{"unknown_type_without_op_id", R"({"type":"queue.jump"})", core::RejectCode::unknown_type,
                 "queue.jump"},
        BadInput{"missing_field", R"({"type":"queue.withdraw","op_id":"a"})", core::RejectCode::bad_request,
                 "entry_id"},
        BadInput{"mistyped_field", R"({"type":"timer.adjust","op_id":"a","timer":"speaker","delta_ms":"60"})",
                 core::RejectCode::bad_request, "delta_ms"},
        BadInput{"unknown_enum", R"({"type":"queue.join","op_id":"a","kind":"filibuster"})",
                 core::RejectCode::bad_request, "filibuster"},
        BadInput{"missing_precondition", R"({"type":"turn.next","op_id":"a"})", core::RejectCode::bad_request,
                 "expected_current"},
        BadInput{"no_op_id", R"({"type":"queue.close"})", core::RejectCode::bad_request, "op_id"},
        BadInput{"too_large", R"({"type":"ping","t0":1,"pad":")" + std::string(17000, 'x') + "\"}",
                 core::RejectCode::too_large, "too large"},
        BadInput{"too_deep", R"({"type":"ping","t0":1,"x":)" + nested(40) + "}", core::RejectCode::too_deep,
                 "deeper"},
        BadInput{"invalid_utf8", "{\"type\":\"queue.join\",\"op_id\":\"a\",\"name\":\"\xff\xfe\"}",
                 core::RejectCode::bad_request, "Malformed"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(ProtocolBadInput, depth_32_is_still_accepted_and_brackets_in_strings_do_not_count) {
  auto ok = protocol::decode_client(R"({"type":"ping","t0":1,"x":)" + nested(31) + "}", 16 * 1024);
  EXPECT_TRUE(std::holds_alternative<protocol::ClientMessage>(ok));
  auto strings =
      protocol::decode_client(R"({"type":"ping","t0":1,"x":")" + std::string(100, '[') + "\"}", 16 * 1024);
  EXPECT_TRUE(std::holds_alternative<protocol::ClientMessage>(strings));
}

// Found by the command fuzzer: a 2,000-byte unknown type, quoted whole in the refusal, made a message that
// every client's decoder refuses (longer than kMaxStringBytes). Every refusal that quotes input stays short.
TEST(ProtocolBadInput, a_refusal_quoting_long_input_is_short_and_every_client_can_read_it) {
  const std::string longest(protocol::kMaxStringBytes, 'x');
  for (const std::string& text : {R"({"type":")" + longest + R"(","op_id":"a"})",
                                  R"({"type":"queue.join","op_id":"a","kind":")" + longest + R"("})"}) {
    auto decoded = protocol::decode_client(text, 16 * 1024);
    ASSERT_TRUE(std::holds_alternative<protocol::DecodeError>(decoded)) << text.substr(0, 40);
    const auto& error = std::get<protocol::DecodeError>(decoded);
    EXPECT_LT(error.message.size(), 200u) << error.message;
    const std::string wire =
        protocol::encode(protocol::Reject{error.op_id, error.code, error.message, std::nullopt});
    EXPECT_TRUE(std::holds_alternative<protocol::ServerMessage>(protocol::decode_server(wire)))
        << wire.substr(0, 80);
  }
}

TEST(ProtocolBadInput, a_reject_carries_the_op_id_when_one_could_be_read) {
  auto decoded = protocol::decode_client(R"({"type":"queue.withdraw","op_id":"abc-1"})", 16 * 1024);
  EXPECT_EQ(std::get<protocol::DecodeError>(decoded).op_id, "abc-1");
}

}  // namespace
}  // namespace podium::testing
