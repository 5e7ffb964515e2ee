#pragma once
// Text typed by people, made safe to store, compare and show: Unicode NFC, no control or bidi-override
// characters (which could reorder what others see), white space folded to single spaces, trimmed.
#include <string>
#include <string_view>

namespace podium::protocol {

// `text` must be valid UTF-8 (the JSON parser guarantees it).
std::string normalize_text(std::string_view text);

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
bool is_utf8(std::string_view text);

}  // namespace podium::protocol
