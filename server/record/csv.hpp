#pragma once
// The record as spreadsheets (RFC 4180): UTF-8 with a byte order mark, CRLF line ends, a header row,
// fields quoted when they hold a quote, a comma, CR or LF. Text from people is guarded against formula
// injection: a cell starting with = + - @ TAB or CR gets a leading apostrophe. Numbers the record
// computes are written as numbers (never negative).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "room_log.hpp"
#include "server/app/meeting.hpp"

namespace podium::record {

// One field, as text: guarded, then quoted when needed.
std::string csv_text(std::string_view text);

// A CSV file being written; every row must have as many fields as the header.
class CsvWriter {
 public:
  explicit CsvWriter(const std::vector<std::string_view>& header);

  CsvWriter& text(std::string_view value);
  CsvWriter& number(std::int64_t value);
  void end_row();
  std::string str() const { return out_; }

 private:
  void field(const std::string& value);
  std::string out_;
  bool row_started_ = false;
};

// Rooms come in the meeting file's order (see in_meeting_order).
// room, agenda_item, block, started_local, started_at_ms, speaker, affiliation, affiliation_kind, kind,
// allotted_s, spoken_s, overrun_s, paused_s, slot_id — one row per finished turn.
std::string csv_turns(const app::Meeting& meeting, const std::vector<RoomLog>& logs);
// room, id, status, guiding_question, votes, asked_local, name, text — every question; name and text
// only where publishable() allows (never for rejected, withdrawn or pending ones).
std::string csv_questions(const app::Meeting& meeting, const std::vector<RoomLog>& logs);
// room, poll_id, question, kind, status, option, count, voters — one row per option of every poll that
// was opened.
std::string csv_polls(const app::Meeting& meeting, const std::vector<RoomLog>& logs);

}  // namespace podium::record
