// The session structure with a fixed clock: presenter slots share what the block has left, a discussion
// takes what the presentations left or loses what they overran, conclusions go to the plenary.
#include "room_spec.hpp"

namespace podium::testing {
namespace {

constexpr Millis kMinute = 60'000;

class Session : public RoomSpec {
 protected:
  Session() { state = planned(); }

  static RoomState planned() {
    RoomState s = fresh();
    Block presentations{"presentations", BlockKind::presentations, "Presentations", 30 * kMinute, 645, 4, {}};
    Block discussion{"discussion", BlockKind::discussion, "Open discussion", 15 * kMinute, 675, 0, {}};
    s.blocks = {presentations, discussion};
    s.handoff_to = "plenary";
    return s;
  }

  std::string add(const std::string& name, std::optional<Millis> planned = std::nullopt) {
    auto events = given(AddSlot{"presentations", name, "City of " + name, planned, ""});
    return std::get<SlotAdded>(events.at(0)).slot.id;
  }
  // Starts a slot and returns the time its presenter got.
  Millis start(const std::string& slot) {
    auto events = given(StartSlot{slot, current_id()});
    return std::get<TurnStarted>(events.back()).speaker.duration_ms;
  }
  const Block& block(const std::string& id) const { return *state.find_block(id); }
  const Slot& slot(const std::string& id) const { return *state.find_slot(id).second; }
};

TEST_F(Session, three_presenters_share_the_block_and_the_first_start_runs_the_block) {
  add("Porto Alegre");
  add("Gwangju");
  add("Montreal");
  auto d = when(StartSlot{"s1", ""});
  ASSERT_TRUE(d.accepted());
  ASSERT_EQ(d.events.size(), 2u);
  const auto& started = std::get<BlockStarted>(d.events[0]);
  EXPECT_EQ(started.segment.duration_ms, 30 * kMinute);
  EXPECT_EQ(started.segment.run, TimerRun::running);
  then(d);
  EXPECT_EQ(state.block, "presentations");
  EXPECT_EQ(state.current->entry.kind, SpeakerKind::presentation);
  EXPECT_EQ(state.speaker.duration_ms, 10 * kMinute);
  EXPECT_EQ(slot("s1").status, SlotStatus::speaking);
  EXPECT_EQ(slot("s1").allotted_ms, 10 * kMinute);
}

TEST_F(Session, an_overrun_is_taken_from_the_presenters_after_and_time_left_over_goes_to_them) {
  add("A");
  add("B");
  add("C");
  start("s1");
  now += 14 * kMinute;  // four minutes over
  EXPECT_EQ(start("s2"), 8 * kMinute);
  EXPECT_EQ(slot("s1").status, SlotStatus::done);
  EXPECT_EQ(slot("s1").spoken_ms, 14 * kMinute);
  now += 2 * kMinute;  // six minutes early
  EXPECT_EQ(start("s3"), 14 * kMinute);
}

TEST_F(Session, planned_times_weigh_the_shares_and_the_facilitator_changes_them_through_the_segment_timer) {
  add("A", 5 * kMinute);  // a short slot; the others get an equal share of the block each (7.5 min)
  add("B");
  add("C");
  add("D");
  // 30 min over weights 5 : 7.5 : 7.5 : 7.5 is 5.45 min, in whole seconds.
  EXPECT_EQ(start("s1"), 327'000);
  given(AdjustTimer{TimerId::segment, -5 * kMinute});
  now += 5 * kMinute;
  // 20 minutes left for three equal slots.
  EXPECT_EQ(start("s2"), 400'000);
}

TEST_F(Session, a_presenter_always_gets_at_least_a_minute) {
  add("A");
  add("B");
  start("s1");
  now += 40 * kMinute;  // the whole block and more
  EXPECT_EQ(start("s2"), kMinute);
}

TEST_F(Session, the_discussion_gets_what_the_presentations_left_or_loses_their_overrun) {
  add("A");
  start("s1");
  now += 26 * kMinute;
  auto d = when(StartBlock{"discussion", "presentations"});
  ASSERT_TRUE(d.accepted());
  then(d);
  EXPECT_EQ(block("presentations").left_ms, 4 * kMinute);
  EXPECT_EQ(block("discussion").allotted_ms, 19 * kMinute);
  EXPECT_EQ(state.segment.duration_ms, 19 * kMinute);
  EXPECT_FALSE(state.current) << "starting a block ends the turn";
  EXPECT_EQ(slot("s1").status, SlotStatus::done);
}

TEST_F(Session, an_overrun_shortens_the_discussion_to_no_less_than_a_minute) {
  add("A");
  start("s1");
  now += 33 * kMinute;
  then(when(StartBlock{"discussion", "presentations"}));
  EXPECT_EQ(block("presentations").left_ms, -3 * kMinute);
  EXPECT_EQ(state.segment.duration_ms, 12 * kMinute);

  state = planned();
  add("A");
  start("s1");
  now += 50 * kMinute;
  then(when(StartBlock{"discussion", "presentations"}));
  EXPECT_EQ(state.segment.duration_ms, kMinute);
}

TEST_F(Session, the_open_discussion_reopens_a_closed_list_and_ending_a_block_keeps_what_was_left) {
  given(CloseQueue{});
  then(when(StartBlock{"presentations", ""}));
  now += 10 * kMinute;
  then(when(StartBlock{"discussion", "presentations"}));
  EXPECT_TRUE(state.queue_open);
  now += 16 * kMinute;
  then(when(EndBlock{"discussion"}));
  EXPECT_EQ(state.block, "");
  EXPECT_EQ(block("discussion").left_ms, (15 + 20 - 16) * kMinute);
  EXPECT_EQ(state.segment.run, TimerRun::paused);
  EXPECT_EQ(state.segment.remaining_ms, block("discussion").left_ms);
}

TEST_F(Session, bad_session_commands_are_refused_and_change_nothing) {
  add("A");
  add("B");
  add("C");
  add("D");
  const RoomState before = state;
  then_rejected(when(AddSlot{"presentations", "E", "", {}, ""}), RejectCode::too_many);
  then_rejected(when(AddSlot{"discussion", "E", "", {}, ""}), RejectCode::invalid_state);
  then_rejected(when(AddSlot{"nowhere", "E", "", {}, ""}), RejectCode::not_found);
  then_rejected(when(StartSlot{"s9", ""}), RejectCode::not_found);
  then_rejected(when(StartSlot{"s1", ""}, participant("d1")), RejectCode::forbidden);
  then_rejected(when(StartSlot{"s1", "e7"}), RejectCode::stale);
  then_rejected(when(StartBlock{"discussion", "presentations"}), RejectCode::stale);
  then_rejected(when(StartBlock{"nowhere", ""}), RejectCode::not_found);
  then_rejected(when(EndBlock{""}), RejectCode::invalid_state);
  then_rejected(when(EditSlot{"s1", "", "", {}}), RejectCode::bad_request);
  then_rejected(when(MoveSlot{"s1", "s1"}), RejectCode::bad_request);
  then_rejected(when(MoveSlot{"s1", "s9"}), RejectCode::not_found);
  then_rejected(when(AddSpeaker{"X", "", SpeakerKind::presentation, {}, ""}), RejectCode::bad_request);
  EXPECT_EQ(state, before);

  start("s1");
  then_rejected(when(StartSlot{"s1", current_id()}), RejectCode::invalid_state);
  then_rejected(when(RemoveSlot{"s1"}), RejectCode::invalid_state);
  then_rejected(when(MoveSlot{"s2", "s1"}), RejectCode::invalid_state);
  then(when(StartBlock{"discussion", "presentations"}));
  then_rejected(when(StartBlock{"presentations", "discussion"}), RejectCode::invalid_state);
  then_rejected(when(StartSlot{"s2", ""}), RejectCode::invalid_state);
}

TEST_F(Session, whom_a_speaker_speaks_for_goes_from_the_slot_or_the_request_into_the_record) {
  given(AddSlot{"presentations", "Mayor", "Gwangju", {}, "", AffiliationKind::local_government});
  start("s1");
  EXPECT_EQ(state.current->entry.affiliation_kind, AffiliationKind::local_government);
  given(JoinQueue{SpeakerKind::new_point, "Ana", "Amnesty", "", AffiliationKind::civil_society},
        participant("d1"));
  given(NextSpeaker{current_id()});
  given(EndTurn{current_id()});
  ASSERT_EQ(state.turns.size(), 2u);
  EXPECT_EQ(state.turns[0].affiliation_kind, AffiliationKind::local_government);
  EXPECT_EQ(state.turns[1].affiliation_kind, AffiliationKind::civil_society);
}

TEST_F(Session, waiting_presenters_are_edited_moved_and_removed) {
  add("A");
  add("B");
  add("C");
  then(when(MoveSlot{"s3", "s1"}));
  then(when(EditSlot{"s2", "Bea", "Quito", 6 * kMinute}));
  then(when(RemoveSlot{"s1"}));
  std::vector<std::string> order;
  for (const Slot& s : block("presentations").slots) order.push_back(s.id + ":" + s.name);
  EXPECT_EQ(order, (std::vector<std::string>{"s3:C", "s2:Bea"}));
  EXPECT_EQ(slot("s2").planned_ms, 6 * kMinute);
  then(when(AddSlot{"presentations", "D", "", {}, "s2"}));
  EXPECT_EQ(block("presentations").slots.at(1).id, "s4") << "ids are never reused";
}

TEST_F(Session, conclusions_are_drafts_until_handed_to_the_plenary_with_chosen_questions) {
  const std::string q = ask_approved("d1", "Who pays for housing?");
  const std::string pending = ask("d2", "Not approved yet");
  auto added = when(AddConclusion{"Count informal settlements first.", "gq1"});
  ASSERT_TRUE(added.accepted());
  EXPECT_FALSE(visible_to_room(added.events[0]));
  then(added);
  then(when(AddConclusion{"Budget for rights offices.", ""}));
  then(when(EditConclusion{"c2", "Budget human rights offices.", "gq2"}));
  then_rejected(when(AddConclusion{"", ""}), RejectCode::bad_request);
  then_rejected(when(AddConclusion{"x", "gq9"}), RejectCode::bad_request);
  then_rejected(when(AddConclusion{"x", ""}, participant("d1")), RejectCode::forbidden);
  then_rejected(when(SendHandoff{{}, {q}}), RejectCode::bad_request);
  then_rejected(when(SendHandoff{{"c1", "c1"}, {}}), RejectCode::bad_request);
  then_rejected(when(SendHandoff{{"c1"}, {pending}}), RejectCode::invalid_state);
  then_rejected(when(SendHandoff{{"c7"}, {}}), RejectCode::not_found);

  now += kMinute;
  auto sent = when(SendHandoff{{"c1"}, {q}});
  ASSERT_TRUE(sent.accepted());
  EXPECT_TRUE(visible_to_room(sent.events[0]));
  then(sent);
  const Handoff& h = state.handoffs.at(0);
  EXPECT_EQ(h.id, "h1");
  EXPECT_EQ(h.from_room, "group-1");
  EXPECT_EQ(h.conclusions.at(0).text, "Count informal settlements first.");
  EXPECT_EQ(h.questions.at(0).text, "Who pays for housing?");
  EXPECT_EQ(state.conclusion("c1")->handed_off_at_ms, now);
  EXPECT_EQ(state.conclusion("c2")->handed_off_at_ms, 0);
  // Editing afterwards does not rewrite what the plenary got.
  then(when(EditConclusion{"c1", "Count them.", "gq1"}));
  then(when(RemoveConclusion{"c1"}));
  EXPECT_EQ(state.handoffs.at(0).conclusions.at(0).text, "Count informal settlements first.");

  // The plenary takes it once, from the server only.
  RoomState plenary = fresh();
  plenary.room = "plenary";
  const Context system{Role::system, "", now};
  EXPECT_EQ(decide(plenary, ReceiveHandoff{h}, chair()).rejection->code, RejectCode::forbidden);
  auto received = decide(plenary, ReceiveHandoff{h}, system);
  ASSERT_TRUE(received.accepted());
  evolve(plenary, received.events.at(0));
  EXPECT_EQ(decide(plenary, ReceiveHandoff{h}, system).rejection->code, RejectCode::duplicate);
  EXPECT_EQ(plenary.handoffs.size(), 1u);
  // The plenary itself has nowhere to hand off to.
  plenary.conclusions.push_back(Conclusion{"c1", "x", "", now, 0});
  EXPECT_EQ(decide(plenary, SendHandoff{{"c1"}, {}}, chair()).rejection->code, RejectCode::invalid_state);
}

TEST_F(Session, the_log_replays_the_session_to_the_same_state) {
  add("A");
  add("B");
  std::vector<Event> log;
  auto record = [&](const Command& c) {
    for (const Event& e : given(c)) log.push_back(e);
  };
  const RoomState start_state = state;
  record(StartSlot{"s1", ""});
  now += 9 * kMinute;
  record(StartSlot{"s2", current_id()});
  now += 7 * kMinute;
  record(StartBlock{"discussion", "presentations"});
  record(AddConclusion{"One.", "gq1"});
  record(SendHandoff{{"c1"}, {}});
  RoomState replayed = start_state;
  for (const Event& e : log)
    evolve(replayed, protocol::event_from_json(protocol::event_to_json(e, protocol::Audience::log)));
  EXPECT_EQ(replayed, state);
  EXPECT_EQ(protocol::state_from_json(protocol::state_to_json(state, protocol::Audience::log)), state);
}

}  // namespace
}  // namespace podium::testing
