#include "exports.hpp"

#include "csv.hpp"
#include "json_log.hpp"
#include "minutes.hpp"

namespace podium::record {

const std::vector<std::string_view>& export_names() {
  static const std::vector<std::string_view> names{"minutes.md", "turns.csv", "questions.csv", "polls.csv",
                                                   "log.json"};
  return names;
}

std::optional<ExportFile> render_export(const app::Meeting& meeting, const std::vector<RoomLog>& logs,
                                        std::string_view name, std::string_view scope) {
  ExportFile file;
  file.filename = "podium-" + std::string(scope) + "-" + std::string(name);
  if (name == "minutes.md") {
    file.body = minutes(meeting, logs);
    file.content_type = "text/markdown; charset=utf-8";
  } else if (name == "turns.csv" || name == "questions.csv" || name == "polls.csv") {
    file.body = name == "turns.csv"       ? csv_turns(meeting, logs)
                : name == "questions.csv" ? csv_questions(meeting, logs)
                                          : csv_polls(meeting, logs);
    file.content_type = "text/csv; charset=utf-8; header=present";
  } else if (name == "log.json") {
    file.body = json_log(logs);
    file.content_type = "application/json";
  } else {
    return std::nullopt;
  }
  return file;
}

}  // namespace podium::record
