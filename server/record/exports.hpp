#pragma once
// The record's files by name, as the facilitator and organizer pages download them and as
// `podium export` writes them: one place that knows which name is which format.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "room_log.hpp"
#include "server/app/meeting.hpp"

namespace podium::record {

struct ExportFile {
  std::string body;
  std::string content_type;
  std::string filename;  // e.g. "podium-group-1-minutes.md"
};

// The names on offer: minutes.md, turns.csv, questions.csv, polls.csv, log.json.
const std::vector<std::string_view>& export_names();

// The file `name` of `logs` (one room, or every room for the whole meeting: `scope` is the room id or
// "meeting", for the file name); nullopt for a name that is not on offer.
std::optional<ExportFile> render_export(const app::Meeting& meeting, const std::vector<RoomLog>& logs,
                                        std::string_view name, std::string_view scope);

}  // namespace podium::record
