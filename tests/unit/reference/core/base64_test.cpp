#include "reference/core/base64.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <optional>
#include <string>
#include <string_view>

namespace syncsuite::base64 {
namespace {

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

// One row of the strict-decoding table: `expected` is nullopt when `input` must be refused.
struct DecodeCase {
  std::string name;
  std::string input;
  std::optional<Bytes> expected;
};

void PrintTo(const DecodeCase& c, std::ostream* os) { *os << c.name; }

class Base64DecodeTable : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(Base64DecodeTable, DecodesOrRefusesAsSpecified) {
  const auto& c = GetParam();
  const auto got = decode(c.input);
  if (c.expected) {
    ASSERT_TRUE(got.has_value()) << "canonical base64 refused: \"" << c.input << "\"";
    EXPECT_EQ(*got, *c.expected);
  } else {
    EXPECT_FALSE(got.has_value()) << "non-canonical base64 accepted: \"" << c.input << "\"";
  }
}

std::vector<DecodeCase> decode_cases() {
  using namespace std::string_literals;
  const auto ok = [](std::string name, std::string in, std::string_view out) {
    return DecodeCase{std::move(name), std::move(in), bytes_of(out)};
  };
  const auto bad = [](std::string name, std::string in) {
    return DecodeCase{std::move(name), std::move(in), std::nullopt};
  };
  return {
      // Canonical: RFC 4648 section 10 vectors, and the empty string decodes to no bytes.
      ok("Empty", "", ""),
      ok("Rfc4648F", "Zg==", "f"),
      ok("Rfc4648Fo", "Zm8=", "fo"),
      ok("Rfc4648Foo", "Zm9v", "foo"),
      ok("Rfc4648Foob", "Zm9vYg==", "foob"),
      ok("Rfc4648Fooba", "Zm9vYmE=", "fooba"),
      ok("Rfc4648Foobar", "Zm9vYmFy", "foobar"),
      ok("PlusAndSlash", "+/+/", "\xfb\xff\xbf"),
      ok("ZeroBytes", "AAAA", "\0\0\0"s),
      ok("AllOnes", "////", "\xff\xff\xff"),
      // Missing or excess padding.
      bad("MissingPaddingTwo", "Zg"),
      bad("MissingPaddingOne", "Zm8"),
      bad("MissingPaddingLong", "Zm9vYg"),
      bad("MissingOnePadOfTwo", "Zg="),
      bad("ExcessPadding", "Zg==="),
      bad("FullBlockOfPadding", "Zm9v===="),
      bad("PaddingOnly", "===="),
      bad("SinglePad", "="),
      bad("PaddingInTheMiddle", "Zg==Zm9v"),
      bad("PaddingInsideBlock", "Z=g="),
      bad("ThreePads", "Z==="),
      bad("DataAfterPadding", "Zm8=A"),
      bad("LoneSymbol", "Z"),
      // Whitespace anywhere.
      bad("TrailingNewline", "Zm9v\n"),
      bad("TrailingCrLf", "Zm9v\r\n"),
      bad("LeadingSpace", " Zm9v"),
      bad("InnerSpace", "Zm9v Zm9v"),
      bad("InnerSpaceAligned", "Zm9 "),
      bad("Tab", "Zm9\t"),
      bad("WrappedLines", "Zm9v\nYmFy"),
      // URL-safe alphabet is a different encoding.
      bad("UrlSafeDashUnderscore", "-_-_"),
      bad("UrlSafeUnderscore", "Zm8_"),
      bad("UrlSafeDash", "Zm-v"),
      // Non-canonical trailing bits: decode to the same bytes as the canonical text, so refused.
      bad("StrayBitsOneByte", "Zh=="),
      bad("StrayBitsOneByteMax", "Z/=="),
      bad("StrayBitsTwoBytes", "Zm9="),
      bad("StrayBitsTwoBytesLow", "Zm+="),
      // Other characters.
      bad("Exclamation", "Zm9!"),
      bad("EmbeddedNul", "Zm\0v"s),
      bad("NonAscii", "Zm9\xc3"),
      bad("Utf8Letter", "Zm\xc3\xa9v"),
      bad("Dot", "Zm9v.A=="),
  };
}

INSTANTIATE_TEST_SUITE_P(Strict, Base64DecodeTable, ::testing::ValuesIn(decode_cases()),
                         [](const auto& info) { return info.param.name; });

// The fast codec for public bytes (decode_to) accepts and refuses exactly the same table.
class Base64DecodeToTable : public ::testing::TestWithParam<DecodeCase> {};

std::optional<Bytes> decode_fast(std::string_view text) {
  Bytes out(decoded_size_upper_bound(text) + 1);  // +1: a non-null buffer even for ""
  std::size_t written = 0;
  if (!decode_to(text, out.data(), written)) return std::nullopt;
  out.resize(written);
  return out;
}

std::string encode_fast(const Bytes& data) {
  std::string text(encoded_size(data.size()), '\0');
  encode_to(data.data(), data.size(), text.data());
  return text;
}

TEST_P(Base64DecodeToTable, DecodesOrRefusesAsSpecified) {
  const auto& c = GetParam();
  const auto got = decode_fast(c.input);
  const auto size = checked_size(c.input);
  EXPECT_EQ(size.has_value(), c.expected.has_value()) << "checked_size of \"" << c.input << "\"";
  if (size && c.expected) {
    EXPECT_EQ(*size, c.expected->size());
  }
  if (c.expected) {
    ASSERT_TRUE(got.has_value()) << "canonical base64 refused: \"" << c.input << "\"";
    EXPECT_EQ(*got, *c.expected);
  } else {
    EXPECT_FALSE(got.has_value()) << "non-canonical base64 accepted: \"" << c.input << "\"";
  }
}

INSTANTIATE_TEST_SUITE_P(StrictFast, Base64DecodeToTable, ::testing::ValuesIn(decode_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(Base64Fast, EncodesLikeLibsodiumAndRoundTripsEveryLengthUpTo300) {
  ASSERT_GE(sodium_init(), 0);
  for (std::size_t n = 0; n <= 300; ++n) {
    Bytes data(n);
    if (n > 0) randombytes_buf(data.data(), data.size());
    const std::string text = encode_fast(data);
    EXPECT_EQ(text.size(), encoded_size(n)) << "length " << n;
    EXPECT_EQ(text, encode(data)) << "length " << n;
    const auto back = decode_fast(text);
    ASSERT_TRUE(back.has_value()) << "length " << n;
    EXPECT_EQ(*back, data) << "length " << n;
    EXPECT_EQ(checked_size(text), std::optional<std::size_t>(n)) << "length " << n;
  }
}

TEST(Base64Fast, RoundTripsEveryByteValue) {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  EXPECT_EQ(encode_fast(all), encode(all));
  EXPECT_EQ(decode_fast(encode_fast(all)), all);
}

// Every single-byte substitution, at every position of short texts ending in each padding form,
// is accepted or refused by decode_to exactly as by the libsodium-based decode (and to the same
// bytes): covers non-alphabet bytes, '=' in every place and stray trailing bits.
TEST(Base64Fast, AgreesWithStrictDecodeOnEverySingleByteSubstitution) {
  ASSERT_GE(sodium_init(), 0);
  int refused = 0;
  for (std::size_t n : {1u, 2u, 3u, 4u, 5u, 6u}) {
    Bytes data(n);
    randombytes_buf(data.data(), data.size());
    const std::string text = encode(data);
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::string mutated = text;
        mutated[pos] = static_cast<char>(c);
        const auto strict = decode(mutated);
        EXPECT_EQ(decode_fast(mutated), strict) << "\"" << mutated << "\"";
        const auto size = checked_size(mutated);
        EXPECT_EQ(size.has_value(), strict.has_value()) << "\"" << mutated << "\"";
        if (size && strict) {
          EXPECT_EQ(*size, strict->size()) << "\"" << mutated << "\"";
        }
        if (!strict) ++refused;
      }
    }
  }
  EXPECT_GT(refused, 1000);  // the sweep did exercise the refusals
}

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(encode(std::string_view("")), "");
  EXPECT_EQ(encode(std::string_view("f")), "Zg==");
  EXPECT_EQ(encode(std::string_view("fo")), "Zm8=");
  EXPECT_EQ(encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(encode(std::string_view("foob")), "Zm9vYg==");
  EXPECT_EQ(encode(std::string_view("fooba")), "Zm9vYmE=");
  EXPECT_EQ(encode(std::string_view("foobar")), "Zm9vYmFy");
  EXPECT_EQ(encode(bytes_of("\xfb\xff\xbf")), "+/+/");
}

TEST(Base64, RoundTripsEveryLengthUpTo300) {
  ASSERT_GE(sodium_init(), 0);
  for (std::size_t n = 0; n <= 300; ++n) {
    Bytes data(n);
    if (n > 0) randombytes_buf(data.data(), data.size());  // data() may be null at 0
    const std::string text = encode(data);
    EXPECT_EQ(text.size(), (n + 2) / 3 * 4) << "length " << n;
    const auto back = decode(text);
    ASSERT_TRUE(back.has_value()) << "length " << n;
    EXPECT_EQ(*back, data) << "length " << n;
  }
}

TEST(Base64, RoundTripsEveryByteValue) {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  const auto back = decode(encode(all));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, all);
}

TEST(Base64, DecodesOneMebibyte) {
  Bytes big(1024 * 1024, 0xa5);
  const std::string text = encode(big);
  const auto back = decode(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->size(), big.size());
  EXPECT_EQ(*back, big);
  // A single stray symbol at the very end still makes it fail.
  std::string broken = text;
  broken.back() = '!';
  EXPECT_FALSE(decode(broken).has_value());
}

TEST(Base64, DecodedSizeUpperBoundNeverUnderestimates) {
  for (std::size_t n = 0; n <= 64; ++n) {
    const std::string text = encode(Bytes(n, 7));
    const std::size_t bound = decoded_size_upper_bound(text);
    EXPECT_GE(bound, n) << "length " << n;
    EXPECT_LE(bound, n + 2) << "length " << n;
  }
  EXPECT_EQ(decoded_size_upper_bound(""), 0u);
  // Counts characters it has not checked: an unpadded tail still gets room.
  EXPECT_EQ(decoded_size_upper_bound("Zg"), 3u);
}

}  // namespace
}  // namespace syncsuite::base64
