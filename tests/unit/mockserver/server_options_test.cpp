#include "mockserver/server_options.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::mockserver {
namespace {

TEST(ServerOptions, DefaultsWithADatabaseAreValid) {
  ServerOptions options;
  options.db_path = "/tmp/x.db";
  EXPECT_TRUE(options.validate().ok());
  EXPECT_EQ(options.address, "127.0.0.1");
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.threads, 2);
  EXPECT_EQ(options.shards, 1);
  EXPECT_EQ(options.body_limit, 16u * 1024 * 1024);
  EXPECT_EQ(options.header_limit, 8u * 1024);
  EXPECT_FALSE(options.control);
  EXPECT_FALSE(options.tls);
}

TEST(ServerOptions, ReportsEveryProblemAtOnce) {
  ServerOptions options;
  options.threads = 0;
  options.shards = 65;
  options.tls = TlsFiles{};
  options.body_limit = 0;
  auto status = options.validate();
  ASSERT_FALSE(status.ok());
  const auto& message = status.error().message;
  for (const char* field : {"threads", "shards: must be 1..64, got 65", "db_path", "tls.cert_file",
                            "tls.key_file", "body_limit"}) {
    EXPECT_NE(message.find(field), std::string::npos) << field << " in " << message;
  }
}

}  // namespace
}  // namespace syncsuite::mockserver
