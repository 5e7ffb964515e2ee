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

}  // namespace
}  // namespace podium::testing
