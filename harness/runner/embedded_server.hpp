#pragma once
// The reference server started in-process for `syncsuite run` without --target: a mock server on
// 127.0.0.1, a free port, a fresh database in its own temporary directory, and accounts created
// for the run. The suite reaches it over HTTP like any other target.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mockserver/server.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::runner {

class EmbeddedServer {
 public:
  // `mutant`: "" for the correct server, else a server::mutants() name.
  static Result<std::unique_ptr<EmbeddedServer>> start(const std::string& mutant, int accounts = 2);
  ~EmbeddedServer();  // stops the server, removes the directory
  EmbeddedServer(const EmbeddedServer&) = delete;
  EmbeddedServer& operator=(const EmbeddedServer&) = delete;

  std::string url() const { return server_->url(); }
  const std::vector<std::string>& tokens() const { return tokens_; }
  mockserver::Server& server() { return *server_; }

 private:
  EmbeddedServer() = default;
  std::filesystem::path dir_;
  std::unique_ptr<mockserver::Server> server_;
  std::vector<std::string> tokens_;
};

}  // namespace syncsuite::runner
