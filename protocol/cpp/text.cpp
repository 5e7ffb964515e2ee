#include "text.hpp"

#include <utf8proc.h>

#include <memory>

namespace podium::protocol {
namespace {

bool is_bidi_control(utf8proc_int32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F ||
         c == 0x061C;
}

// Invisible characters that only serve to make two equal texts look different. (The zero-width joiner
// and non-joiner stay: emoji sequences and Persian need them.)
bool is_invisible(utf8proc_int32_t c) { return c == 0x200B || c == 0x2060 || c == 0xFEFF || c == 0x00AD; }

bool is_space(utf8proc_int32_t c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85) return true;
  const auto category = utf8proc_category(c);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

}  // namespace

bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {  // most of what phones send
      ++p;
      continue;
    }
    utf8proc_int32_t c = 0;
    const auto n = utf8proc_iterate(p, end - p, &c);
    if (n < 0) return false;
    p += n;
  }
  return true;
}

std::string quote_input(std::string_view text) {
  if (text.size() <= kQuotedBytes) return "\"" + std::string(text) + "\"";
  std::size_t cut = kQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
  return "\"" + std::string(text.substr(0, cut)) + "…\"";
}

std::string normalize_text(std::string_view text) {
  utf8proc_uint8_t* composed = nullptr;
  const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                   static_cast<utf8proc_ssize_t>(text.size()), &composed,
                                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (length < 0) return {};  // not UTF-8: nothing of it is kept
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(composed, &std::free);

  std::string out;
  out.reserve(static_cast<std::size_t>(length));
  bool pending_space = false;
  const utf8proc_uint8_t* p = composed;
  const utf8proc_uint8_t* end = composed + length;
  while (p < end) {
    utf8proc_int32_t c = 0;
    const auto n = utf8proc_iterate(p, end - p, &c);
    if (n <= 0) break;
    p += n;
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (utf8proc_category(c) == UTF8PROC_CATEGORY_CC || is_bidi_control(c) || is_invisible(c)) continue;
    if (pending_space) out.push_back(' ');
    pending_space = false;
    utf8proc_uint8_t buffer[4];
    const auto written = utf8proc_encode_char(c, buffer);
    out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(written));
  }
  return out;
}

}  // namespace podium::protocol
