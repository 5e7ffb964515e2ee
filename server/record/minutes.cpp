#include "minutes.hpp"

#include <algorithm>

#include "markdown.hpp"
#include "minutes_parts.hpp"
#include "outline.hpp"
#include "words.hpp"

namespace podium::record {
namespace {

using minutes_parts::Context;

std::string document_heading(const Context& ctx) {
  const app::Meeting& m = ctx.meeting;
  std::string out = "# " + escape_markdown(m.title) + "\n\n";
  if (!m.subtitle.empty()) out += escape_markdown(m.subtitle) + "\n\n";
  out += escape_markdown(m.venue) + ", " + long_date(m.date) + ". Times are local (" +
         std::string(ctx.local.zone()) + ").\n\n";
  return out;
}

std::string item_heading(const Context& ctx, const AgendaRun& run) {
  if (run.item_id.empty()) return "### Outside the agenda\n\n";
  const auto& agenda = ctx.meeting.agenda;
  auto it = std::find_if(agenda.begin(), agenda.end(),
                         [&](const app::AgendaItem& i) { return i.id == run.item_id; });
  if (it == agenda.end()) return "### " + escape_markdown(run.item_id) + "\n\n";
  std::string heading = "### " + escape_markdown(it->title);
  if (!it->start.empty() && !it->end.empty()) heading += " (" + it->start + "–" + it->end + ")";
  return heading + "\n\nThe meeting moved to this item at " + ctx.local.clock(run.since_ms) + ".\n\n";
}

std::string planned_minutes(core::Millis ms) {
  return std::to_string((whole_seconds(ms) + 30) / 60) + " min";
}

std::string block_heading(const Context& ctx, const core::RoomState& state, const BlockRun& run) {
  if (run.block_id.empty()) return "#### Outside the room's plan\n\n";
  const core::Block* block = state.find_block(run.block_id);
  std::string out = "#### " + escape_markdown(block ? block->title : run.block_id) + "\n\n";
  out += "Started " + ctx.local.clock(run.started_at_ms);
  if (run.ended_at_ms != 0)
    out += ", ended " + ctx.local.clock(run.ended_at_ms) + " (" +
           minutes_seconds(run.ended_at_ms - run.started_at_ms) + ")";
  else
    out += ", still running when the record ends";
  if (block) out += "; planned " + planned_minutes(block->planned_ms);
  return out + "; allotted " + minutes_seconds(run.allotted_ms) + ".\n\n";
}

std::string turns_table(const Context& ctx, const std::vector<core::TurnRecord>& turns) {
  if (turns.empty()) return "Nobody took the floor.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const core::TurnRecord& t : turns) {
    const SpeakerKey speaker = speaker_key(t.name, t.affiliation);
    rows.push_back({std::to_string(rows.size() + 1), ctx.local.clock(t.started_at_ms),
                    escape_markdown(speaker.name), escape_markdown(t.affiliation),
                    std::string(kind_words(t.kind)), minutes_seconds(t.spoken_ms),
                    t.spoken_ms > t.allotted_ms ? minutes_seconds(t.spoken_ms - t.allotted_ms) : ""});
  }
  return markdown_table({"#", "Time", "Speaker", "Affiliation", "Kind", "Spoke", "Overrun"}, rows) + "\n";
}

std::string proceedings(const Context& ctx, const Outline& outline) {
  if (outline.items.empty()) return "No block was run and nobody took the floor.\n\n";
  std::string out;
  for (const AgendaRun& item : outline.items) {
    out += item_heading(ctx, item);
    for (const BlockRun& block : item.blocks)
      out += block_heading(ctx, outline.final, block) + turns_table(ctx, block.turns);
  }
  return out;
}

std::string room_section(const Context& ctx, const RoomLog& log, const Fairness& fairness) {
  const Outline o = outline(log);
  std::string out = "## " + escape_markdown(minutes_parts::room_title(ctx.meeting, log.room)) + "\n\n";
  if (o.final.closed_at_ms != 0)
    out += "The organizer closed the meeting at " + ctx.local.clock(o.final.closed_at_ms) + ".\n\n";
  out += proceedings(ctx, o);
  out += minutes_parts::questions_section(ctx, o.final);
  out += minutes_parts::polls_section(ctx, o.final);
  out += minutes_parts::conclusions_section(ctx, o.final);
  out += minutes_parts::handoffs_section(ctx, o.final);
  out += minutes_parts::speaking_time_section(fairness);
  return out;
}

}  // namespace

std::string minutes(const app::Meeting& meeting, const std::vector<RoomLog>& logs) {
  const Context ctx{meeting, LocalTime(meeting.time_zone)};
  const std::vector<const RoomLog*> rooms = in_meeting_order(meeting, logs);
  std::vector<Fairness> balance;
  std::vector<core::TurnRecord> every_turn;
  for (const RoomLog* log : rooms) {
    const core::RoomState state = final_state(*log);
    balance.push_back(fairness(state));
    every_turn.insert(every_turn.end(), state.turns.begin(), state.turns.end());
  }
  if (rooms.size() > 1) mark_first_timers(balance);
  std::string out = document_heading(ctx);
  for (std::size_t i = 0; i < rooms.size(); ++i) out += room_section(ctx, *rooms[i], balance[i]);
  if (rooms.size() > 1) out += minutes_parts::meeting_speaking_time(fairness("", every_turn));
  // One newline at the end, whatever the last section wrote.
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace podium::record
