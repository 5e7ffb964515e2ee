#pragma once
// Typed, path-aware reads from a JSON object: every failure names the field and the problem.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "codec.hpp"
#include "text.hpp"

namespace podium::protocol::detail {

template <class E, std::size_t N>
const char* name_of(E value, const std::array<std::pair<E, const char*>, N>& names) {
  for (const auto& [v, text] : names)
    if (v == value) return text;
  return "";
}

// The value a wire name stands for, if any.
template <class E, std::size_t N>
std::optional<E> value_of(std::string_view text, const std::array<std::pair<E, const char*>, N>& names) {
  for (const auto& [v, name] : names)
    if (text == name) return v;
  return std::nullopt;
}

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
    if (auto value = value_of(s, names)) return *value;
    fail(name, "unknown value " + quote_input(s));
  }

  [[noreturn]] void fail(const char* name, const std::string& problem) const;

 private:
  const Json* get(const char* name) const;
  const Json& j_;
  std::string path_;
};

}  // namespace podium::protocol::detail
