#include "static_files.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <stdexcept>
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

namespace {

constexpr std::uintmax_t kMaxCachedBytes = 4 * 1024 * 1024;

// FNV-1a: a content fingerprint for the ETag, not a security measure.
std::string fingerprint(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 0xF]);
  return out + "-" + std::to_string(data.size()) + "\"";
}

}  // namespace

std::string gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const std::size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip: deflate did not finish");
  out.resize(written);
  return out;
}

bool accepts_gzip(std::string_view header) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v;
  };
  std::optional<double> gzip_q, any_q;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const std::string_view coding = trim(item.substr(0, semi));
    double q = 1;
    if (semi != std::string_view::npos) {
      const std::string_view param = trim(item.substr(semi + 1));
      if (param.starts_with("q=")) std::from_chars(param.data() + 2, param.data() + param.size(), q);
    }
    if (coding == "gzip") gzip_q = q;
    if (coding == "*") any_q = q;
  }
  return gzip_q ? *gzip_q > 0 : any_q && *any_q > 0;
}

std::shared_ptr<const Asset> StaticFiles::load(const fs::path& file) {
  std::error_code ec;
  const auto modified = fs::last_write_time(file, ec);
  const auto size = fs::file_size(file, ec);
  if (ec || size > kMaxCachedBytes) return nullptr;
  {
    std::lock_guard lock(cache_->mutex);
    auto it = cache_->assets.find(file);
    if (it != cache_->assets.end() && it->second->modified == modified && it->second->size == size)
      return it->second;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  auto asset = std::make_shared<Asset>();
  asset->body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  asset->modified = modified;
  asset->size = size;
  asset->etag = fingerprint(asset->body);
  std::string packed = gzip(asset->body);
  if (packed.size() + 64 < asset->body.size()) asset->gzip = std::move(packed);
  std::lock_guard lock(cache_->mutex);
  cache_->assets[file] = asset;
  return asset;
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
