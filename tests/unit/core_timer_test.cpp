#include "room_spec.hpp"

namespace podium::testing {
namespace {

class Timers : public RoomSpec {
 protected:
  const Timer& segment() const { return state.segment; }
  static Context system(Millis at) { return Context{Role::system, "", at}; }
};

TEST_F(Timers, segment_timer_starts_from_its_full_duration) {
  then(when(StartTimer{TimerId::segment}));
  EXPECT_EQ(segment().run, TimerRun::running);
  EXPECT_EQ(segment().ends_at_ms, kStart + 1'800'000);
  EXPECT_EQ(segment().remaining_at(kStart + 60'000), 1'740'000);
  then_rejected(when(StartTimer{TimerId::segment}), RejectCode::invalid_state);
}

TEST_F(Timers, pause_keeps_the_remaining_time_and_start_resumes_it) {
  given(StartTimer{TimerId::segment});
  now += 100'000;
  then(when(PauseTimer{TimerId::segment}));
  EXPECT_EQ(segment().run, TimerRun::paused);
  EXPECT_EQ(segment().remaining_ms, 1'700'000);
  EXPECT_EQ(segment().remaining_at(now + 999'999), 1'700'000);
  then_rejected(when(PauseTimer{TimerId::segment}), RejectCode::invalid_state);
  now += 50'000;
  then(when(StartTimer{TimerId::segment}));
  EXPECT_EQ(segment().ends_at_ms, now + 1'700'000);
}

TEST_F(Timers, adding_and_removing_time_works_running_or_paused) {
  given(StartTimer{TimerId::segment});
  then(when(AdjustTimer{TimerId::segment, 60'000}));
  EXPECT_EQ(segment().remaining_at(now), 1'860'000);
  given(PauseTimer{TimerId::segment});
  then(when(AdjustTimer{TimerId::segment, -120'000}));
  EXPECT_EQ(segment().remaining_ms, 1'740'000);
  then_rejected(when(AdjustTimer{TimerId::segment, 0}), RejectCode::bad_request);
}

TEST_F(Timers, adjusting_keeps_a_timer_within_what_set_allows) {
  // 12 hours at most, however it is reached: two +12 h on a 12 h timer are refused, not summed to 36 h.
  given(SetTimer{TimerId::segment, kMaxDurationMs, std::nullopt, std::nullopt});
  then_rejected(when(AdjustTimer{TimerId::segment, 1}), RejectCode::bad_request);
  then_rejected(when(AdjustTimer{TimerId::segment, kMaxDurationMs}), RejectCode::bad_request);
  EXPECT_EQ(segment().remaining_ms, kMaxDurationMs);
  // Taking off more than is left stops at zero, stopped or running.
  given(SetTimer{TimerId::segment, 1'000, std::nullopt, std::nullopt});
  then(when(AdjustTimer{TimerId::segment, -kMaxDurationMs}));
  EXPECT_EQ(segment().remaining_ms, 0);
  given(SetTimer{TimerId::segment, 60'000, std::nullopt, std::nullopt});
  given(StartTimer{TimerId::segment});
  then(when(AdjustTimer{TimerId::segment, -120'000}));
  EXPECT_EQ(segment().ends_at_ms, now);
  // A timer already running over keeps its overtime: removing time does not reset it, nor add to it.
  now += 30'000;
  then(when(AdjustTimer{TimerId::segment, -60'000}));
  EXPECT_EQ(segment().remaining_at(now), -30'000);
  then(when(AdjustTimer{TimerId::segment, 90'000}));
  EXPECT_EQ(segment().remaining_at(now), 60'000);
}

TEST_F(Timers, reset_returns_to_the_full_duration_stopped) {
  given(StartTimer{TimerId::segment});
  now += 10'000;
  then(when(ResetTimer{TimerId::segment}));
  EXPECT_EQ(segment().run, TimerRun::idle);
  EXPECT_EQ(segment().remaining_ms, 1'800'000);
}

TEST_F(Timers, set_changes_duration_label_and_warning) {
  then(when(SetTimer{TimerId::segment, 900'000, "Open discussion", 120'000}));
  EXPECT_EQ(segment().label, "Open discussion");
  EXPECT_EQ(segment().duration_ms, 900'000);
  EXPECT_EQ(segment().remaining_ms, 900'000);
  EXPECT_EQ(segment().warning_ms, 120'000);
  then_rejected(when(SetTimer{TimerId::segment, 0, std::nullopt, std::nullopt}), RejectCode::bad_request);
  then_rejected(when(SetTimer{TimerId::segment, 60'000, std::nullopt, 90'000}), RejectCode::bad_request);
}

TEST_F(Timers, server_announces_the_warning_then_time_up_once_each) {
  given(SetTimer{TimerId::segment, 600'000, "Discussion", 60'000});
  given(StartTimer{TimerId::segment});
  EXPECT_EQ(next_timer_deadline(state), kStart + 540'000);
  // Before the threshold: nothing to say.
  EXPECT_TRUE(when(CheckTimers{}, system(kStart + 500'000)).events.empty());

  auto warn = when(CheckTimers{}, system(kStart + 540'000));
  ASSERT_EQ(warn.events.size(), 1u);
  EXPECT_EQ(std::get<TimerChanged>(warn.events[0]).change, TimerChange::warned);
  then(warn);
  EXPECT_EQ(next_timer_deadline(state), kStart + 600'000);
  EXPECT_TRUE(when(CheckTimers{}, system(kStart + 550'000)).events.empty());

  auto up = when(CheckTimers{}, system(kStart + 600'010));
  ASSERT_EQ(up.events.size(), 1u);
  EXPECT_EQ(std::get<TimerChanged>(up.events[0]).change, TimerChange::expired);
  then(up);
  EXPECT_TRUE(segment().expired);
  EXPECT_FALSE(next_timer_deadline(state));
  // Overtime counts up: remaining goes negative while the timer keeps running.
  EXPECT_EQ(segment().remaining_at(kStart + 612'000), -12'000);
  EXPECT_TRUE(when(CheckTimers{}, system(kStart + 700'000)).events.empty());
}

TEST_F(Timers, a_check_that_comes_late_announces_time_up_without_a_separate_warning) {
  given(StartTimer{TimerId::segment});
  auto d = when(CheckTimers{}, system(kStart + 2'000'000));
  ASSERT_EQ(d.events.size(), 1u);
  const auto& e = std::get<TimerChanged>(d.events[0]);
  EXPECT_EQ(e.change, TimerChange::expired);
  EXPECT_TRUE(e.value.warned);
}

TEST_F(Timers, adding_time_after_time_up_rearms_the_announcements) {
  given(SetTimer{TimerId::segment, 120'000, std::nullopt, 30'000});
  given(StartTimer{TimerId::segment});
  then(when(CheckTimers{}, system(kStart + 121'000)));
  ASSERT_TRUE(segment().expired);
  now = kStart + 125'000;
  then(when(AdjustTimer{TimerId::segment, 60'000}));
  EXPECT_FALSE(segment().expired);
  EXPECT_FALSE(segment().warned);
  EXPECT_EQ(next_timer_deadline(state), kStart + 150'000);
}

TEST_F(Timers, speaker_timer_runs_with_the_turn_and_warns_before_the_end) {
  join("a");
  given(NextSpeaker{""});
  EXPECT_EQ(next_timer_deadline(state), kStart + 150'000);
  auto d = when(CheckTimers{}, system(kStart + 150'000));
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(std::get<TimerChanged>(d.events[0]).timer, TimerId::speaker);
}

TEST_F(Timers, room_default_speaking_time_applies_to_the_next_turn) {
  then_rejected(when(ConfigureRoom{500, 0}), RejectCode::bad_request);
  then_rejected(when(ConfigureRoom{60'000, 60'000}), RejectCode::bad_request);
  given(ConfigureRoom{120'000, 20'000});
  join("a");
  given(NextSpeaker{""});
  EXPECT_EQ(state.speaker.duration_ms, 120'000);
  EXPECT_EQ(state.speaker.warning_ms, 20'000);
}

}  // namespace
}  // namespace podium::testing
