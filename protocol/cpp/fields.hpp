#pragma once
// Typed, path-aware reads from a JSON object: every failure names the field and the problem.
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "codec.hpp"

namespace podium::protocol::detail {

class Fields {
 public:
  Fields(const Json& j, std::string path);

  bool has(const char* name) const { return get(name) != nullptr; }
  std::string str(const char* name) const;
  std::string opt_str(const char* name) const;  // missing or null -> ""
  std::int64_t int64(const char* name) const;
  std::optional<std::int64_t> opt_int64(const char* name) const;
  std::uint64_t uint64(const char* name) const;
  double number(const char* name) const;
  bool boolean(const char* name) const;
  const Json& object(const char* name) const;
  const Json* opt_object(const char* name) const;  // missing or null -> nullptr
  const Json& array(const char* name) const;
  std::string path(const char* name) const;

  template <class E, std::size_t N>
  E enumeration(const char* name, const std::array<std::pair<E, const char*>, N>& names) const {
    const std::string s = str(name);
    for (const auto& [value, text] : names)
      if (s == text) return value;
    fail(name, "unknown value \"" + s + "\"");
  }

  [[noreturn]] void fail(const char* name, const std::string& problem) const;

 private:
  const Json* get(const char* name) const;
  const Json& j_;
  std::string path_;
};

template <class E, std::size_t N>
const char* name_of(E value, const std::array<std::pair<E, const char*>, N>& names) {
  for (const auto& [v, text] : names)
    if (v == value) return text;
  return "";
}

}  // namespace podium::protocol::detail
