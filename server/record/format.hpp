#pragma once
// Text forms of times and numbers for the meeting's record: the one place that turns an instant into a
// wall-clock reading (in the meeting's time zone, from the OS tz database) and a duration into m:ss.
// Nothing here reads the clock or the locale, so the same log always gives the same bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/core/state.hpp"

namespace date {
class time_zone;
}

namespace podium::record {

// Wall-clock readings in one IANA time zone ("Europe/Zurich"). Throws std::runtime_error for a zone the
// OS tz database does not know.
class LocalTime {
 public:
  explicit LocalTime(std::string_view zone);

  std::string clock(core::Millis at) const;      // "10:45"
  std::string timestamp(core::Millis at) const;  // "2019-06-17 10:45:03"
  std::string_view zone() const;

 private:
  const date::time_zone* zone_;
};

// "17 June 2019" for "2019-06-17"; anything that is not such a date comes back unchanged.
std::string long_date(std::string_view iso_date);

// A duration in whole seconds, rounded to the nearest one (halves up); negative durations count as 0.
std::int64_t whole_seconds(core::Millis ms);
// "m:ss" ("12:05", "0:42", "75:00"), of whole_seconds.
std::string minutes_seconds(core::Millis ms);
// "33%": part of whole, rounded to the nearest percent; "0%" when whole is 0.
std::string percent(std::int64_t part, std::int64_t whole);

}  // namespace podium::record
