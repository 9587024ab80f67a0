#include "harness/runner/suite_runner.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>

#include "harness/net/beast_transport.hpp"
#include "harness/net/blocking.hpp"
#include "harness/net/target_url.hpp"
#include "harness/runner/baseline.hpp"
#include "harness/runner/case_runner.hpp"
#include "harness/runner/case_state.hpp"
#include "harness/runner/event_loop.hpp"
#include "harness/runner/server_probe.hpp"
#include "harness/scenario/expectation_walk.hpp"
#include "harness/scenario/loader.hpp"
#include "harness/scenario/templating.hpp"
#include "reference/client/sync_messages.hpp"
#include "reference/protocol/limits.hpp"

#ifndef SYNCSUITE_VERSION
#define SYNCSUITE_VERSION "0.0.0"
#endif

namespace syncsuite::runner {
namespace {

namespace fs = std::filesystem;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string hex(std::uint64_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[value & 15];
    value >>= 4;
  }
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

Error target_error(std::string message) { return make_error("target", std::move(message)); }

// What a failed probe of the status endpoint means, in words for the person running the suite.
Status classify_probe(const net::TargetUrl& url, const Result<protocol::HttpResponse>& r,
                      int account, std::chrono::milliseconds timeout) {
  const std::string where = url.origin() + url.request_target(protocol::kStatusPath);
  if (!r) {
    const auto& e = r.error();
    if (e.code == "connect") return target_error("cannot connect to " + url.authority() + ": " + e.message);
    if (e.code == "tls") {
      return target_error("TLS with " + url.authority() + " failed: " + e.message +
                          " (--ca-file to trust a private CA, --insecure to skip verification)");
    }
    if (e.code == "timeout") {
      return target_error("no answer from " + where + " within " + std::to_string(timeout.count()) +
                          " ms (--timeout to wait longer)");
    }
    return target_error("GET " + where + " failed: " + e.code + ": " + e.message);
  }
  const auto& response = *r;
  const auto type = response.header("Content-Type");
  std::string body_start = response.body.substr(0, response.body.find_first_not_of(" \t\r\n"));
  const bool html = (type && starts_with_ci(*type, "text/html")) ||
                    starts_with_ci(std::string_view(response.body).substr(
                                       std::min(response.body.size(), response.body.find_first_not_of(" \t\r\n"))),
                                   "<");
  if (html) {
    return target_error("GET " + where + " answered with HTML (status " + std::to_string(response.status) +
                        "), not the sync API: is the URL right?");
  }
  if (response.status == 401 || response.status == 403) {
    return target_error("GET " + where + " refused the token of account " + std::to_string(account) +
                        " (status " + std::to_string(response.status) + "): check the accounts file");
  }
  if (response.status == 404) {
    return target_error("no sync API at " + where + " (404): is the URL (and its base path) right?");
  }
  auto counts = parse_status(response);
  if (!counts) return target_error("GET " + where + " does not answer like the sync API: " + counts.error().message);
  return ok_status();
}

// Uploads an account's public key; "" when it worked, else the problem.
std::string upload_key(EventLoop& loop, client::Transport& transport, const Account& account) {
  auto r = net::send_blocking(loop.io(), transport, client::key_request(account.token, account.keys.public_key));
  if (!r) return "PUT /api/v1/sync/key/ for account " + std::to_string(account.index) + ": " + r.error().message;
  if (auto st = client::check_key_response(*r, account.keys.public_key); !st) {
    return "PUT /api/v1/sync/key/ for account " + std::to_string(account.index) + ": " + st.error().message;
  }
  return "";
}

}  // namespace

Catalogue load_catalogue(const std::vector<fs::path>& paths, const fs::path& checks_file,
                         std::vector<scenario::LoadError>& errors) {
  Catalogue catalogue;
  catalogue.registry = scenario::CheckRegistry::load(checks_file, errors);
  if (!errors.empty()) return catalogue;  // scenarios cannot be checked against a broken registry
  catalogue.scenarios = scenario::load_scenarios(paths, catalogue.registry, errors);
  return catalogue;
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::vector<const scenario::Scenario*> select_scenarios(const Catalogue& catalogue,
                                                        const Selection& selection) {
  std::vector<const scenario::Scenario*> out;
  for (const auto& sc : catalogue.scenarios) {
    if (!selection.tags.empty()) {
      const bool tagged = std::any_of(selection.tags.begin(), selection.tags.end(), [&](const auto& t) {
        return std::find(sc.tags.begin(), sc.tags.end(), t) != sc.tags.end();
      });
      if (!tagged) continue;
    }
    if (!selection.id_globs.empty()) {
      std::vector<std::string> ids;
      scenario::for_each_expectation(
          sc.steps, [&](const scenario::Step&, const scenario::Expectation& e) { ids.push_back(e.check); });
      const bool picked = std::any_of(selection.id_globs.begin(), selection.id_globs.end(), [&](const auto& g) {
        return glob_match(g, sc.name) ||
               std::any_of(ids.begin(), ids.end(), [&](const auto& id) { return glob_match(g, id); });
      });
      if (!picked) continue;
    }
    out.push_back(&sc);
  }
  return out;
}

void shuffle_by_seed(std::vector<const scenario::Scenario*>& scenarios, std::uint64_t seed) {
  std::uint64_t state = seed ^ 0x5eed5eed5eed5eedULL;
  for (std::size_t i = scenarios.size(); i > 1; --i) {
    state = splitmix64(state);
    std::swap(scenarios[i - 1], scenarios[state % i]);
  }
}

std::string run_prefix_for(std::uint64_t seed) { return "r" + hex(splitmix64(seed), 10); }

std::uint64_t fresh_seed() {
  std::random_device device;
  const auto now = static_cast<std::uint64_t>(
      std::chrono::system_clock::now().time_since_epoch().count());
  return splitmix64(now ^ (static_cast<std::uint64_t>(device()) << 32) ^ device());
}

Result<reports::RunResult> run_suite(const Catalogue& catalogue,
                                     std::vector<const scenario::Scenario*> selected,
                                     const Target& target, const SuiteOptions& options,
                                     Progress* progress) {
  auto url = net::TargetUrl::parse(target.url);
  if (!url) return target_error(url.error().message);
  if (target.tokens.empty()) return target_error("no accounts: the accounts file lists none");

  const auto started = std::chrono::steady_clock::now();
  reports::RunResult run;
  run.generator = std::string("syncsuite ") + SYNCSUITE_VERSION;
  run.target = target.label.empty() ? target.url : target.label;
  run.started_at = timestamp::system_now_text();
  run.seed = options.seed;

  EventLoop loop;
  net::TransportOptions transport;
  transport.timeout = options.timeout;
  transport.tls = options.tls;
  std::vector<Account> accounts = make_accounts(target.tokens);

  // Is it there, and is it the sync API? Every account's token must be accepted.
  {
    net::BeastTransport probe(loop.io(), *url, transport);
    for (const auto& account : accounts) {
      protocol::HttpRequest request;
      request.method = "GET";
      request.target = std::string(protocol::kStatusPath);
      request.headers.push_back({"Authorization", "Token " + account.token});
      auto r = net::send_blocking(loop.io(), probe, std::move(request));
      if (auto st = classify_probe(*url, r, account.index, options.timeout); !st) return st.error();
    }
  }

  std::mt19937_64 random(splitmix64(options.seed));
  const std::string prefix = run_prefix_for(options.seed);
  std::error_code ec;
  const fs::path work_dir = fs::temp_directory_path(ec) / ("syncsuite-" + prefix + "-" + hex(fresh_seed(), 6));
  fs::create_directories(work_dir, ec);
  if (ec) return target_error("cannot create a work directory " + work_dir.string() + ": " + ec.message());

  RunEnv env{
      .loop = loop,
      .url = *url,
      .transport = transport,
      .accounts = accounts,
      .registry = catalogue.registry,
      .run_prefix = prefix,
      .canary = "syncsuite-canary-" + prefix + "-" + hex(random(), 8),
      .base_time = timestamp::system_now() / 1000 * 1000,
      .work_dir = work_dir,
      .random = random,
      .step_limit = std::chrono::milliseconds(60000) + 10 * options.timeout,
      .foreign_box = nullptr,
      .case_counter = 0,
      .setup_error = "",
      .client = options.client,
      .seed = options.seed,
      .budget = options.budget,
  };
  {
    const auto foreign = crypto::KeyPair::generate();
    env.foreign_box = std::make_unique<crypto::RecordBox>(foreign.public_key, foreign.secret_key);
  }

  // The suite's keypairs on the server, so that devices and the server agree on the key. A client
  // under test on fresh accounts uploads its key itself (contract 3): that is one of the things
  // judged. On the target's own accounts (an interop run) the suite uploads them as for `run`.
  if (!options.client || !options.client->fresh_tokens) {
    net::BeastTransport keys(loop.io(), *url, transport);
    for (const auto& account : accounts) {
      if (auto problem = upload_key(loop, keys, account); !problem.empty()) {
        env.setup_error = "setup: " + problem;
        break;
      }
    }
  }
  loop.drain(std::chrono::milliseconds(5000));

  shuffle_by_seed(selected, options.seed);
  if (progress) progress->run_started(target, selected.size(), options.seed, prefix);
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (options.client) {
      // Fresh accounts: a client under test starts empty and pulls from the beginning, so no
      // scenario meets another's records.
      if (options.client->fresh_tokens) accounts = make_accounts(options.client->fresh_tokens());
      if (options.client->before_case) options.client->before_case();
    }
    run.scenarios.push_back(run_case(*selected[i], env));
    if (progress) progress->scenario_done(run.scenarios.back(), i, selected.size());
  }
  apply_baseline(run, options.baseline);
  fs::remove_all(work_dir, ec);
  run.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return run;
}

}  // namespace syncsuite::runner
