#include "room_spec.hpp"

namespace podium::testing {
namespace {

class Meeting : public RoomSpec {
 protected:
  Meeting() { state.agenda_items = {"registration", "opening", "thematic"}; }
  Context organizer() const { return Context{Role::organizer, "", now}; }
};

TEST_F(Meeting, the_organizer_moves_the_agenda_with_the_item_they_saw) {
  then(when(SetAgenda{"registration", ""}, organizer()));
  EXPECT_EQ(state.agenda_item, "registration");
  EXPECT_EQ(state.agenda_since_ms, now);
  // Two organizers pressing "next" at once move it once.
  then(when(SetAgenda{"opening", "registration"}, organizer()));
  then_rejected(when(SetAgenda{"opening", "registration"}, organizer()), RejectCode::stale);
  then_rejected(when(SetAgenda{"opening", "opening"}, organizer()), RejectCode::invalid_state);
  then_rejected(when(SetAgenda{"lunch", "opening"}, organizer()), RejectCode::not_found);
  then_rejected(when(SetAgenda{"thematic", "opening"}), RejectCode::forbidden);  // a facilitator
  then_rejected(when(SetAgenda{"thematic", "opening"}, participant("d1")), RejectCode::forbidden);
}

TEST_F(Meeting, messages_go_to_the_facilitator_or_the_display_and_are_acknowledged_once) {
  auto d = when(SendMessage{MessageTo::facilitator, "5 minutes to plenary"}, organizer());
  ASSERT_TRUE(d.accepted());
  EXPECT_FALSE(visible_to_room(d.events[0]));
  then(d);
  auto shown = when(SendMessage{MessageTo::display, "Lunch is served"}, organizer());
  EXPECT_TRUE(visible_to_room(shown.events[0]));
  then(shown);
  then_rejected(when(SendMessage{MessageTo::display, ""}, organizer()), RejectCode::bad_request);
  then_rejected(when(SendMessage{MessageTo::display, "x"}), RejectCode::forbidden);
  then_rejected(when(AcknowledgeMessage{"m1"}, participant("d1")), RejectCode::forbidden);
  then(when(AcknowledgeMessage{"m1"}));
  EXPECT_EQ(state.messages.at(0).acknowledged_at_ms, now);
  then_rejected(when(AcknowledgeMessage{"m1"}), RejectCode::invalid_state);
  then_rejected(when(AcknowledgeMessage{"m2"}), RejectCode::invalid_state);
  then_rejected(when(AcknowledgeMessage{"m9"}), RejectCode::not_found);
}

TEST_F(Meeting, only_the_organizer_rotates_a_key_and_the_log_keeps_only_its_hash) {
  const std::string hash(64, 'a');
  then_rejected(when(RotateKey{hash, "SECRET"}), RejectCode::forbidden);
  auto d = when(RotateKey{hash, "SECRET"}, organizer());
  ASSERT_TRUE(d.accepted());
  EXPECT_EQ(std::get<KeyRotated>(d.events[0]).key_hash, hash);
  EXPECT_FALSE(visible_to_room(d.events[0]));
  const auto logged = protocol::event_to_json(d.events[0], protocol::Audience::log).dump();
  EXPECT_EQ(logged.find("SECRET"), std::string::npos);
}

TEST_F(Meeting, a_closed_meeting_refuses_every_change_and_its_timers_fall_silent) {
  given(JoinQueue{SpeakerKind::new_point, "Ana", "", ""}, participant("d1"));
  given(NextSpeaker{""});
  then_rejected(when(CloseMeeting{}), RejectCode::forbidden);
  then(when(CloseMeeting{}, organizer()));
  EXPECT_EQ(state.closed_at_ms, now);
  const RoomState closed = state;
  then_rejected(when(AskQuestion{"Still there?", "", ""}, participant("d2")), RejectCode::closed);
  then_rejected(when(NextSpeaker{current_id()}), RejectCode::closed);
  then_rejected(when(CloseMeeting{}, organizer()), RejectCode::closed);
  now += 10 * 60'000;
  EXPECT_TRUE(decide(state, CheckTimers{}, Context{Role::system, "", now}).events.empty());
  EXPECT_FALSE(next_timer_deadline(state));
  EXPECT_EQ(state, closed);
  // A leaked facilitator key can still be revoked.
  then(when(RotateKey{std::string(64, 'a'), "k"}, organizer()));
}

TEST_F(Meeting, closing_ends_the_turn_and_stops_the_clocks) {
  given(JoinQueue{SpeakerKind::new_point, "Ana", "", ""}, participant("d1"));
  given(NextSpeaker{""});
  given(StartTimer{TimerId::segment});
  now += 60'000;
  then(when(CloseMeeting{}, organizer()));
  EXPECT_FALSE(state.current);
  ASSERT_EQ(state.turns.size(), 1u);
  EXPECT_EQ(state.turns[0].ended_at_ms, now);
  EXPECT_NE(state.speaker.run, TimerRun::running);
  EXPECT_EQ(state.segment.run, TimerRun::paused);
  EXPECT_EQ(state.segment.remaining_ms, state.segment.duration_ms - 60'000);
}

}  // namespace
}  // namespace podium::testing
