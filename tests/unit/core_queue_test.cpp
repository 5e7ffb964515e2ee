#include "room_spec.hpp"

namespace podium::testing {
namespace {

using Names = std::vector<std::string>;

class Queue : public RoomSpec {};

TEST_F(Queue, participant_asks_for_the_floor_and_is_placed_at_the_end) {
  join("Ana");
  auto d = when(JoinQueue{SpeakerKind::new_point, "Li", "Guangzhou", ""}, participant("dev-li"));
  ASSERT_TRUE(d.accepted());
  const auto& joined = std::get<QueueJoined>(d.events.at(0));
  EXPECT_EQ(joined.entry.id, "e2");
  EXPECT_EQ(joined.entry.affiliation, "Guangzhou");
  EXPECT_EQ(joined.entry.device, "dev-li");
  EXPECT_EQ(joined.entry.added_at_ms, now);
  EXPECT_EQ(joined.before_id, "");
  then(d);
  EXPECT_EQ(queue_names(), (Names{"Ana", "Li"}));
}

TEST_F(Queue, later_kinds_jump_ahead_in_precedence_order) {
  join("new1");
  join("new2");
  join("reply1", SpeakerKind::reply);
  join("clarify1", SpeakerKind::clarifying_question);
  join("order1", SpeakerKind::point_of_order);
  join("reply2", SpeakerKind::reply);
  join("order2", SpeakerKind::point_of_order);
  EXPECT_EQ(queue_names(), (Names{"order1", "order2", "clarify1", "reply1", "reply2", "new1", "new2"}));
}

TEST_F(Queue, participant_withdraws_their_own_request) {
  const std::string id = join("Ana");
  then(when(WithdrawFromQueue{id}, participant("dev-Ana")));
  EXPECT_TRUE(state.queue.empty());
}

TEST_F(Queue, participant_cannot_withdraw_someone_elses_request) {
  const std::string id = join("Ana");
  then_rejected(when(WithdrawFromQueue{id}, participant("dev-mallory")), RejectCode::forbidden);
  then_rejected(when(WithdrawFromQueue{"e99"}, participant("dev-Ana")), RejectCode::not_found);
}

TEST_F(Queue, closed_list_refuses_participants_but_not_the_facilitator) {
  given(CloseQueue{});
  then_rejected(when(JoinQueue{}, participant("dev-a")), RejectCode::queue_closed);
  then(when(AddSpeaker{"Mayor of Gwangju", "City of Gwangju", SpeakerKind::new_point, 420'000, ""}));
  EXPECT_EQ(queue_names(), (Names{"Mayor of Gwangju"}));
  then_rejected(when(CloseQueue{}), RejectCode::invalid_state);
  given(OpenQueue{});
  then(when(JoinQueue{}, participant("dev-a")));
}

TEST_F(Queue, a_device_holds_at_most_two_requests) {
  join("a", SpeakerKind::new_point, "dev-x");
  join("b", SpeakerKind::reply, "dev-x");
  then_rejected(when(JoinQueue{SpeakerKind::point_of_order, "c", "", ""}, participant("dev-x")),
                RejectCode::too_many);
}

TEST_F(Queue, an_entry_can_name_the_guiding_question_it_addresses) {
  then(when(JoinQueue{SpeakerKind::new_point, "Ana", "", "gq2"}, participant("d1")));
  EXPECT_EQ(state.queue.back().guiding_question, "gq2");
  then(when(AddSpeaker{"Presenter", "", SpeakerKind::new_point, std::nullopt, "gq1"}));
  EXPECT_EQ(state.queue.back().guiding_question, "gq1");
  then_rejected(when(JoinQueue{SpeakerKind::new_point, "Li", "", "gq7"}, participant("d2")),
                RejectCode::bad_request);
  then_rejected(when(AddSpeaker{"X", "", SpeakerKind::new_point, std::nullopt, "gq7"}),
                RejectCode::bad_request);
}

TEST_F(Queue, overlong_name_is_refused) {
  then_rejected(when(JoinQueue{SpeakerKind::new_point, std::string(81, 'x'), "", ""}, participant("dev-a")),
                RejectCode::bad_request);
}

TEST_F(Queue, facilitator_adds_a_named_speaker_with_their_own_time) {
  then_rejected(when(AddSpeaker{"", "", SpeakerKind::new_point, std::nullopt, ""}), RejectCode::bad_request);
  then_rejected(when(AddSpeaker{"X", "", SpeakerKind::new_point, Millis{0}, ""}), RejectCode::bad_request);
  given(AddSpeaker{"Presenter", "City of Vienna", SpeakerKind::new_point, 420'000, ""});
  ASSERT_EQ(state.queue.size(), 1u);
  EXPECT_EQ(state.queue[0].duration_ms, 420'000);
  EXPECT_EQ(state.queue[0].device, "");
}

TEST_F(Queue, facilitator_moves_an_entry_next_to_a_neighbour_by_id) {
  const auto a = join("a");
  const auto b = join("b");
  const auto c = join("c");
  given(MoveEntry{c, a, ""});
  EXPECT_EQ(queue_names(), (Names{"c", "a", "b"}));
  given(MoveEntry{c, "", b});
  EXPECT_EQ(queue_names(), (Names{"a", "b", "c"}));
  given(MoveEntry{a, "", c});
  EXPECT_EQ(queue_names(), (Names{"b", "c", "a"}));
  then_rejected(when(MoveEntry{a, b, c}), RejectCode::bad_request);
  then_rejected(when(MoveEntry{a, "", ""}), RejectCode::bad_request);
  then_rejected(when(MoveEntry{a, a, ""}), RejectCode::bad_request);
  then_rejected(when(MoveEntry{"e42", a, ""}), RejectCode::not_found);
}

TEST_F(Queue, facilitator_removes_an_entry) {
  const auto a = join("a");
  join("b");
  given(RemoveEntry{a});
  EXPECT_EQ(queue_names(), (Names{"b"}));
  then_rejected(when(RemoveEntry{a}), RejectCode::not_found);
}

TEST_F(Queue, next_gives_the_floor_to_the_first_and_starts_the_speaker_timer) {
  join("a");
  join("b");
  auto d = when(NextSpeaker{""});
  ASSERT_TRUE(d.accepted());
  ASSERT_EQ(d.events.size(), 1u);
  const auto& started = std::get<TurnStarted>(d.events[0]);
  EXPECT_EQ(started.entry.name, "a");
  EXPECT_EQ(started.speaker.run, TimerRun::running);
  EXPECT_EQ(started.speaker.ends_at_ms, now + 180'000);
  then(d);
  EXPECT_EQ(state.current->entry.name, "a");
  EXPECT_EQ(queue_names(), (Names{"b"}));
}

TEST_F(Queue, next_uses_the_entrys_own_speaking_time) {
  given(AddSpeaker{"Presenter", "", SpeakerKind::new_point, 420'000, ""});
  given(NextSpeaker{""});
  EXPECT_EQ(state.speaker.duration_ms, 420'000);
  EXPECT_EQ(state.current->allotted_ms, 420'000);
}

TEST_F(Queue, a_short_turn_gets_a_warning_in_proportion) {
  given(AddSpeaker{"Quick reply", "", SpeakerKind::reply, 20'000, ""});
  given(NextSpeaker{""});
  EXPECT_EQ(state.speaker.warning_ms, 5'000);
  EXPECT_EQ(next_timer_deadline(state), now + 15'000);
}

TEST_F(Queue, next_rejects_a_stale_current_speaker_so_two_facilitators_advance_once) {
  join("a");
  join("b");
  join("c");
  given(NextSpeaker{""});
  const std::string seen = current_id();
  // Both facilitators saw "a" speaking and press next.
  then(when(NextSpeaker{seen}));
  then_rejected(when(NextSpeaker{seen}), RejectCode::stale);
  EXPECT_EQ(state.current->entry.name, "b");
  EXPECT_EQ(queue_names(), (Names{"c"}));
}

TEST_F(Queue, next_with_nobody_waiting_or_speaking_is_refused) {
  then_rejected(when(NextSpeaker{""}), RejectCode::queue_empty);
}

TEST_F(Queue, next_after_the_last_speaker_ends_the_turn) {
  join("a");
  given(NextSpeaker{""});
  now += 60'000;
  auto d = when(NextSpeaker{current_id()});
  ASSERT_TRUE(d.accepted());
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<TurnEnded>(d.events[0]));
  then(d);
  EXPECT_FALSE(state.current);
  EXPECT_EQ(state.speaker.run, TimerRun::idle);
}

TEST_F(Queue, a_turn_is_recorded_with_its_pauses_and_actual_speaking_time) {
  join("a");
  given(NextSpeaker{""});
  const std::string id = current_id();
  now += 40'000;
  given(PauseTimer{TimerId::speaker});
  now += 15'000;
  given(StartTimer{TimerId::speaker});
  now += 20'000;
  then_rejected(when(EndTurn{"e77"}), RejectCode::stale);
  then(when(EndTurn{id}));
  ASSERT_EQ(state.turns.size(), 1u);
  const TurnRecord& r = state.turns[0];
  EXPECT_EQ(r.name, "a");
  EXPECT_EQ(r.started_at_ms, kStart);
  EXPECT_EQ(r.ended_at_ms, kStart + 75'000);
  EXPECT_EQ(r.paused_ms, 15'000);
  EXPECT_EQ(r.pauses, 1);
  EXPECT_EQ(r.spoken_ms, 60'000);
  then_rejected(when(EndTurn{""}), RejectCode::invalid_state);
}

TEST_F(Queue, participant_and_display_cannot_use_facilitator_commands) {
  join("a");
  const std::vector<Command> chair_only{
      AddSpeaker{"x", "", SpeakerKind::new_point, std::nullopt, ""},
      MoveEntry{"e1", "", "e1"},
      RemoveEntry{"e1"},
      NextSpeaker{""},
      EndTurn{""},
      CloseQueue{},
      OpenQueue{},
      SetTimer{TimerId::segment, 60'000, std::nullopt, std::nullopt},
      StartTimer{TimerId::segment},
      PauseTimer{TimerId::segment},
      AdjustTimer{TimerId::segment, 1000},
      ResetTimer{TimerId::segment},
      ConfigureRoom{60'000, 10'000},
      CheckTimers{},
  };
  const RoomState before = state;
  for (Role role : {Role::participant, Role::display}) {
    for (const Command& c : chair_only)
      then_rejected(when(c, Context{role, "dev-a", now}), RejectCode::forbidden);
  }
  then_rejected(when(JoinQueue{}, Context{Role::display, "dev-d", now}), RejectCode::forbidden);
  then_rejected(when(CheckTimers{}), RejectCode::forbidden);
  EXPECT_EQ(state, before);
}

TEST_F(Queue, replaying_the_events_rebuilds_the_same_state) {
  std::vector<Event> log;
  auto record = [&](std::vector<Event> events) { log.insert(log.end(), events.begin(), events.end()); };
  record(given(JoinQueue{SpeakerKind::new_point, "a", "", ""}, participant("d1")));
  record(given(JoinQueue{SpeakerKind::point_of_order, "b", "", ""}, participant("d2")));
  record(given(AddSpeaker{"c", "", SpeakerKind::reply, 60'000, ""}));
  record(given(MoveEntry{"e3", "", "e1"}));
  record(given(NextSpeaker{""}));
  now += 5'000;
  record(given(PauseTimer{TimerId::speaker}));
  now += 5'000;
  record(given(NextSpeaker{current_id()}));
  record(given(ConfigureRoom{240'000, 20'000}));
  record(given(AskQuestion{"Why?", "Amina", "gq1"}, participant("d1")));
  record(given(ModerateQuestion{"q1", Moderation::approve}));
  record(given(UpvoteQuestion{"q1", true}, participant("d2")));
  record(given(AskQuestion{"Why not?", "", ""}, participant("d3")));
  record(given(MergeQuestion{"q2", "q1"}));
  record(given(SetAnswering{"q1"}));
  record(given(MuteDevice{"q2", true}));
  record(given(CreatePoll{"Which?", PollKind::multiple, {"a", "b", "c"}, 2, false}));
  record(given(OpenPoll{"p1", Millis{60'000}}));
  record(given(Vote{"p1", {0, 2}}, participant("d1")));
  record(given(RevealPoll{"p1", true}));
  RoomState replayed = fresh();
  for (const Event& e : log) evolve(replayed, e);
  EXPECT_EQ(replayed, state);
}

}  // namespace
}  // namespace podium::testing
