#include "harness/net/tls_context.hpp"

#include <gtest/gtest.h>

#include "tests/unit/harness/net/test_http_server.hpp"

namespace syncsuite::net {
namespace {

TEST(TlsContextTest, EqualOptionsShareOneContext) {
  auto a = make_tls_context({});
  auto b = make_tls_context({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->context, b->context);
  EXPECT_TRUE(a->verify);
  auto insecure = make_tls_context({std::nullopt, true});
  ASSERT_TRUE(insecure.ok());
  EXPECT_NE(insecure->context, a->context);
  EXPECT_FALSE(insecure->verify);
}

TEST(TlsContextTest, CaFileIsLoaded) {
  testing::TempDir dir;
  auto files = testing::make_self_signed(dir.path(), "IP:127.0.0.1");
  ASSERT_TRUE(files.has_value());
  auto with_ca = make_tls_context({files->cert_file, false});
  ASSERT_TRUE(with_ca.ok()) << with_ca.error().message;
  EXPECT_TRUE(with_ca->verify);
  auto plain = make_tls_context({});
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(with_ca->context, plain->context);
}

TEST(TlsContextTest, UnreadableCaFileNamesTheFile) {
  auto missing = make_tls_context({"/nonexistent/ca.pem", false});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "tls");
  EXPECT_NE(missing.error().message.find("'/nonexistent/ca.pem'"), std::string::npos) << missing.error().message;
  testing::TempDir dir;
  const auto garbage = (dir.path() / "garbage.pem").string();
  std::FILE* f = std::fopen(garbage.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("not a certificate\n", f);
  std::fclose(f);
  auto bad = make_tls_context({garbage, false});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "tls");
}

}  // namespace
}  // namespace syncsuite::net
