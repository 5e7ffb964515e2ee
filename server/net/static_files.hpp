#pragma once
// Maps a request path to a file under one of the served roots, refusing anything that would leave it:
// "..", encoded separators, absolute paths, and symlinks pointing outside the root.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace podium::net {

struct Mount {
  std::string prefix;  // URL prefix, e.g. "/" or "/protocol/"
  std::filesystem::path root;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::vector<Mount> mounts);
  // The file to serve for a URL path (query already stripped), or nullopt for 404.
  std::optional<std::filesystem::path> resolve(std::string_view url_path) const;

 private:
  std::vector<Mount> mounts_;  // longest prefix first
};

std::string_view mime_type(const std::filesystem::path& file);
// Percent-decodes a URL path; nullopt if malformed or if it decodes to a NUL or a backslash.
std::optional<std::string> decode_path(std::string_view path);

}  // namespace podium::net
