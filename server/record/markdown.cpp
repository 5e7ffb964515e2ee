#include "markdown.hpp"

#include <cctype>

namespace podium::record {
namespace {

constexpr std::string_view kInlineMarkup = "\\`*_[]<>#|&~";

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The length of a leading "12." or "3)" (what Markdown reads as an ordered list marker), or 0.
std::size_t list_number_length(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && is_digit(text[n])) ++n;
  return n > 0 && n < text.size() && (text[n] == '.' || text[n] == ')') ? n : 0;
}

std::string table_line(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const std::string& cell : cells) line += " " + cell + " |";
  return line + "\n";
}

}  // namespace

std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  const std::size_t number = list_number_length(text);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) out += '\\';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    if (kInlineMarkup.find(c) != std::string_view::npos || (number > 0 && i == number)) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows) {
  std::string out = table_line(header);
  out += table_line(std::vector<std::string>(header.size(), "---"));
  for (const auto& row : rows) out += table_line(row);
  return out;
}

}  // namespace podium::record
