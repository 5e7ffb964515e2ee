#pragma once
// The minutes of a room, or of the whole meeting, in Markdown that also reads as plain text: the
// meeting's title, venue and date; then room by room, in the meeting file's order, what happened under
// each agenda item (blocks and every turn), the questions published (by guiding question; the others
// only counted), the polls opened, the conclusions, the handoffs and the speaking time. Times are local
// to the meeting's time zone. Text people typed is escaped (escape_markdown); no raw HTML is written.
// The same logs always give the same bytes.
#include <string>
#include <vector>

#include "room_log.hpp"
#include "server/app/meeting.hpp"

namespace podium::record {

std::string minutes(const app::Meeting& meeting, const std::vector<RoomLog>& logs);

}  // namespace podium::record
