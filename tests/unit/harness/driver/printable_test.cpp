#include "harness/driver/printable.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace syncsuite::driver {
namespace {

TEST(PrintableTest, KeepsTextNewlinesTabsAndValidUtf8) {
  EXPECT_EQ(printable("plain text\n\tindented, caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "plain text\n\tindented, caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(PrintableTest, EscapesControlsAndInvalidBytes) {
  EXPECT_EQ(printable(std::string("a\0b\x1b[0m\x7f", 8)), "a\\x00b\\x1B[0m\\x7F");
  EXPECT_EQ(printable("\xFF\xC3"), "\\xFF\\xC3");                    // stray byte, cut sequence
  EXPECT_EQ(printable("\xC0\xAF"), "\\xC0\\xAF");                    // overlong '/'
  EXPECT_EQ(printable("\xED\xA0\x80"), "\\xED\\xA0\\x80");           // surrogate
  EXPECT_EQ(printable("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST(PrintableTest, ResultAlwaysSerialisesAsJson) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  const nlohmann::json j = printable(every_byte + every_byte);
  EXPECT_NO_THROW((void)j.dump());
}

TEST(QuoteStartTest, QuotesAndCutsLongLines) {
  EXPECT_EQ(quote_start("short"), "'short'");
  EXPECT_EQ(quote_start(std::string(300, 'x'), 4), "'xxxx'... (300 bytes)");
}

}  // namespace
}  // namespace syncsuite::driver
