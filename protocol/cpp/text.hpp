#pragma once
// Text typed by people, made safe to store, compare and show: Unicode NFC, no control or bidi-override
// characters (which could reorder what others see), white space folded to single spaces, trimmed.
#include <string>
#include <string_view>

namespace podium::protocol {

// `text` must be valid UTF-8 (the JSON parser guarantees it).
std::string normalize_text(std::string_view text);

}  // namespace podium::protocol
