#pragma once
// The shape of a room's day, read off its log: agenda items, the blocks run under each, the turns in
// each block. The minutes and the CSV files both walk this, so they agree on where a turn belongs.
#include <string>
#include <vector>

#include "room_log.hpp"

namespace podium::record {

// A block as it ran; `block_id` "" gathers turns given while no block was running.
struct BlockRun {
  std::string block_id;
  core::Millis started_at_ms = 0;
  core::Millis ended_at_ms = 0;  // 0: still running when the log ends
  core::Millis allotted_ms = 0;
  std::vector<core::TurnRecord> turns;
};

// An agenda item and what the room did under it; `item_id` "" is before the first move (or after a
// move to no item).
struct AgendaRun {
  std::string item_id;
  core::Millis since_ms = 0;
  std::vector<BlockRun> blocks;
};

struct Outline {
  std::vector<AgendaRun> items;  // those with nothing in them left out
  core::RoomState final;         // the room after its last event
};

// A block belongs to the item current when it started; a turn to the block running when it started.
Outline outline(const RoomLog& log);

// Whether a question's words may appear in the record: only what the room was shown (approved or
// answered), or a duplicate of such a question merged into another. Rejected, withdrawn and pending
// questions never are.
bool publishable(const core::Question& question);

}  // namespace podium::record
