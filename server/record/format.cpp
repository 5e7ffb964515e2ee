#include "format.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <sstream>

namespace podium::record {
namespace {

using Seconds = date::sys_time<std::chrono::seconds>;

// Floors to the second: the record shows no fractions, and %S would print them.
Seconds instant(core::Millis at) {
  return date::floor<std::chrono::seconds>(
      date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(at)));
}

}  // namespace

LocalTime::LocalTime(std::string_view zone) : zone_(date::locate_zone(zone)) {}

std::string LocalTime::clock(core::Millis at) const {
  return date::format("%H:%M", date::make_zoned(zone_, instant(at)));
}

std::string LocalTime::timestamp(core::Millis at) const {
  return date::format("%Y-%m-%d %H:%M:%S", date::make_zoned(zone_, instant(at)));
}

std::string_view LocalTime::zone() const { return zone_->name(); }

std::string long_date(std::string_view iso_date) {
  std::istringstream in{std::string(iso_date)};
  date::year_month_day day{};
  in >> date::parse("%F", day);
  if (in.fail() || !day.ok() || in.peek() != std::char_traits<char>::eof()) return std::string(iso_date);
  return std::to_string(static_cast<unsigned>(day.day())) + date::format(" %B %Y", day);
}

std::int64_t whole_seconds(core::Millis ms) { return ms <= 0 ? 0 : (ms + 500) / 1000; }

std::string minutes_seconds(core::Millis ms) {
  const std::int64_t s = whole_seconds(ms);
  const std::int64_t rest = s % 60;
  return std::to_string(s / 60) + (rest < 10 ? ":0" : ":") + std::to_string(rest);
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "0%";
  return std::to_string((part * 200 + whole) / (whole * 2)) + "%";
}

}  // namespace podium::record
