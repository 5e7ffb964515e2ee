#pragma once
// Maps a request path to a file under one of the served roots, refusing anything that would leave it:
// "..", encoded separators, absolute paths, and symlinks pointing outside the root.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace podium::net {

struct Mount {
  std::string prefix;  // URL prefix, e.g. "/" or "/protocol/"
  std::filesystem::path root;
};

// A file as it goes out: read once, gzipped once, named by an ETag, re-read when it changes on disk.
// Phones on a venue's Wi-Fi then fetch a page in a third of the bytes, and revalidate it in none.
struct Asset {
  std::string body;
  std::string gzip;  // empty when compressing does not pay
  std::string etag;  // strong, quoted
  std::filesystem::file_time_type modified;
  std::uintmax_t size = 0;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::vector<Mount> mounts);
  // The file to serve for a URL path (query already stripped), or nullopt for 404.
  std::optional<std::filesystem::path> resolve(std::string_view url_path) const;
  // The file's content, cached; nullptr if it cannot be read or is too large to cache (serve it from disk).
  std::shared_ptr<const Asset> load(const std::filesystem::path& file);

 private:
  std::vector<Mount> mounts_;  // longest prefix first
  struct Cache {
    std::mutex mutex;
    std::map<std::filesystem::path, std::shared_ptr<const Asset>> assets;
  };
  std::unique_ptr<Cache> cache_ = std::make_unique<Cache>();  // behind a pointer: StaticFiles stays movable
};

// RFC 1952 gzip of `data` at the best compression.
std::string gzip(std::string_view data);
// Whether an Accept-Encoding header value allows gzip (a "gzip;q=0" refuses it).
bool accepts_gzip(std::string_view accept_encoding);

std::string_view mime_type(const std::filesystem::path& file);
// Percent-decodes a URL path; nullopt if malformed or if it decodes to a NUL or a backslash.
std::optional<std::string> decode_path(std::string_view path);

}  // namespace podium::net
