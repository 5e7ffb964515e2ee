#pragma once
// Given/when/then helpers for core tests: `given` runs commands that must be accepted, `when` decides
// one more, and the assertions read the decision.
#include <gtest/gtest.h>

#include "protocol/cpp/codec.hpp"
#include "server/core/decide.hpp"

namespace podium::core {
// Failures show a room as its log JSON rather than as bytes.
inline void PrintTo(const RoomState& s, std::ostream* os) {
  *os << protocol::state_to_json(s, protocol::Audience::log).dump();
}
}  // namespace podium::core

namespace podium::testing {

using namespace podium::core;

inline constexpr Millis kStart = 1'560'762'000'000;  // 17 June 2019, 09:00 UTC

class RoomSpec : public ::testing::Test {
 protected:
  static RoomState fresh() {
    return initial_state(RoomSetup{"group-1",
                                   RoomSettings{180'000, 30'000},
                                   Timer{"Presentations", 1'800'000},
                                   {"gq1", "gq2"},
                                   {},
                                   {},
                                   ""});
  }
  RoomState state = fresh();
  Millis now = kStart;

  static Context facilitator(Millis at) { return Context{Role::facilitator, "", at}; }
  Context participant(const std::string& device) const { return Context{Role::participant, device, now}; }
  Context chair() const { return facilitator(now); }

  // Applies a command that must be accepted; returns its events.
  std::vector<Event> given(const Command& command, const Context& context) {
    Decision d = decide(state, command, context);
    EXPECT_TRUE(d.accepted()) << "given step rejected: " << (d.rejection ? d.rejection->message : "");
    for (const Event& e : d.events) evolve(state, e);
    return d.events;
  }
  std::vector<Event> given(const Command& command) { return given(command, chair()); }

  Decision when(const Command& command, const Context& context) const {
    return decide(state, command, context);
  }
  Decision when(const Command& command) const { return when(command, chair()); }

  void then(Decision d) {
    ASSERT_TRUE(d.accepted()) << d.rejection->message;
    for (const Event& e : d.events) evolve(state, e);
  }
  static void then_rejected(const Decision& d, RejectCode code) {
    ASSERT_FALSE(d.accepted()) << "expected a rejection";
    EXPECT_EQ(d.rejection->code, code) << d.rejection->message;
    EXPECT_FALSE(d.rejection->message.empty());
  }

  std::vector<std::string> queue_names() const {
    std::vector<std::string> names;
    for (const auto& e : state.queue) names.push_back(e.name);
    return names;
  }
  std::string join(const std::string& name, SpeakerKind kind = SpeakerKind::new_point,
                   const std::string& device = "") {
    auto events = given(JoinQueue{kind, name, "", ""}, participant(device.empty() ? "dev-" + name : device));
    return std::get<QueueJoined>(events.at(0)).entry.id;
  }
  std::string current_id() const { return state.current ? state.current->entry.id : ""; }

  std::string ask(const std::string& device, const std::string& text, const std::string& name = "") {
    auto events = given(AskQuestion{text, name, ""}, participant(device));
    return std::get<QuestionChanged>(events.at(0)).question.id;
  }
  std::string ask_approved(const std::string& device, const std::string& text) {
    const std::string id = ask(device, text);
    given(ModerateQuestion{id, Moderation::approve});
    return id;
  }
  QuestionStatus status(const std::string& id) const { return state.question(id)->status; }
  std::string create_poll(PollKind kind, std::vector<std::string> options = {}, std::optional<int> max = {},
                          bool live = false) {
    auto events = given(CreatePoll{"Which first?", kind, std::move(options), max, live});
    return std::get<PollChanged>(events.at(0)).poll.id;
  }
};

}  // namespace podium::testing
