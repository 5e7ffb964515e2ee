#include "fields.hpp"

#include <limits>

namespace podium::protocol::detail {

Fields::Fields(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object())
    throw CodecError((path_.empty() ? std::string("message") : path_) + ": expected an object");
}

std::string Fields::path(const char* name) const { return path_.empty() ? name : path_ + "." + name; }

void Fields::fail(const char* name, const std::string& problem) const {
  throw CodecError("field \"" + path(name) + "\": " + problem);
}

const Json* Fields::get(const char* name) const {
  auto it = j_.find(name);
  return it == j_.end() ? nullptr : &*it;
}

std::string Fields::str(const char* name) const {
  const Json* v = get(name);
  if (!v) fail(name, "is missing");
  if (!v->is_string()) fail(name, "expected a string");
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > kMaxStringBytes) fail(name, "is too long");
  return s;
}

std::string Fields::opt_str(const char* name) const {
  const Json* v = get(name);
  return v == nullptr || v->is_null() ? std::string() : str(name);
}

std::int64_t Fields::int64(const char* name) const {
  const Json* v = get(name);
  if (!v) fail(name, "is missing");
  if (v->is_number_unsigned()) {
    if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      fail(name, "is out of range");
    return static_cast<std::int64_t>(v->get<std::uint64_t>());
  }
  if (!v->is_number_integer()) fail(name, "expected an integer");
  return v->get<std::int64_t>();
}

std::optional<std::int64_t> Fields::opt_int64(const char* name) const {
  const Json* v = get(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  return int64(name);
}

std::uint64_t Fields::uint64(const char* name) const {
  const std::int64_t v = int64(name);
  if (v < 0) fail(name, "must not be negative");
  return static_cast<std::uint64_t>(v);
}

double Fields::number(const char* name) const {
  const Json* v = get(name);
  if (!v) fail(name, "is missing");
  if (!v->is_number()) fail(name, "expected a number");
  return v->get<double>();
}

bool Fields::boolean(const char* name) const {
  const Json* v = get(name);
  if (!v) fail(name, "is missing");
  if (!v->is_boolean()) fail(name, "expected true or false");
  return v->get<bool>();
}

const Json& Fields::object(const char* name) const {
  const Json* v = get(name);
  if (!v) fail(name, "is missing");
  if (!v->is_object()) fail(name, "expected an object");
  return *v;
}

const Json* Fields::opt_object(const char* name) const {
  const Json* v = get(name);
  if (v == nullptr || v->is_null()) return nullptr;
  return &object(name);
}

const Json& Fields::array(const char* name) const {
  const Json* v = get(name);
  if (!v) fail(name, "is missing");
  if (!v->is_array()) fail(name, "expected an array");
  return *v;
}

}  // namespace podium::protocol::detail
