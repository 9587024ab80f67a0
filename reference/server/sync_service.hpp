#pragma once
// The reference server core: every rule of contract sections 1-7 as a pure function of an HTTP
// request (plus the SQLite store). No sockets: the mock server and the tests call handle().
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::server {

struct ServiceOptions {
  std::filesystem::path db_path;  // SQLite file (WAL); ":memory:" is refused (threads need a file)
  std::string mutant;             // "" = the correct server; else one name of mutants()
  // Files the records are spread over by owner (shards.hpp), so that writes of different
  // accounts commit in parallel; an existing database opens only with the count it was
  // created with. The mutants run on one.
  int shards = 1;
};

class SyncService {
 public:
  // Opens (creating if needed) the database. Error on a bad path or an unknown mutant name.
  static Result<std::unique_ptr<SyncService>> open(const ServiceOptions& options);
  // As above, with how long a write waits for another's write lock before its request gets
  // 503 with Retry-After (default 5 s).
  static Result<std::unique_ptr<SyncService>> open(const ServiceOptions& options,
                                                   std::chrono::milliseconds busy_timeout);
  virtual ~SyncService() = default;

  // Thread-safe: called concurrently from the server's threads. Never throws; a malformed
  // request gets a 4xx JSON answer with "detail". A body over 16 MiB is answered 413 here, so a
  // transport's own body limit must sit above protocol::kMaxBodyBytes (or answer 413 itself).
  virtual protocol::HttpResponse handle(const protocol::HttpRequest& request) = 0;

  // The answer a request gets whatever its body, judged from its request line and headers
  // alone (the body is ignored): 404 for an unknown path, 401 for a missing or unknown token,
  // 405 for a wrong method; nullopt when the body decides. An HTTP front end asks this before it
  // sends "100 Continue", so that a client without a valid token never uploads its body.
  virtual std::optional<protocol::HttpResponse> answer_before_body(
      const protocol::HttpRequest& request) = 0;

  // Creates an account with a fresh random token (40 lowercase hex) and returns the token.
  virtual Result<std::string> create_account() = 0;

  // Creates an account with a given token (1..128 printable ASCII, no spaces), e.g. one read from
  // an accounts file. Error when the token is taken or malformed.
  virtual Status add_account(std::string_view token) = 0;
};

struct MutantInfo {
  std::string name;
  std::string section;      // contract section it violates, e.g. "4.2"
  std::string description;  // what it does wrong
};
// Deliberate contract violations the server can be started with (syncsuite serve --mutant NAME).
const std::vector<MutantInfo>& mutants();

}  // namespace syncsuite::server
