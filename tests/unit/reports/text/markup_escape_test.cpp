#include "reports/text/markup_escape.hpp"

#include <gtest/gtest.h>

namespace syncsuite::reports::text {
namespace {

TEST(MarkupEscapeTest, EscapesTheFiveSpecials) {
  EXPECT_EQ(escape_markup(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
}

TEST(MarkupEscapeTest, CdataTerminatorNeedsNoSpecialCase) {
  EXPECT_EQ(escape_markup("]]>"), "]]&gt;");
}

TEST(MarkupEscapeTest, KeepsWhitespaceInTextButEncodesItInAttributes) {
  EXPECT_EQ(escape_markup("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(escape_attribute("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(MarkupEscapeTest, RemovesCharactersXmlForbids) {
  EXPECT_EQ(escape_markup(std::string("a\0b\x01\x07\x1F"
                                      "c",
                                      7)),
            "abc");
  EXPECT_EQ(escape_markup("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");  // U+FFFE, U+FFFF
  EXPECT_EQ(escape_markup("\xEF\xBF\xBD"), "\xEF\xBF\xBD");        // U+FFFD stays
}

TEST(MarkupEscapeTest, RepairsInvalidUtf8) {
  EXPECT_EQ(escape_markup("a\xFF<"), "a\xEF\xBF\xBD&lt;");
}

TEST(MarkupEscapeTest, KeepsMultibyteText) {
  EXPECT_EQ(escape_markup("caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace syncsuite::reports::text
