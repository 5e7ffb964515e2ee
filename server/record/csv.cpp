#include "csv.hpp"

#include <map>

#include "format.hpp"
#include "outline.hpp"
#include "words.hpp"

namespace podium::record {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kFormulaStarts = "=+-@\t\r";
constexpr std::string_view kNeedsQuotes = "\",\r\n";

}  // namespace

std::string csv_text(std::string_view text) {
  std::string cell;
  if (!text.empty() && kFormulaStarts.find(text.front()) != std::string_view::npos) cell += '\'';
  cell += text;
  if (cell.find_first_of(kNeedsQuotes) == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

CsvWriter::CsvWriter(const std::vector<std::string_view>& header) : out_(kByteOrderMark) {
  for (std::string_view name : header) text(name);
  end_row();
}

CsvWriter& CsvWriter::text(std::string_view value) {
  field(csv_text(value));
  return *this;
}

CsvWriter& CsvWriter::number(std::int64_t value) {
  field(std::to_string(value));
  return *this;
}

void CsvWriter::field(const std::string& value) {
  if (row_started_) out_ += ',';
  out_ += value;
  row_started_ = true;
}

void CsvWriter::end_row() {
  out_ += "\r\n";
  row_started_ = false;
}

std::string csv_turns(const app::Meeting& meeting, const std::vector<RoomLog>& logs) {
  const LocalTime local(meeting.time_zone);
  CsvWriter csv({"room", "agenda_item", "block", "started_local", "started_at_ms", "speaker", "affiliation",
                 "affiliation_kind", "kind", "allotted_s", "spoken_s", "overrun_s", "paused_s", "slot_id"});
  for (const RoomLog* log : in_meeting_order(meeting, logs))
    for (const AgendaRun& item : outline(*log).items)
      for (const BlockRun& block : item.blocks)
        for (const core::TurnRecord& t : block.turns) {
          csv.text(log->room).text(item.item_id).text(block.block_id);
          csv.text(local.timestamp(t.started_at_ms)).number(t.started_at_ms);
          csv.text(t.name).text(t.affiliation);
          csv.text(affiliation_code(t.affiliation_kind)).text(kind_code(t.kind));
          csv.number(whole_seconds(t.allotted_ms)).number(whole_seconds(t.spoken_ms));
          csv.number(whole_seconds(t.spoken_ms - t.allotted_ms)).number(whole_seconds(t.paused_ms));
          csv.text(t.slot_id).end_row();
        }
  return csv.str();
}

std::string csv_questions(const app::Meeting& meeting, const std::vector<RoomLog>& logs) {
  const LocalTime local(meeting.time_zone);
  CsvWriter csv({"room", "id", "status", "guiding_question", "votes", "asked_local", "name", "text"});
  for (const RoomLog* log : in_meeting_order(meeting, logs)) {
    const core::RoomState state = final_state(*log);
    const std::map<std::string, int> votes = state.vote_counts();
    for (const core::Question& q : state.questions) {
      const bool shown = publishable(q);
      csv.text(log->room).text(q.id).text(question_status_code(q.status)).text(q.guiding_question);
      csv.number(votes.at(q.id)).text(local.timestamp(q.asked_at_ms));
      csv.text(shown ? q.name : "").text(shown ? q.text : "").end_row();
    }
  }
  return csv.str();
}

std::string csv_polls(const app::Meeting& meeting, const std::vector<RoomLog>& logs) {
  CsvWriter csv({"room", "poll_id", "question", "kind", "status", "option", "count", "voters"});
  for (const RoomLog* log : in_meeting_order(meeting, logs)) {
    const core::RoomState state = final_state(*log);
    for (const core::Poll& p : state.polls) {
      if (p.opened_at_ms == 0) continue;
      const core::PollResults results = state.poll_results(p.id);
      for (std::size_t i = 0; i < p.options.size(); ++i) {
        csv.text(log->room)
            .text(p.id)
            .text(p.question)
            .text(poll_kind_code(p.kind))
            .text(poll_status_code(p.status));
        csv.text(p.options[i]).number(results.counts.at(i)).number(results.voters).end_row();
      }
    }
  }
  return csv.str();
}

}  // namespace podium::record
