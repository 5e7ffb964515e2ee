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

// What a client sent, quoted in a refusal's message: in "…", cut on a character boundary after
// kQuotedBytes with an ellipsis. The message must stay within what clients accept (kMaxStringBytes), and
// need not repeat 2 KB of someone's input. `text` must be valid UTF-8.
inline constexpr std::size_t kQuotedBytes = 60;
std::string quote_input(std::string_view text);

}  // namespace podium::protocol
