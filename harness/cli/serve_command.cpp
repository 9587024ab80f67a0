// `syncsuite serve`: the mock server (reference core behind Beast) as a process, for runs against
// a local target and for other suites. Prints "listening on URL" once it accepts connections,
// stops gracefully on SIGINT or SIGTERM (exit 0); start-up errors exit 2.
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "mockserver/accounts_file.hpp"
#include "mockserver/server.hpp"
#include "reference/server/shards.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::cli {
namespace {

struct ServeOptions {
  std::string address = "127.0.0.1";
  int port = 0;
  std::string db;  // "" = a fresh database in a temporary directory, removed at exit
  int accounts = 2;
  std::string accounts_out;
  int threads = 2;
  int shards = 1;
  std::string mutant;
  std::string tls_cert;
  std::string tls_key;
  std::string faults_file;
  bool control = false;
  bool list_mutants = false;
};

int fail(const std::string& message) {
  std::cerr << "serve: " << message << "\n";
  return kExitUsage;
}

std::string mutant_names() {
  std::string names;
  for (const auto& mutant : server::mutants()) {
    names += (names.empty() ? "" : ", ") + mutant.name;
  }
  return names;
}

int list_mutants() {
  for (const auto& mutant : server::mutants()) {
    std::cout << mutant.name << "\t" << mutant.section << "\t" << mutant.description << "\n";
  }
  std::cout.flush();
  return kExitOk;
}

bool known_mutant(const std::string& name) {
  for (const auto& mutant : server::mutants()) {
    if (mutant.name == name) {
      return true;
    }
  }
  return false;
}

Result<mockserver::FaultPlan> load_faults(const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    return make_error("io", "--faults: cannot read " + file);
  }
  std::stringstream text;
  text << in.rdbuf();
  auto plan = mockserver::parse_fault_plan(text.str());
  if (!plan) {
    return make_error("bad_fault_plan", file + ": " + plan.error().message);
  }
  return plan;
}

// Removes the temporary database directory at exit, when serve made one.
class TempDatabase {
 public:
  ~TempDatabase() {
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }
  Result<std::filesystem::path> create() {
    std::string pattern = (std::filesystem::temp_directory_path() / "syncsuite-serve-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error("io", "cannot create a temporary directory for the database");
    }
    dir_ = pattern;
    return dir_ / "sync.db";
  }

 private:
  std::filesystem::path dir_;
};

int serve(const ServeOptions& options) {
  if (options.list_mutants) {
    return list_mutants();
  }
  if (!options.mutant.empty() && !known_mutant(options.mutant)) {
    return fail("unknown mutant \"" + options.mutant + "\"; valid names: " + mutant_names());
  }
  mockserver::ServerOptions server_options;
  server_options.address = options.address;
  server_options.port = static_cast<std::uint16_t>(options.port);
  server_options.threads = options.threads;
  server_options.mutant = options.mutant;
  server_options.shards = options.shards;
  server_options.control = options.control;
  if (!options.tls_cert.empty()) {
    server_options.tls = mockserver::TlsFiles{options.tls_cert, options.tls_key};
  }
  if (!options.faults_file.empty()) {
    auto plan = load_faults(options.faults_file);
    if (!plan) {
      return fail(plan.error().message);
    }
    server_options.faults = std::move(plan).value();
  }
  TempDatabase temp_db;
  if (options.db.empty()) {
    auto path = temp_db.create();
    if (!path) {
      return fail(path.error().message);
    }
    server_options.db_path = path.value();
    std::cerr << "serve: no --db given; using a fresh database " << path.value().string()
              << " (removed at exit)\n";
  } else {
    server_options.db_path = options.db;
  }

  // Signals are caught from here on, before the server runs, so that none is missed.
  boost::asio::io_context signal_context;
  boost::asio::signal_set signals(signal_context, SIGINT, SIGTERM);

  auto server = mockserver::Server::start(std::move(server_options));
  if (!server) {
    return fail(server.error().message);
  }
  if (!options.accounts_out.empty()) {
    std::vector<std::string> tokens;
    for (int i = 0; i < options.accounts; ++i) {
      auto token = server.value()->service().create_account();
      if (!token) {
        return fail("cannot create an account: " + token.error().message);
      }
      tokens.push_back(std::move(token).value());
    }
    if (auto written = mockserver::write_accounts_file(options.accounts_out, tokens); !written) {
      return fail("--accounts-out: " + written.error().message);
    }
  }
  std::cout << "listening on " << server.value()->url() << std::endl;

  int caught = 0;
  signals.async_wait([&caught](const boost::system::error_code& ec, int signal) {
    caught = ec ? 0 : signal;
  });
  signal_context.run();
  std::cerr << "serve: " << (caught == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
  server.value()->stop();
  return kExitOk;
}

}  // namespace

void register_serve(CLI::App& app, Action& action) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve_app = app.add_subcommand(
      "serve", "Run the reference server (the contract in code) as an HTTP(S) server");
  serve_app->add_option("--address", options->address, "IP address to listen on")
      ->capture_default_str();
  serve_app->add_option("--port", options->port, "TCP port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve_app->add_option("--db", options->db,
                        "SQLite database file (created if missing); default: a fresh file in a "
                        "temporary directory, removed at exit");
  auto* accounts_out = serve_app->add_option(
      "--accounts-out", options->accounts_out,
      "Create --accounts new accounts and write their tokens to this YAML file (mode 0600) "
      "before printing the listening line");
  serve_app->add_option("--accounts", options->accounts, "Accounts to create for --accounts-out")
      ->check(CLI::Range(1, 10000))
      ->needs(accounts_out)
      ->capture_default_str();
  serve_app->add_option("--threads", options->threads, "Server threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve_app->add_option("--shards", options->shards,
                        "SQLite files the records are spread over by account (writes to "
                        "different files commit in parallel); fixed when the database is created")
      ->check(CLI::Range(1, server::Shards::kMaxCount))
      ->capture_default_str();
  serve_app->add_option("--mutant", options->mutant,
                        "Serve a deliberately broken server (see --list-mutants)");
  auto* cert = serve_app->add_option("--tls-cert", options->tls_cert,
                                     "PEM certificate chain: serve HTTPS only");
  auto* key = serve_app->add_option("--tls-key", options->tls_key, "PEM private key of --tls-cert");
  cert->needs(key);
  key->needs(cert);
  serve_app->add_option("--faults", options->faults_file,
                        "Fault plan (JSON) to install at start");
  serve_app->add_flag("--control", options->control,
                      "Serve the test-only control endpoint /__syncsuite/control/");
  serve_app->add_flag("--list-mutants", options->list_mutants,
                      "List the mutant names with their contract section, then exit");
  serve_app->callback([&action, options] { action = [options] { return serve(*options); }; });
}

}  // namespace syncsuite::cli
