#include "room_spec.hpp"

namespace podium::testing {
namespace {

class Questions : public RoomSpec {};

TEST_F(Questions, a_question_waits_for_moderation_by_default_and_is_hidden_from_the_room) {
  auto d = when(AskQuestion{"What budget do city offices have?", "Amina", "gq2"}, participant("d1"));
  ASSERT_TRUE(d.accepted());
  const auto& e = std::get<QuestionChanged>(d.events.at(0));
  EXPECT_EQ(e.change, QuestionChange::asked);
  EXPECT_EQ(e.question.id, "q1");
  EXPECT_EQ(e.question.status, QuestionStatus::pending);
  EXPECT_EQ(e.question.guiding_question, "gq2");
  EXPECT_FALSE(visible_to_room(d.events[0]));
  then(d);
  EXPECT_EQ(state.next_question, 2u);
}

TEST_F(Questions, without_premoderation_a_question_appears_at_once) {
  given(ConfigureQuestions{false});
  then_rejected(when(ConfigureQuestions{false}), RejectCode::invalid_state);
  auto d = when(AskQuestion{"Open question", "", ""}, participant("d1"));
  EXPECT_EQ(std::get<QuestionChanged>(d.events.at(0)).question.status, QuestionStatus::approved);
  EXPECT_TRUE(visible_to_room(d.events[0]));
}

TEST_F(Questions, text_is_required_and_limited_to_500_characters) {
  then_rejected(when(AskQuestion{"", "", ""}, participant("d1")), RejectCode::bad_request);
  then_rejected(when(AskQuestion{std::string(501, 'x'), "", ""}, participant("d1")), RejectCode::bad_request);
  // 500 characters of two bytes each are fine: the limit counts characters, not bytes.
  std::string accents;
  for (int i = 0; i < 500; ++i) accents += "é";
  then(when(AskQuestion{accents, "", ""}, participant("d1")));
  then_rejected(when(AskQuestion{"x", "", "gq9"}, participant("d2")), RejectCode::bad_request);
}

TEST_F(Questions, three_questions_a_minute_per_device_then_a_retry_time) {
  ask("d1", "one");
  now += 10'000;
  ask("d1", "two");
  ask("d1", "three");
  auto d = when(AskQuestion{"four", "", ""}, participant("d1"));
  then_rejected(d, RejectCode::rate_limited);
  EXPECT_EQ(d.rejection->retry_after_ms, 50'000);
  then(when(AskQuestion{"four", "", ""}, participant("d2")));  // another device is not held back
  now += 50'000;
  then(when(AskQuestion{"four", "", ""}, participant("d1")));
}

TEST_F(Questions, the_same_question_twice_from_one_device_is_refused) {
  ask("d1", "What about housing?");
  then_rejected(when(AskQuestion{"what about  HOUSING", "", ""}, participant("d1")), RejectCode::duplicate);
  then(when(AskQuestion{"What about housing?", "", ""}, participant("d2")));
}

TEST_F(Questions, the_asker_edits_or_withdraws_only_while_pending) {
  const auto q = ask("d1", "First draft");
  then_rejected(when(EditQuestion{q, "Hijack", "", ""}, participant("d2")), RejectCode::forbidden);
  then(when(EditQuestion{q, "Second draft", "Amina", "gq1"}, participant("d1")));
  EXPECT_EQ(state.question(q)->text, "Second draft");
  given(ModerateQuestion{q, Moderation::approve});
  then_rejected(when(EditQuestion{q, "Third", "", ""}, participant("d1")), RejectCode::invalid_state);
  then_rejected(when(WithdrawQuestion{q}, participant("d1")), RejectCode::invalid_state);
  const auto p = ask("d1", "Another");
  then(when(WithdrawQuestion{p}, participant("d1")));
  EXPECT_EQ(status(p), QuestionStatus::withdrawn);
  then_rejected(when(WithdrawQuestion{p}, participant("d1")), RejectCode::not_found);
}

TEST_F(Questions, upvotes_toggle_once_per_device_and_never_on_ones_own) {
  const auto q = ask_approved("asker", "Why?");
  then_rejected(when(UpvoteQuestion{q, true}, participant("asker")), RejectCode::invalid_state);
  auto d = when(UpvoteQuestion{q, true}, participant("v1"));
  ASSERT_TRUE(d.accepted());
  EXPECT_TRUE(is_quiet(d.events[0]));
  then(d);
  then_rejected(when(UpvoteQuestion{q, true}, participant("v1")), RejectCode::invalid_state);
  given(UpvoteQuestion{q, true}, participant("v2"));
  EXPECT_EQ(state.question_votes(q), 2);
  given(UpvoteQuestion{q, false}, participant("v1"));
  EXPECT_EQ(state.question_votes(q), 1);
}

TEST_F(Questions, pending_and_rejected_questions_cannot_be_upvoted) {
  const auto q = ask("asker", "Pending one");
  then_rejected(when(UpvoteQuestion{q, true}, participant("v1")), RejectCode::not_found);
  given(ModerateQuestion{q, Moderation::reject});
  then_rejected(when(UpvoteQuestion{q, true}, participant("v1")), RejectCode::not_found);
}

TEST_F(Questions, thirty_upvotes_a_minute_per_device) {
  for (int i = 0; i < 31; ++i) ask_approved("a" + std::to_string(i), "question " + std::to_string(i));
  for (int i = 0; i < 30; ++i) given(UpvoteQuestion{"q" + std::to_string(i + 1), true}, participant("fan"));
  then_rejected(when(UpvoteQuestion{"q31", true}, participant("fan")), RejectCode::rate_limited);
}

TEST_F(Questions, every_moderation_action_has_an_undo) {
  const auto q = ask("d1", "Moderate me");
  struct Step {
    Moderation action;
    QuestionStatus after;
  };
  for (const Step& s : {Step{Moderation::approve, QuestionStatus::approved},
                        Step{Moderation::unapprove, QuestionStatus::pending},
                        Step{Moderation::reject, QuestionStatus::rejected},
                        Step{Moderation::unreject, QuestionStatus::pending},
                        Step{Moderation::approve, QuestionStatus::approved},
                        Step{Moderation::answer, QuestionStatus::answered},
                        Step{Moderation::reopen, QuestionStatus::approved}}) {
    then(when(ModerateQuestion{q, s.action}));
    EXPECT_EQ(status(q), s.after);
  }
  given(ModerateQuestion{q, Moderation::pin});
  EXPECT_TRUE(state.question(q)->pinned);
  then_rejected(when(ModerateQuestion{q, Moderation::pin}), RejectCode::invalid_state);
  given(ModerateQuestion{q, Moderation::unpin});
  EXPECT_FALSE(state.question(q)->pinned);
  then_rejected(when(ModerateQuestion{q, Moderation::reopen}), RejectCode::invalid_state);
}

TEST_F(Questions, rejecting_hides_the_question_from_the_room_but_keeps_it) {
  const auto q = ask_approved("d1", "Off topic");
  auto d = when(ModerateQuestion{q, Moderation::reject});
  ASSERT_TRUE(d.accepted());
  const auto& e = std::get<QuestionChanged>(d.events.back());
  EXPECT_TRUE(e.was_visible);
  EXPECT_TRUE(visible_to_room(d.events.back()));  // the room must learn to drop it (without its text)
  then(d);
  EXPECT_EQ(state.question(q)->text, "Off topic");
}

TEST_F(Questions, a_merged_duplicate_adds_its_votes_to_the_original_once_per_device) {
  const auto a = ask_approved("d1", "Housing?");
  const auto b = ask_approved("d2", "What about housing?");
  given(UpvoteQuestion{a, true}, participant("v1"));
  given(UpvoteQuestion{b, true}, participant("v1"));
  given(UpvoteQuestion{b, true}, participant("v2"));
  auto d = when(MergeQuestion{b, a});
  ASSERT_TRUE(d.accepted());
  EXPECT_TRUE(visible_to_room(d.events.back()));  // the asker is told
  then(d);
  EXPECT_EQ(status(b), QuestionStatus::merged);
  EXPECT_EQ(state.question_votes(a), 2);
  then_rejected(when(UpvoteQuestion{b, true}, participant("v3")), RejectCode::not_found);
  then_rejected(when(MergeQuestion{a, a}), RejectCode::bad_request);
  given(ModerateQuestion{b, Moderation::unmerge});
  EXPECT_EQ(status(b), QuestionStatus::approved);
  EXPECT_EQ(state.question_votes(a), 1);
}

TEST_F(Questions, now_answering_needs_an_approved_question_and_clears_when_answered) {
  const auto q = ask("d1", "Answer me");
  then_rejected(when(SetAnswering{q}), RejectCode::invalid_state);
  given(ModerateQuestion{q, Moderation::approve});
  then(when(SetAnswering{q}));
  EXPECT_EQ(state.answering, q);
  then_rejected(when(SetAnswering{q}), RejectCode::invalid_state);
  given(ModerateQuestion{q, Moderation::answer});
  EXPECT_EQ(state.answering, "");
  given(ModerateQuestion{q, Moderation::reopen});
  given(SetAnswering{q});
  given(ModerateQuestion{q, Moderation::reject});
  EXPECT_EQ(state.answering, "");
}

TEST_F(Questions, a_promoted_question_puts_its_asker_or_the_facilitator_in_the_queue) {
  const auto q = ask_approved("d1", "Can I say more?");
  state.question(q)->name = "Amina";
  auto d = when(PromoteQuestion{q, true});
  ASSERT_TRUE(d.accepted());
  const auto& joined = std::get<QueueJoined>(d.events.at(0));
  EXPECT_EQ(joined.entry.name, "Amina");
  EXPECT_EQ(joined.entry.device, "d1");
  EXPECT_EQ(joined.entry.question_id, q);
  then(d);
  then_rejected(when(PromoteQuestion{q, false}), RejectCode::invalid_state);  // once is enough
  const auto r = ask_approved("d2", "Read this one out");
  then(when(PromoteQuestion{r, false}));
  EXPECT_EQ(state.queue.back().device, "");
  EXPECT_EQ(state.queue.back().question_id, r);
  const auto pending = ask("d3", "Not approved yet");
  then_rejected(when(PromoteQuestion{pending, true}), RejectCode::invalid_state);
}

TEST_F(Questions, a_muted_device_keeps_asking_into_the_void) {
  given(ConfigureQuestions{false});
  const auto q = ask("troll", "First");
  auto d = when(MuteDevice{q, true});
  ASSERT_TRUE(d.accepted());
  EXPECT_FALSE(visible_to_room(d.events[0]));
  then(d);
  auto next = when(AskQuestion{"Second", "", ""}, participant("troll"));
  const auto& e = std::get<QuestionChanged>(next.events.at(0));
  EXPECT_EQ(e.question.status, QuestionStatus::pending);
  EXPECT_TRUE(e.question.muted);
  then_rejected(when(MuteDevice{q, true}), RejectCode::invalid_state);
}

TEST_F(Questions, participants_cannot_moderate) {
  const auto q = ask("d1", "Mine");
  const RoomState before = state;
  for (const Command& c :
       std::vector<Command>{ModerateQuestion{q, Moderation::approve}, MergeQuestion{q, q}, SetAnswering{q},
                            PromoteQuestion{q, true}, ConfigureQuestions{false}, MuteDevice{q, true},
                            CreatePoll{"?", PollKind::rating, {}, {}, false}, OpenPoll{"p1", {}},
                            ClosePoll{"p1"}, RevealPoll{"p1", true}})
    then_rejected(when(c, participant("d1")), RejectCode::forbidden);
  then_rejected(when(AskQuestion{"x", "", ""}), RejectCode::forbidden);
  EXPECT_EQ(state, before);
}

}  // namespace
}  // namespace podium::testing
