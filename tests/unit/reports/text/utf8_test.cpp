#include "reports/text/utf8.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace syncsuite::reports::text {
namespace {

// An independent judge of UTF-8 validity: nlohmann's strict serializer throws on invalid input.
bool json_accepts(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

TEST(Utf8Test, ShortTextIsUnchanged) {
  EXPECT_EQ(cut("hello", 5), "hello");
  EXPECT_EQ(cut("", 0), "");
  EXPECT_EQ(cut(std::string(4096, 'x')), std::string(4096, 'x'));
}

TEST(Utf8Test, LongTextIsCutWithSizeMarker) {
  EXPECT_EQ(cut("abcdefgh", 3), "abc… [cut: 8 bytes total]");
  const std::string cut_default = cut(std::string(5000, 'x'));
  EXPECT_EQ(cut_default, std::string(4096, 'x') + "… [cut: 5000 bytes total]");
}

TEST(Utf8Test, CutNeverSplitsASequence) {
  // 1-, 2-, 3- and 4-byte characters in a row, cut at every limit.
  const std::string mixed = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z\xC3\xA9\xF0\x9F\x98\x80";
  ASSERT_TRUE(valid(mixed));
  for (std::size_t limit = 0; limit < mixed.size(); ++limit) {
    const std::string out = cut(mixed, limit);
    EXPECT_TRUE(valid(out)) << "limit " << limit;
    EXPECT_TRUE(json_accepts(out)) << "limit " << limit;
    const std::size_t kept = out.find("… [cut:");
    ASSERT_NE(kept, std::string::npos);
    EXPECT_LE(kept, limit);
    EXPECT_GT(kept + 4, limit) << "backs up at most 3 bytes";
    EXPECT_EQ(out.substr(0, kept), mixed.substr(0, kept));
  }
}

TEST(Utf8Test, RepairReplacesInvalidBytes) {
  EXPECT_EQ(repair("ok"), "ok");
  EXPECT_EQ(repair("a\xFF"
                   "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(repair("\xC3"), "\xEF\xBF\xBD");                  // truncated sequence
  EXPECT_EQ(repair("\x80"), "\xEF\xBF\xBD");                  // lone continuation byte
  EXPECT_EQ(repair("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(repair("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate D800
  EXPECT_EQ(repair("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");         // past U+10FFFF
  EXPECT_EQ(repair("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");                  // U+1F600 kept
}

TEST(Utf8Test, ValidMatchesIndependentJudge) {
  for (const std::string& s : {std::string("plain"), std::string("\xC3\xA9"), std::string("\xFF"),
                               std::string("\xE2\x82"), std::string("\xED\xA0\x80"),
                               std::string("\xF4\x8F\xBF\xBF"), std::string("\xF4\x90\x80\x80")}) {
    EXPECT_EQ(valid(s), json_accepts(s)) << s;
    EXPECT_TRUE(json_accepts(repair(s))) << s;
  }
}

TEST(Utf8Test, ShownCutsThenRepairs) {
  const std::string body = std::string(10, '\xFF');
  EXPECT_EQ(shown(body, 2), "\xEF\xBF\xBD\xEF\xBF\xBD… [cut: 10 bytes total]");
}

}  // namespace
}  // namespace syncsuite::reports::text
