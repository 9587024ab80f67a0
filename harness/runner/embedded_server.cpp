#include "harness/runner/embedded_server.hpp"

#include <chrono>
#include <random>

namespace syncsuite::runner {

Result<std::unique_ptr<EmbeddedServer>> EmbeddedServer::start(const std::string& mutant,
                                                              int accounts) {
  std::unique_ptr<EmbeddedServer> self(new EmbeddedServer());
  std::error_code ec;
  std::random_device random;
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  self->dir_ = std::filesystem::temp_directory_path(ec) /
               ("syncsuite-embedded-" + std::to_string(stamp) + "-" + std::to_string(random()));
  std::filesystem::create_directories(self->dir_, ec);
  if (ec) return make_error("setup", "cannot create " + self->dir_.string() + ": " + ec.message());
  mockserver::ServerOptions options;
  options.db_path = self->dir_ / "server.sqlite";
  options.mutant = mutant;
  auto server = mockserver::Server::start(std::move(options));
  if (!server) return make_error("setup", "embedded server: " + server.error().message);
  self->server_ = std::move(*server);
  for (int i = 0; i < accounts; ++i) {
    auto token = self->server_->service().create_account();
    if (!token) return make_error("setup", "embedded server account: " + token.error().message);
    self->tokens_.push_back(*token);
  }
  return self;
}

EmbeddedServer::~EmbeddedServer() {
  if (server_) server_->stop();
  server_.reset();
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

}  // namespace syncsuite::runner
