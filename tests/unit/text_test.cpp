#include <gtest/gtest.h>

#include "protocol/cpp/text.hpp"

namespace podium::testing {
namespace {

using protocol::normalize_text;

TEST(NormalizeText, composes_to_nfc) {
  EXPECT_EQ(normalize_text("Gene\xcc\x81ve"), "Gen\xc3\xa9ve");  // e + combining acute -> é
}

TEST(NormalizeText, removes_controls_and_bidi_overrides) {
  EXPECT_EQ(normalize_text("safe\xe2\x80\xae"
                           "txt.exe"),
            "safetxt.exe");  // U+202E right-to-left override
  EXPECT_EQ(normalize_text("a\xe2\x81\xa6"
                           "b\xe2\x81\xa9"),
            "ab");  // U+2066 / U+2069 isolates
  EXPECT_EQ(normalize_text(std::string("bell\x07") + "\x1b[31m"), "bell[31m");
}

TEST(NormalizeText, drops_invisible_characters_that_would_defeat_duplicate_checks) {
  EXPECT_EQ(normalize_text("dup\xe2\x80\x8blicate\xef\xbb\xbf"), "duplicate");  // U+200B, U+FEFF
}

TEST(NormalizeText, folds_white_space_and_trims) {
  EXPECT_EQ(normalize_text("  two\t\n words\xc2\xa0here  "), "two words here");  // NBSP counts as space
  EXPECT_EQ(normalize_text(" \n\t "), "");
}

TEST(NormalizeText, keeps_other_scripts_and_emoji) {
  EXPECT_EQ(normalize_text("حقوق الإنسان"), "حقوق الإنسان");
  EXPECT_EQ(normalize_text("人权 👩‍⚖️"), "人权 👩‍⚖️");
}

TEST(IsUtf8, accepts_every_length_of_character) {
  EXPECT_TRUE(protocol::is_utf8(""));
  EXPECT_TRUE(protocol::is_utf8("plain ASCII"));
  EXPECT_TRUE(protocol::is_utf8("Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8c\x8d"));  // ë, 日本, 🌍
  EXPECT_TRUE(protocol::is_utf8("\xf4\x8f\xbf\xbf"));                                      // U+10FFFF
}

TEST(IsUtf8, refuses_what_rfc_3629_forbids) {
  EXPECT_FALSE(protocol::is_utf8("\xc3\x28"));          // a lead byte without its continuation
  EXPECT_FALSE(protocol::is_utf8("\xc3"));              // cut short
  EXPECT_FALSE(protocol::is_utf8("\x80"));              // a continuation alone
  EXPECT_FALSE(protocol::is_utf8("\xc0\xaf"));          // overlong "/"
  EXPECT_FALSE(protocol::is_utf8("\xe0\x80\xaf"));      // overlong, three bytes
  EXPECT_FALSE(protocol::is_utf8("\xed\xa0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(protocol::is_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(protocol::is_utf8("\xff"));
  EXPECT_FALSE(protocol::is_utf8("ok so far \xf0\x9f\x8c"));  // the last character unfinished
}

TEST(QuoteInput, keeps_short_text_whole_and_cuts_long_text_on_a_character_boundary) {
  EXPECT_EQ(protocol::quote_input("queue.jump"), "\"queue.jump\"");
  EXPECT_EQ(protocol::quote_input(""), "\"\"");
  const std::string exact(protocol::kQuotedBytes, 'x');
  EXPECT_EQ(protocol::quote_input(exact), "\"" + exact + "\"");
  EXPECT_EQ(protocol::quote_input(exact + "y"), "\"" + exact + "…\"");
  // Three-byte characters: the cut falls inside one, and backs off to its start.
  std::string devanagari;
  for (int i = 0; i < 700; ++i) devanagari += "\xe0\xa4\x95\xe0\xa4\xbc";  // क़ as two code points
  const std::string q = protocol::quote_input(devanagari);
  EXPECT_TRUE(protocol::is_utf8(q));
  EXPECT_LE(q.size(), protocol::kQuotedBytes + 2 + 3);
  EXPECT_TRUE(q.ends_with("…\""));
}

}  // namespace
}  // namespace podium::testing
