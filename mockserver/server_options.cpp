#include "mockserver/server_options.hpp"

#include <string>

#include "reference/server/shards.hpp"

namespace syncsuite::mockserver {

Status ServerOptions::validate() const {
  std::string problems;
  auto add = [&problems](const std::string& text) {
    problems += problems.empty() ? "" : "; ";
    problems += text;
  };
  if (address.empty()) {
    add("address: missing");
  }
  if (threads < 1 || threads > 256) {
    add("threads: must be 1..256, got " + std::to_string(threads));
  }
  if (db_path.empty()) {
    add("db_path: missing");
  }
  if (shards < 1 || shards > server::Shards::kMaxCount) {
    add("shards: must be 1.." + std::to_string(server::Shards::kMaxCount) + ", got " +
        std::to_string(shards));
  }
  if (tls && tls->cert_file.empty()) {
    add("tls.cert_file: missing");
  }
  if (tls && tls->key_file.empty()) {
    add("tls.key_file: missing");
  }
  if (body_limit == 0) {
    add("body_limit: must be positive");
  }
  if (header_limit < 256) {
    add("header_limit: must be at least 256 bytes");
  }
  if (io_timeout.count() <= 0) {
    add("io_timeout: must be positive");
  }
  if (drain_timeout.count() < 0) {
    add("drain_timeout: must not be negative");
  }
  if (!problems.empty()) {
    return make_error("bad_options", "server options: " + problems);
  }
  return ok_status();
}

}  // namespace syncsuite::mockserver
