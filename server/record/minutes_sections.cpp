// The sections of the minutes after the proceedings: questions, polls, conclusions, handoffs, speaking
// time.
#include <algorithm>
#include <map>

#include "markdown.hpp"
#include "minutes_parts.hpp"
#include "outline.hpp"
#include "words.hpp"

namespace podium::record::minutes_parts {
namespace {

std::string votes_text(int votes) { return std::to_string(votes) + (votes == 1 ? " vote" : " votes"); }

std::string asked_by(const std::string& name) {
  return name.empty() ? "" : " (asked by " + escape_markdown(name) + ")";
}

std::string question_line(const core::Question& q, int votes) {
  const bool answered = q.status == core::QuestionStatus::answered;
  return "- " + escape_markdown(q.text) + asked_by(q.name) + " — " + votes_text(votes) + ", " +
         (answered ? "answered" : "approved, not answered") + "\n";
}

// The guiding questions' ids in the order the minutes show them: the meeting's, then any other, then
// "" for the untagged.
std::vector<std::string> guiding_order(const app::Meeting& meeting,
                                       const std::vector<core::Question>& questions) {
  std::vector<std::string> order;
  for (const app::GuidingQuestion& gq : meeting.guiding_questions) order.push_back(gq.id);
  std::vector<std::string> others;
  for (const core::Question& q : questions)
    if (!q.guiding_question.empty() &&
        std::find(order.begin(), order.end(), q.guiding_question) == order.end() &&
        std::find(others.begin(), others.end(), q.guiding_question) == others.end())
      others.push_back(q.guiding_question);
  std::sort(others.begin(), others.end());
  order.insert(order.end(), others.begin(), others.end());
  order.push_back("");
  return order;
}

std::string guiding_heading(const app::Meeting& meeting, const std::string& id) {
  if (id.empty()) return "#### Not tied to a guiding question\n\n";
  auto it = std::find_if(meeting.guiding_questions.begin(), meeting.guiding_questions.end(),
                         [&](const app::GuidingQuestion& gq) { return gq.id == id; });
  std::string heading = "#### " + guiding_label(meeting, id);
  if (it != meeting.guiding_questions.end()) heading += " — " + escape_markdown(it->text);
  return heading + "\n\n";
}

// "3 rejected, 1 merged, 2 withdrawn": what the minutes count but do not show.
std::string withheld_counts(const std::vector<core::Question>& questions) {
  const std::pair<core::QuestionStatus, const char*> kinds[] = {
      {core::QuestionStatus::rejected, "rejected"},
      {core::QuestionStatus::merged, "merged"},
      {core::QuestionStatus::withdrawn, "withdrawn"},
      {core::QuestionStatus::pending, "never moderated"}};
  std::string out;
  for (const auto& [status, word] : kinds) {
    const auto n = std::count_if(questions.begin(), questions.end(),
                                 [&](const core::Question& q) { return q.status == status; });
    if (n > 0) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + word;
  }
  return out;
}

bool shown(const core::Question& q) {
  return q.status == core::QuestionStatus::approved || q.status == core::QuestionStatus::answered;
}

std::string handoff_body(const app::Meeting& meeting, const core::Handoff& h) {
  std::string out = "Conclusions:\n\n";
  for (const core::Conclusion& c : h.conclusions) {
    out += "- " + escape_markdown(c.text);
    if (!c.guiding_question.empty()) out += " — " + guiding_label(meeting, c.guiding_question);
    out += "\n";
  }
  if (h.questions.empty()) return out + "\n";
  out += "\nQuestions:\n\n";
  for (const core::HandoffQuestion& q : h.questions)
    out += "- " + escape_markdown(q.text) + asked_by(q.name) + " — " + votes_text(q.votes) + "\n";
  return out + "\n";
}

std::vector<std::string> kind_row(const KindTime& k, core::Millis total) {
  return {std::string(affiliation_words(k.kind)), std::to_string(k.speakers), std::to_string(k.turns),
          minutes_seconds(k.spoken_ms), percent(k.spoken_ms, total)};
}

const std::vector<std::string> kKindHeader{"Kind of affiliation", "Speakers", "Turns", "Spoke", "Share"};

}  // namespace

std::string guiding_label(const app::Meeting& meeting, const std::string& id) {
  const auto& gqs = meeting.guiding_questions;
  auto it = std::find_if(gqs.begin(), gqs.end(), [&](const app::GuidingQuestion& gq) { return gq.id == id; });
  return it == gqs.end() ? escape_markdown(id) : "GQ " + std::to_string(it - gqs.begin() + 1);
}

std::string room_title(const app::Meeting& meeting, const std::string& room) {
  const app::RoomConfig* config = meeting.room(room);
  return config ? config->title : room;
}

std::string questions_section(const Context& ctx, const core::RoomState& state) {
  std::string out = "### Questions from the floor\n\n";
  const std::map<std::string, int> votes = state.vote_counts();
  bool any = false;
  for (const std::string& gq : guiding_order(ctx.meeting, state.questions)) {
    std::string lines;
    for (const core::Question& q : state.questions)
      if (shown(q) && q.guiding_question == gq) lines += question_line(q, votes.at(q.id));
    if (lines.empty()) continue;
    out += guiding_heading(ctx.meeting, gq) + lines + "\n";
    any = true;
  }
  if (!any) out += "No question was published.\n\n";
  if (const std::string counts = withheld_counts(state.questions); !counts.empty())
    out += "Not published: " + counts + ".\n\n";
  return out;
}

std::string polls_section(const Context& ctx, const core::RoomState& state) {
  std::string out = "### Polls\n\n";
  bool any = false;
  for (const core::Poll& p : state.polls) {
    if (p.opened_at_ms == 0) continue;
    any = true;
    const core::PollResults r = state.poll_results(p.id);
    out += "#### " + escape_markdown(p.question) + "\n\n" + poll_kind_words(p) + ", opened " +
           ctx.local.clock(p.opened_at_ms) + ", " +
           (p.status == core::PollStatus::closed ? "closed " + ctx.local.clock(p.closed_at_ms)
                                                 : std::string("still open when the record ends")) +
           "; " + std::to_string(r.voters) + (r.voters == 1 ? " voter" : " voters") + ".\n\n";
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < p.options.size(); ++i)
      rows.push_back(
          {escape_markdown(p.options[i]), std::to_string(r.counts.at(i)), percent(r.counts.at(i), r.voters)});
    out += markdown_table({"Option", "Votes", "Share of voters"}, rows) + "\n";
  }
  if (!any) out += "No poll was opened.\n\n";
  return out;
}

std::string conclusions_section(const Context& ctx, const core::RoomState& state) {
  std::string out = "### Conclusions\n\n";
  if (state.conclusions.empty()) return out + "None were written.\n\n";
  for (const core::Conclusion& c : state.conclusions) {
    out += "- " + escape_markdown(c.text);
    if (!c.guiding_question.empty()) out += " — " + guiding_label(ctx.meeting, c.guiding_question);
    out += "\n";
  }
  return out + "\n";
}

std::string handoffs_section(const Context& ctx, const core::RoomState& state) {
  if (state.handoffs.empty()) return "";
  const bool sent = !state.handoff_to.empty();
  std::string out =
      sent ? "### Handed to " + escape_markdown(room_title(ctx.meeting, state.handoff_to)) + "\n\n"
           : "### Received from the groups\n\n";
  std::vector<const core::Handoff*> handoffs;
  for (const core::Handoff& h : state.handoffs) handoffs.push_back(&h);
  // By group in the meeting's order, then as they came.
  const auto rank = [&](const core::Handoff* h) {
    auto it = std::find_if(ctx.meeting.rooms.begin(), ctx.meeting.rooms.end(),
                           [&](const app::RoomConfig& r) { return r.id == h->from_room; });
    return std::pair(it - ctx.meeting.rooms.begin(), h->from_room);
  };
  std::stable_sort(handoffs.begin(), handoffs.end(), [&](auto* a, auto* b) { return rank(a) < rank(b); });
  for (const core::Handoff* h : handoffs) {
    out += "#### ";
    if (!sent) out += "From " + escape_markdown(room_title(ctx.meeting, h->from_room)) + " — ";
    out += "Handoff " + escape_markdown(h->id) + " at " + ctx.local.clock(h->at_ms) + "\n\n";
    out += handoff_body(ctx.meeting, *h);
  }
  return out;
}

std::string speaking_time_section(const Fairness& f) {
  std::string out = "### Speaking time\n\n";
  if (f.turns == 0) return out + "Nobody took the floor.\n\n";
  out += minutes_seconds(f.total_ms) + " in " + std::to_string(f.turns) +
         (f.turns == 1 ? " turn" : " turns") + " by " + std::to_string(f.speakers.size()) +
         (f.speakers.size() == 1 ? " speaker" : " speakers") + "; " + std::to_string(f.first_time_speakers) +
         " spoke for the first time that day.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const SpeakerTime& s : f.speakers)
    rows.push_back({escape_markdown(s.speaker.name), escape_markdown(s.speaker.affiliation),
                    std::string(affiliation_words(s.affiliation_kind)), std::to_string(s.turns),
                    minutes_seconds(s.spoken_ms), percent(s.spoken_ms, f.total_ms)});
  out += markdown_table({"Speaker", "Affiliation", "Kind of affiliation", "Turns", "Spoke", "Share"}, rows) +
         "\n";
  rows.clear();
  for (const KindTime& k : f.kinds) rows.push_back(kind_row(k, f.total_ms));
  return out + markdown_table(kKindHeader, rows) + "\n";
}

std::string meeting_speaking_time(const Fairness& whole) {
  std::string out = "## Speaking time across the meeting\n\n" + minutes_seconds(whole.total_ms) + " in " +
                    std::to_string(whole.turns) + " turns by " + std::to_string(whole.speakers.size()) +
                    " speakers in every room together.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const KindTime& k : whole.kinds) rows.push_back(kind_row(k, whole.total_ms));
  return out + markdown_table(kKindHeader, rows) + "\n";
}

}  // namespace podium::record::minutes_parts
