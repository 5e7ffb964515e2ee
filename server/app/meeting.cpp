#include "meeting.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

namespace podium::app {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdLength = 32;
constexpr std::int64_t kMaxMinutes = std::int64_t{24} * 60;
constexpr std::int64_t kMaxPresenters = 20;
constexpr std::int64_t kMaxSpeakingSeconds = std::int64_t{60} * 60;

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string element(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// JSON-quoted, so a stray space or control character in the file shows up in the message.
std::string in_quotes(const std::string& text) { return json(text).dump(); }

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      return "the string " + in_quotes(text.size() > 40 ? text.substr(0, 40) + "..." : text);
    }
    default:  // numbers, booleans and null read best as themselves
      return value.dump();
  }
}

bool is_id(std::string_view text) {
  return !text.empty() && text.size() <= kMaxIdLength && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int two_digits(std::string_view text, std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

}  // namespace

// "9:00" and "12h45" are refused on purpose so that times compare and sort as the file shows them.
std::optional<int> minute_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':' || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[3]) ||
      !is_digit(text[4])) {
    return std::nullopt;
  }
  const int hours = two_digits(text, 0);
  const int minutes = two_digits(text, 3);
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

namespace {

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (const std::size_t at : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (!is_digit(text[at])) return false;
  }
  const int year = two_digits(text, 0) * 100 + two_digits(text, 2);
  const auto month = static_cast<unsigned>(two_digits(text, 5));
  const auto day = static_cast<unsigned>(two_digits(text, 8));
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}}
      .ok();
}

// The tz database is not consulted (the library may lack one); this only catches what cannot be a name.
bool looks_like_time_zone(std::string_view text) {
  if (text.empty() || text.front() == '/' || text.back() == '/' ||
      text.find("//") != std::string_view::npos) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '/' || c == '_' ||
           c == '-' || c == '+';
  });
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

enum class Need { required, optional };

// Reads one meeting document; every problem becomes a MeetingError naming source, field path and problem.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw MeetingError(source_ + ": " + (path.empty() ? std::string("top level") : path) + ": " + problem);
  }

  // Unknown fields are refused: a misspelt optional field would otherwise be ignored without a word.
  void expect_object(const json& value, const std::string& path,
                     std::initializer_list<std::string_view> known_fields) const {
    if (!value.is_object()) fail(path, "expected an object, got " + describe(value));
    for (const auto& [key, unused] : value.items()) {
      if (std::find(known_fields.begin(), known_fields.end(), key) == known_fields.end()) {
        fail(child(path, key), "unknown field");
      }
    }
  }

  // nullptr when an optional field is absent.
  const json* field(const json& object, const std::string& path, std::string_view key, Need need) const {
    const auto found = object.find(key);
    if (found == object.end()) {
      if (need == Need::required) fail(child(path, key), "missing required field");
      return nullptr;
    }
    return &*found;
  }

  std::string string(const json& object, const std::string& path, std::string_view key, Need need) const {
    const json* value = field(object, path, key, need);
    if (value == nullptr) return {};
    return string_value(*value, child(path, key), need);
  }

  std::string string_value(const json& value, const std::string& path, Need need) const {
    if (!value.is_string()) fail(path, "expected a string, got " + describe(value));
    const auto& text = value.get_ref<const std::string&>();
    if (need == Need::required && is_blank(text)) fail(path, "must not be empty");
    return text;
  }

  std::string id(const json& object, const std::string& path, std::string_view key) const {
    std::string text = string(object, path, key, Need::required);
    if (!is_id(text)) {
      fail(child(path, key), "expected an id of 1 to " + std::to_string(kMaxIdLength) +
                                 " characters from a-z, 0-9 and '-', got " + in_quotes(text));
    }
    return text;
  }

  std::string one_of(const json& object, const std::string& path, std::string_view key,
                     std::initializer_list<std::string_view> allowed) const {
    std::string text = string(object, path, key, Need::required);
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      std::string list;
      for (const auto choice : allowed) list += (list.empty() ? "" : ", ") + in_quotes(std::string(choice));
      fail(child(path, key), "expected one of " + list + ", got " + in_quotes(text));
    }
    return text;
  }

  std::int64_t integer(const json& object, const std::string& path, std::string_view key, Need need,
                       std::int64_t fallback, std::int64_t min, std::int64_t max) const {
    const json* value = field(object, path, key, need);
    if (value == nullptr) return fallback;
    const std::string where = child(path, key);
    const std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value->is_number_integer()) fail(where, "expected " + range + ", got " + describe(*value));
    // An unsigned too large for int64 must not wrap into range.
    const bool in_range = value->is_number_unsigned()
                              ? value->get<std::uint64_t>() <= static_cast<std::uint64_t>(max) &&
                                    static_cast<std::int64_t>(value->get<std::uint64_t>()) >= min
                              : value->get<std::int64_t>() >= min && value->get<std::int64_t>() <= max;
    if (!in_range) fail(where, "expected " + range + ", got " + value->dump());
    return value->get<std::int64_t>();
  }

  // nullptr when an optional array is absent.
  const json* array(const json& object, const std::string& path, std::string_view key, Need need) const {
    const json* value = field(object, path, key, need);
    if (value != nullptr && !value->is_array()) {
      fail(child(path, key), "expected an array, got " + describe(*value));
    }
    return value;
  }

  std::vector<std::string> strings(const json& object, const std::string& path, std::string_view key) const {
    std::vector<std::string> result;
    if (const json* items = array(object, path, key, Need::optional)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        result.push_back(string_value((*items)[i], element(child(path, key), i), Need::required));
      }
    }
    return result;
  }

  // Ids in a list that point at other things: each must exist and appear once.
  std::vector<std::string> references(const json& object, const std::string& path, std::string_view key,
                                      const std::set<std::string>& existing, const std::string& what) const {
    std::vector<std::string> ids = strings(object, path, key);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::string where = element(child(path, key), i);
      if (existing.count(ids[i]) == 0) fail(where, "unknown " + what + " " + in_quotes(ids[i]));
      if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
          ids.begin() + static_cast<std::ptrdiff_t>(i)) {
        fail(where, what + " " + in_quotes(ids[i]) + " is listed twice");
      }
    }
    return ids;
  }

  // Remembers ids seen under one list so a repeat names both places.
  void unique(std::map<std::string, std::string>& seen, const std::string& id, const std::string& path,
              const std::string& what) const {
    const auto [at, inserted] = seen.emplace(id, path);
    if (!inserted)
      fail(child(path, "id"), "duplicate " + what + " id " + in_quotes(id) + " (also " + at->second + ")");
  }

  std::int64_t speaking_seconds(const json& object, const std::string& path, std::int64_t fallback) const {
    return integer(object, path, "speaking_seconds", Need::optional, fallback, 1, kMaxSpeakingSeconds);
  }

  std::int64_t warning_seconds(const json& object, const std::string& path, std::int64_t fallback,
                               std::int64_t speaking) const {
    const std::int64_t warning =
        integer(object, path, "warning_seconds", Need::optional, fallback, 0, kMaxSpeakingSeconds - 1);
    if (warning >= speaking) {
      fail(child(path, "warning_seconds"), "must be less than speaking_seconds (" + std::to_string(speaking) +
                                               "), got " + std::to_string(warning));
    }
    return warning;
  }

 private:
  std::string source_;
};

Presenter parse_presenter(const Reader& r, const json& j, const std::string& path) {
  r.expect_object(j, path, {"name", "affiliation", "affiliation_kind"});
  Presenter p{r.string(j, path, "name", Need::required), r.string(j, path, "affiliation", Need::optional),
              ""};
  if (j.contains("affiliation_kind"))
    p.affiliation_kind =
        r.one_of(j, path, "affiliation_kind", {"local_government", "un", "civil_society", "other"});
  return p;
}

Block parse_block(const Reader& r, const json& j, const std::string& path, const RoomConfig& room) {
  r.expect_object(j, path,
                  {"id", "kind", "title", "minutes", "min_presenters", "max_presenters", "presenters",
                   "facilitated_by", "speaking_seconds", "warning_seconds"});
  Block block;
  block.id = r.id(j, path, "id");
  block.kind = r.one_of(j, path, "kind", {"presentations", "discussion", "session"});
  block.title = r.string(j, path, "title", Need::required);
  block.minutes = r.integer(j, path, "minutes", Need::required, 0, 1, kMaxMinutes);
  block.min_presenters =
      static_cast<int>(r.integer(j, path, "min_presenters", Need::optional, 0, 0, kMaxPresenters));
  block.max_presenters = static_cast<int>(
      r.integer(j, path, "max_presenters", Need::optional, block.min_presenters, 0, kMaxPresenters));
  if (block.max_presenters < block.min_presenters) {
    r.fail(child(path, "max_presenters"), "must be at least min_presenters (" +
                                              std::to_string(block.min_presenters) + "), got " +
                                              std::to_string(block.max_presenters));
  }
  if (const json* presenters = r.array(j, path, "presenters", Need::optional)) {
    for (std::size_t i = 0; i < presenters->size(); ++i) {
      block.presenters.push_back(parse_presenter(r, (*presenters)[i], element(child(path, "presenters"), i)));
    }
    // A block that sets no maximum may still name its speakers (a keynote, say).
    const auto limit =
        static_cast<std::size_t>(block.max_presenters > 0 ? block.max_presenters : kMaxPresenters);
    if (block.presenters.size() > limit) {
      r.fail(child(path, "presenters"), "names " + std::to_string(block.presenters.size()) +
                                            " presenters, more than the " + std::to_string(limit) +
                                            " allowed");
    }
  }
  block.facilitated_by = r.string(j, path, "facilitated_by", Need::optional);
  block.speaking_seconds = r.speaking_seconds(j, path, room.speaking_seconds);
  block.warning_seconds = r.warning_seconds(j, path, room.warning_seconds, block.speaking_seconds);
  return block;
}

RoomConfig parse_room(const Reader& r, const json& j, const std::string& path,
                      const std::set<std::string>& question_ids) {
  r.expect_object(
      j, path,
      {"id", "kind", "title", "theme", "speaking_seconds", "warning_seconds", "blocks", "guiding_questions"});
  RoomConfig room;
  room.id = r.id(j, path, "id");
  room.kind = r.one_of(j, path, "kind", {"plenary", "group"});
  room.title = r.string(j, path, "title", Need::required);
  room.theme = r.string(j, path, "theme", Need::optional);
  room.speaking_seconds = r.speaking_seconds(j, path, room.speaking_seconds);
  room.warning_seconds = r.warning_seconds(j, path, room.warning_seconds, room.speaking_seconds);
  if (const json* blocks = r.array(j, path, "blocks", Need::optional)) {
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < blocks->size(); ++i) {
      const std::string at = element(child(path, "blocks"), i);
      room.blocks.push_back(parse_block(r, (*blocks)[i], at, room));
      r.unique(seen, room.blocks.back().id, at, "block");
    }
  }
  room.guiding_questions = r.references(j, path, "guiding_questions", question_ids, "guiding question");
  return room;
}

AgendaItem parse_agenda_item(const Reader& r, const json& j, const std::string& path,
                             const std::set<std::string>& room_ids) {
  r.expect_object(j, path, {"id", "start", "end", "kind", "title", "details", "rooms"});
  AgendaItem item;
  item.id = r.id(j, path, "id");
  item.start = r.string(j, path, "start", Need::required);
  item.end = r.string(j, path, "end", Need::required);
  const auto start = minute_of_day(item.start);
  if (!start)
    r.fail(child(path, "start"), "expected a time as HH:MM (24-hour clock), got " + in_quotes(item.start));
  const auto end = minute_of_day(item.end);
  if (!end)
    r.fail(child(path, "end"), "expected a time as HH:MM (24-hour clock), got " + in_quotes(item.end));
  if (*end <= *start) r.fail(child(path, "end"), "must be after start (" + item.start + "), got " + item.end);
  item.kind = r.one_of(j, path, "kind", {"registration", "session", "break", "parallel"});
  item.title = r.string(j, path, "title", Need::required);
  item.details = r.string(j, path, "details", Need::optional);
  item.rooms = r.references(j, path, "rooms", room_ids, "room");
  return item;
}

GuidingQuestion parse_guiding_question(const Reader& r, const json& j, const std::string& path) {
  r.expect_object(j, path, {"id", "theme", "text"});
  return GuidingQuestion{r.id(j, path, "id"), r.string(j, path, "theme", Need::optional),
                         r.string(j, path, "text", Need::required)};
}

json presenter_to_json(const Presenter& presenter) {
  json j = json::object();
  j["name"] = presenter.name;
  j["affiliation"] = presenter.affiliation;
  if (!presenter.affiliation_kind.empty()) j["affiliation_kind"] = presenter.affiliation_kind;
  return j;
}

json block_to_json(const Block& block) {
  json j = json::object();
  j["id"] = block.id;
  j["kind"] = block.kind;
  j["title"] = block.title;
  j["minutes"] = block.minutes;
  j["min_presenters"] = block.min_presenters;
  j["max_presenters"] = block.max_presenters;
  j["presenters"] = json::array();
  for (const auto& presenter : block.presenters) j["presenters"].push_back(presenter_to_json(presenter));
  j["facilitated_by"] = block.facilitated_by;
  j["speaking_seconds"] = block.speaking_seconds;
  j["warning_seconds"] = block.warning_seconds;
  return j;
}

json room_to_json(const RoomConfig& room) {
  json j = json::object();
  j["id"] = room.id;
  j["kind"] = room.kind;
  j["title"] = room.title;
  j["theme"] = room.theme;
  j["speaking_seconds"] = room.speaking_seconds;
  j["warning_seconds"] = room.warning_seconds;
  j["blocks"] = json::array();
  for (const auto& block : room.blocks) j["blocks"].push_back(block_to_json(block));
  j["guiding_questions"] = room.guiding_questions;
  return j;
}

json agenda_item_to_json(const AgendaItem& item) {
  json j = json::object();
  j["id"] = item.id;
  j["start"] = item.start;
  j["end"] = item.end;
  j["kind"] = item.kind;
  j["title"] = item.title;
  j["details"] = item.details;
  j["rooms"] = item.rooms;
  return j;
}

json guiding_question_to_json(const GuidingQuestion& question) {
  json j = json::object();
  j["id"] = question.id;
  j["theme"] = question.theme;
  j["text"] = question.text;
  return j;
}

// nlohmann keeps the last of two equal keys without a word; in a hand-edited file that hides a mistake.
// Tracks where the parser is so the message can name the repeated field's path.
class DuplicateKeyGuard {
 public:
  explicit DuplicateKeyGuard(const Reader& reader) : reader_(reader) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        enter_element();
        frames_.push_back(Frame{event == json::parse_event_t::array_start, 0, {}, {}});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        Frame& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second) reader_.fail(path(), "duplicate key");
        break;
      }
      case json::parse_event_t::value:
        enter_element();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_array;
    std::size_t elements;  // for arrays: how many have started, so the current one is elements - 1
    std::string key;       // for objects: the key being read
    std::set<std::string> keys;
  };

  void enter_element() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().elements;
  }

  std::string path() const {
    std::string result;
    for (const auto& frame : frames_)
      result = frame.is_array ? element(result, frame.elements - 1) : child(result, frame.key);
    return result;
  }

  const Reader& reader_;
  std::vector<Frame> frames_;
};

}  // namespace

const RoomConfig* Meeting::room(const std::string& room_id) const {
  const auto found =
      std::find_if(rooms.begin(), rooms.end(), [&](const RoomConfig& r) { return r.id == room_id; });
  return found == rooms.end() ? nullptr : &*found;
}

Meeting parse_meeting(const json& j, const std::string& source_label) {
  const Reader r(source_label);
  const std::string top;
  r.expect_object(j, top,
                  {"id", "title", "subtitle", "date", "venue", "time_zone", "organizers", "description",
                   "objectives", "agenda", "rooms", "guiding_questions"});
  Meeting meeting;
  meeting.id = r.id(j, top, "id");
  meeting.title = r.string(j, top, "title", Need::required);
  meeting.subtitle = r.string(j, top, "subtitle", Need::optional);
  meeting.date = r.string(j, top, "date", Need::required);
  if (!is_date(meeting.date))
    r.fail("date", "expected a calendar date as YYYY-MM-DD, got " + in_quotes(meeting.date));
  meeting.venue = r.string(j, top, "venue", Need::optional);
  meeting.time_zone = r.string(j, top, "time_zone", Need::required);
  if (!looks_like_time_zone(meeting.time_zone)) {
    r.fail("time_zone",
           "expected an IANA time zone name such as \"Europe/Zurich\", got " + in_quotes(meeting.time_zone));
  }
  meeting.organizers = r.strings(j, top, "organizers");
  meeting.description = r.string(j, top, "description", Need::optional);
  meeting.objectives = r.strings(j, top, "objectives");

  // Questions, then rooms, then the agenda: each refers only to what was read before it.
  std::set<std::string> question_ids;
  if (const json* questions = r.array(j, top, "guiding_questions", Need::optional)) {
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < questions->size(); ++i) {
      const std::string at = element("guiding_questions", i);
      meeting.guiding_questions.push_back(parse_guiding_question(r, (*questions)[i], at));
      r.unique(seen, meeting.guiding_questions.back().id, at, "guiding question");
      question_ids.insert(meeting.guiding_questions.back().id);
    }
  }

  const json& rooms = *r.array(j, top, "rooms", Need::required);
  if (rooms.empty()) r.fail("rooms", "must list at least one room");
  std::set<std::string> room_ids;
  std::map<std::string, std::string> seen_rooms;
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const std::string at = element("rooms", i);
    meeting.rooms.push_back(parse_room(r, rooms[i], at, question_ids));
    r.unique(seen_rooms, meeting.rooms.back().id, at, "room");
    room_ids.insert(meeting.rooms.back().id);
  }

  if (const json* agenda = r.array(j, top, "agenda", Need::optional)) {
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < agenda->size(); ++i) {
      const std::string at = element("agenda", i);
      meeting.agenda.push_back(parse_agenda_item(r, (*agenda)[i], at, room_ids));
      r.unique(seen, meeting.agenda.back().id, at, "agenda item");
      // The organizer walks the agenda in file order, so the file must be in time order.
      if (i > 0 && meeting.agenda[i].start < meeting.agenda[i - 1].start) {
        r.fail(child(at, "start"), "starts before the previous item (" + meeting.agenda[i - 1].start +
                                       "); list the agenda in time order");
      }
    }
  }
  return meeting;
}

Meeting load_meeting(const std::filesystem::path& file) {
  const std::string label = file.generic_string();
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    throw MeetingError(label + ": cannot open the meeting file: no such file");
  }
  if (error) throw MeetingError(label + ": cannot open the meeting file: " + error.message());
  if (std::filesystem::is_directory(status)) {
    throw MeetingError(label + ": cannot open the meeting file: it is a directory");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw MeetingError(label + ": cannot open the meeting file");

  const Reader reader(label);
  json document;
  try {
    document = json::parse(in, DuplicateKeyGuard(reader));
  } catch (const json::parse_error& e) {
    // nlohmann prefixes "[json.exception.parse_error.101] "; the position that follows is what helps.
    std::string_view what = e.what();
    if (const auto bracket = what.find("] "); what.starts_with("[json.exception.") && bracket != what.npos) {
      what.remove_prefix(bracket + 2);
    }
    throw MeetingError(label + ": not valid JSON: " + std::string(what));
  }
  return parse_meeting(document, label);
}

json meeting_to_json(const Meeting& meeting) {
  json j = json::object();
  j["id"] = meeting.id;
  j["title"] = meeting.title;
  j["subtitle"] = meeting.subtitle;
  j["date"] = meeting.date;
  j["venue"] = meeting.venue;
  j["time_zone"] = meeting.time_zone;
  j["organizers"] = meeting.organizers;
  j["description"] = meeting.description;
  j["objectives"] = meeting.objectives;
  j["agenda"] = json::array();
  for (const auto& item : meeting.agenda) j["agenda"].push_back(agenda_item_to_json(item));
  j["rooms"] = json::array();
  for (const auto& room : meeting.rooms) j["rooms"].push_back(room_to_json(room));
  j["guiding_questions"] = json::array();
  for (const auto& question : meeting.guiding_questions) {
    j["guiding_questions"].push_back(guiding_question_to_json(question));
  }
  return j;
}

}  // namespace podium::app
