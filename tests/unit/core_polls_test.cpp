#include "room_spec.hpp"

namespace podium::testing {
namespace {

class Polls : public RoomSpec {
 protected:
  static Context system(Millis at) { return Context{Role::system, "", at}; }
};

TEST_F(Polls, a_draft_is_for_facilitators_only) {
  auto d = when(CreatePoll{"Priority?", PollKind::single, {"Housing", "Water"}, {}, false});
  ASSERT_TRUE(d.accepted());
  EXPECT_FALSE(visible_to_room(d.events[0]));
  then(d);
  EXPECT_EQ(state.polls.at(0).status, PollStatus::draft);
}

TEST_F(Polls, kinds_get_their_options) {
  EXPECT_EQ(state.poll(create_poll(PollKind::yes_no_abstain))->options,
            (std::vector<std::string>{"Yes", "No", "Abstain"}));
  EXPECT_EQ(state.poll(create_poll(PollKind::rating))->options.size(), 5u);
  const auto m = create_poll(PollKind::multiple, {"a", "b", "c"}, 2);
  EXPECT_EQ(state.poll(m)->max_picks, 2);
}

TEST_F(Polls, malformed_polls_are_refused) {
  then_rejected(when(CreatePoll{"", PollKind::rating, {}, {}, false}), RejectCode::bad_request);
  then_rejected(when(CreatePoll{"?", PollKind::single, {"only"}, {}, false}), RejectCode::bad_request);
  then_rejected(when(CreatePoll{"?", PollKind::single, {"a", "a"}, {}, false}), RejectCode::bad_request);
  then_rejected(when(CreatePoll{"?", PollKind::single, {"a", ""}, {}, false}), RejectCode::bad_request);
  then_rejected(when(CreatePoll{"?", PollKind::multiple, {"a", "b"}, 3, false}), RejectCode::bad_request);
  then_rejected(when(CreatePoll{"?", PollKind::rating, {"x", "y"}, {}, false}), RejectCode::bad_request);
  then_rejected(when(CreatePoll{"?", PollKind::single, {"a", "b"}, 2, false}), RejectCode::bad_request);
}

TEST_F(Polls, one_open_poll_at_a_time) {
  const auto a = create_poll(PollKind::rating);
  const auto b = create_poll(PollKind::rating);
  given(OpenPoll{a, {}});
  then_rejected(when(OpenPoll{b, {}}), RejectCode::invalid_state);
  then_rejected(when(OpenPoll{a, {}}), RejectCode::invalid_state);
  given(ClosePoll{a});
  then(when(OpenPoll{b, {}}));
}

TEST_F(Polls, one_vote_per_device_changeable_while_open) {
  const auto p = create_poll(PollKind::single, {"Housing", "Water", "Space"});
  then_rejected(when(Vote{p, {0}}, participant("d1")), RejectCode::not_found);  // still a draft
  given(OpenPoll{p, {}});
  given(Vote{p, {0}}, participant("d1"));
  given(Vote{p, {0}}, participant("d2"));
  then_rejected(when(Vote{p, {0}}, participant("d1")), RejectCode::invalid_state);
  given(Vote{p, {2}}, participant("d1"));
  EXPECT_EQ(state.poll_results(p), (PollResults{2, {1, 0, 1}}));
  given(ClosePoll{p});
  then_rejected(when(Vote{p, {1}}, participant("d3")), RejectCode::poll_closed);
  EXPECT_EQ(state.poll_results(p).voters, 2);
}

TEST_F(Polls, picks_must_exist_and_respect_the_maximum) {
  const auto m = create_poll(PollKind::multiple, {"a", "b", "c"}, 2);
  given(OpenPoll{m, {}});
  then_rejected(when(Vote{m, {}}, participant("d1")), RejectCode::bad_request);
  then_rejected(when(Vote{m, {0, 1, 2}}, participant("d1")), RejectCode::bad_request);
  then_rejected(when(Vote{m, {3}}, participant("d1")), RejectCode::bad_request);
  then_rejected(when(Vote{m, {1, 1}}, participant("d1")), RejectCode::bad_request);
  then(when(Vote{m, {2, 0}}, participant("d1")));
  EXPECT_EQ(state.votes.at(m).at("d1"), (std::vector<int>{0, 2}));
  then_rejected(when(Vote{"p99", {0}}, participant("d1")), RejectCode::not_found);
  then_rejected(when(Vote{m, {0}}), RejectCode::forbidden);
}

TEST_F(Polls, the_server_closes_a_poll_at_its_deadline) {
  const auto p = create_poll(PollKind::yes_no_abstain);
  then_rejected(when(OpenPoll{p, Millis{1000}}), RejectCode::bad_request);
  given(OpenPoll{p, Millis{60'000}});
  EXPECT_EQ(next_timer_deadline(state), kStart + 60'000);
  EXPECT_TRUE(when(CheckTimers{}, system(kStart + 59'999)).events.empty());
  // A vote that arrives after the deadline but before the check is refused all the same.
  now = kStart + 60'000;
  then_rejected(when(Vote{p, {0}}, participant("d1")), RejectCode::poll_closed);
  auto d = when(CheckTimers{}, system(kStart + 60'010));
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(std::get<PollChanged>(d.events[0]).change, PollChange::closed);
  then(d);
  EXPECT_EQ(state.poll(p)->status, PollStatus::closed);
  EXPECT_FALSE(next_timer_deadline(state));
}

TEST_F(Polls, results_are_revealed_and_hidden_on_purpose) {
  const auto p = create_poll(PollKind::rating);
  then_rejected(when(RevealPoll{p, true}), RejectCode::invalid_state);
  given(OpenPoll{p, {}});
  then(when(RevealPoll{p, true}));
  then_rejected(when(RevealPoll{p, true}), RejectCode::invalid_state);
  then(when(RevealPoll{p, false}));
  EXPECT_FALSE(state.poll(p)->revealed);
}

}  // namespace
}  // namespace podium::testing
