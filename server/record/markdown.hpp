#pragma once
// Markdown that reads as plain text and never carries markup from what people typed.
#include <string>
#include <string_view>
#include <vector>

namespace podium::record {

// User text made inert: every character Markdown could read as markup (\ ` * _ [ ] < > # | & ~) gets a
// backslash, as does a leading - or + or the "." / ")" of a leading number (a list marker); line breaks
// and tabs become spaces. So no HTML, link, emphasis or table cell boundary can come from the text.
std::string escape_markdown(std::string_view text);

// A table: the header row, the rule, one line per row. Cells are written as given (escape user text
// first).
std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows);

}  // namespace podium::record
