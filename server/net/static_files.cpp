#include "static_files.hpp"

#include <algorithm>
#include <system_error>

namespace podium::net {
namespace fs = std::filesystem;

StaticFiles::StaticFiles(std::vector<Mount> mounts) : mounts_(std::move(mounts)) {
  for (Mount& m : mounts_) {
    std::error_code ec;
    fs::path canonical = fs::canonical(m.root, ec);
    if (!ec) m.root = canonical;
  }
  std::sort(mounts_.begin(), mounts_.end(),
            [](const Mount& a, const Mount& b) { return a.prefix.size() > b.prefix.size(); });
}

std::optional<std::string> decode_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%') {
      if (i + 2 >= path.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(path[i + 1]);
      const int lo = hex(path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0' || c == '\\') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::optional<fs::path> StaticFiles::resolve(std::string_view url_path) const {
  auto decoded = decode_path(url_path);
  if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
  std::string path = *decoded;
  if (path.back() == '/') path += "index.html";
  for (const Mount& m : mounts_) {
    if (!path.starts_with(m.prefix)) continue;
    fs::path relative(path.substr(m.prefix.size()));
    for (const auto& part : relative)
      if (part == ".." || part == "." || part.string().starts_with(".")) return std::nullopt;
    if (relative.is_absolute()) return std::nullopt;
    std::error_code ec;
    fs::path file = fs::canonical(m.root / relative, ec);
    if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
    // After resolving symlinks the file must still be inside the root.
    auto [root_end, file_it] = std::mismatch(m.root.begin(), m.root.end(), file.begin(), file.end());
    if (root_end != m.root.end()) return std::nullopt;
    return file;
  }
  return std::nullopt;
}

std::string_view mime_type(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace podium::net
