#include "harness/load/load_run.hpp"

#include <sys/resource.h>

#include <atomic>
#include <future>
#include <ostream>
#include <random>
#include <thread>

#include "harness/load/fd_limit.hpp"
#include "harness/load/progress_line.hpp"
#include "harness/load/shard_plan.hpp"
#include "harness/load/worker.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/embedded_server.hpp"
#include "reports/load_merge.hpp"

namespace syncsuite::load {

using namespace std::chrono_literals;

namespace {

std::string run_table() {
  // A table of this run's own: records of earlier runs on the same accounts never mix in.
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string table = "load_";
  for (int i = 0; i < 12; ++i) table += kHex[random() % 16];
  return table;
}

struct Resources {
  std::uint64_t peak_rss_bytes = 0;
  double cpu_seconds = 0;
};

Resources resources() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return Resources{static_cast<std::uint64_t>(usage.ru_maxrss) * 1024,
                   seconds(usage.ru_utime) + seconds(usage.ru_stime)};
}

// Prints the progress line once a second (terminal) or every five seconds (log), until `done`.
void show_progress(const LoadRunOptions& options, const std::vector<std::unique_ptr<Worker>>& workers,
                   SteadyClock::time_point start, std::uint64_t devices,
                   const std::atomic<int>& running) {
  const LoadProfile& profile = *options.profile;
  const auto period = options.progress_is_terminal ? 1s : 5s;
  std::uint64_t last_requests = 0;
  auto last_at = start;
  auto next = start + period;
  bool printed = false;
  while (running.load() > 0) {
    std::this_thread::sleep_for(50ms);
    const auto now = SteadyClock::now();
    if (now < next || !options.progress) continue;
    next += period;
    ProgressView view;
    view.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
    view.warmup = profile.warmup;
    view.planned = planned_time(profile);
    view.devices = devices;
    reports::Histogram last_second;
    std::optional<std::uint32_t> second;
    for (const auto& worker : workers) {
      auto p = worker->progress();
      view.requests += p.requests;
      view.errors += p.errors;
      view.active += p.active;
      view.final_done += p.finished_devices;
      if (p.has_last_second) {
        if (!second || p.last_second_index > *second) {
          second = p.last_second_index;
          last_second = p.last_second;
        } else if (p.last_second_index == *second) {
          last_second.merge(p.last_second);
        }
      }
    }
    view.final_check = view.elapsed > view.planned + 1s && view.final_done > 0;
    view.final_total = devices * 2;
    const double dt = std::chrono::duration<double>(now - last_at).count();
    view.requests_per_s = dt > 0 ? static_cast<double>(view.requests - last_requests) / dt : 0;
    last_requests = view.requests;
    last_at = now;
    if (last_second.count() > 0) view.p99_ms = static_cast<double>(last_second.percentile(99)) / 1000;
    const auto line = progress_line(view);
    if (options.progress_is_terminal) {
      *options.progress << "\r\033[K" << line << std::flush;
    } else {
      *options.progress << line << "\n" << std::flush;
    }
    printed = true;
  }
  if (printed && options.progress_is_terminal) *options.progress << "\n" << std::flush;
}

}  // namespace

Result<reports::LoadResult> run_load(const LoadRunOptions& options) {
  const LoadProfile& profile = *options.profile;
  const std::size_t accounts_total = accounts_needed(profile);
  const ShardPlan shard = plan_shard(profile, options.shard_index, options.shard_count);
  if (shard.devices == 0) {
    return make_error("usage", "shard " + std::to_string(options.shard_index) + "/" +
                                   std::to_string(options.shard_count) + " has no devices: the profile has " +
                                   std::to_string(accounts_total) + " accounts; use fewer shards");
  }

  std::unique_ptr<runner::EmbeddedServer> embedded;
  std::vector<std::string> tokens = options.tokens;
  std::string target = options.target;
  if (target.empty()) {
    if (auto st = ensure_fd_limit(shard.devices * 2 + 256); !st) return st.error();
    auto server = runner::EmbeddedServer::start(options.embedded_mutant,
                                                static_cast<int>(accounts_total));
    if (!server) return make_error("setup", server.error().message);
    embedded = std::move(server).value();
    target = embedded->url();
    tokens = embedded->tokens();
  } else {
    if (auto st = ensure_fd_limit(shard.devices + 256); !st) return st.error();
    if (tokens.size() < accounts_total) {
      return make_error("usage", "the accounts file has " + std::to_string(tokens.size()) +
                                     " accounts; the profile needs " + std::to_string(accounts_total) +
                                     " (" + std::to_string(profile.devices) + " devices, " +
                                     std::to_string(profile.devices_per_account) + " per account)");
    }
  }
  auto url = net::TargetUrl::parse(target);
  if (!url) return make_error("usage", url.error().message);

  RunShared shared;
  shared.profile = &profile;
  shared.table = run_table();
  const int thread_count = options.threads > 0
                               ? options.threads
                               : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto dealt = deal_to_workers(shard, thread_count);
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t w = 0; w < dealt.size(); ++w) {
    if (dealt[w].empty()) continue;
    WorkerPlan plan;
    plan.shared = &shared;
    plan.url = *url;
    plan.transport.timeout = profile.timeout;
    plan.transport.tls = options.tls;
    plan.seed = options.seed * 1'000'003 + static_cast<std::uint64_t>(options.shard_index) * 1009 + w;
    std::uint64_t devices = 0;
    for (const auto& slice : dealt[w]) {
      AccountPlan account;
      account.index = slice.account;
      account.token = tokens[slice.account];
      auto keys = runner::derive_keypair(account.token);
      account.public_key = keys.public_key;
      account.box = std::make_shared<const crypto::RecordBox>(keys.public_key, keys.secret_key);
      account.first_device = slice.first_device;
      account.device_count = slice.device_count;
      devices += slice.device_count;
      plan.accounts.push_back(std::move(account));
    }
    plan.arrival_share = shard.share * static_cast<double>(devices) / static_cast<double>(shard.devices);
    workers.push_back(std::make_unique<Worker>(std::move(plan)));
  }

  // Each worker sets up on its own thread; all start at one instant once every one is ready.
  std::vector<std::promise<Status>> ready(workers.size());
  std::promise<std::optional<SteadyClock::time_point>> go;
  auto go_future = go.get_future().share();
  std::atomic<int> running{static_cast<int>(workers.size())};
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < workers.size(); ++w) {
    threads.emplace_back([&, w] {
      ready[w].set_value(workers[w]->setup());
      if (auto start = go_future.get()) workers[w]->run(*start);
      --running;
    });
  }
  std::optional<Error> setup_error;
  for (auto& r : ready) {
    auto st = r.get_future().get();
    if (!st && !setup_error) setup_error = st.error();
  }
  if (setup_error) {
    go.set_value(std::nullopt);
    for (auto& t : threads) t.join();
    const bool network = setup_error->code == "connect" || setup_error->code == "tls" ||
                         setup_error->code == "timeout" || setup_error->code == "io" ||
                         setup_error->code == "http_status" || setup_error->code == "bad_response";
    return make_error(network ? "unreachable" : "client",
                      "target " + url->origin() + ": " + setup_error->message);
  }
  const auto start = SteadyClock::now() + 50ms;
  const auto started_at =
      timestamp::format(timestamp::system_now() + 50 + profile.warmup.count());
  go.set_value(start);
  show_progress(options, workers, start, shard.devices, running);
  for (auto& t : threads) t.join();

  // The workers' parts are merged as shards of this process: exact, histograms included.
  std::vector<reports::LoadResult> parts;
  for (std::size_t w = 0; w < workers.size(); ++w) {
    auto part = workers[w]->result();
    part.profile = profile.name;
    part.model = std::string(model_name(profile.model));
    part.shard_index = static_cast<int>(w);
    part.shard_count = static_cast<int>(workers.size());
    parts.push_back(std::move(part));
  }
  auto merged = reports::merge_load_results(parts);
  if (auto* error = std::get_if<std::string>(&merged)) return make_error("client", *error);
  auto result = std::get<reports::LoadResult>(std::move(merged));
  result.profile = profile.name;
  result.target = !options.target.empty() ? url->origin() + url->base_path
                  : options.embedded_mutant.empty()
                      ? "embedded reference server"
                      : "embedded reference server (mutant " + options.embedded_mutant + ")";
  result.started_at = started_at;
  result.model = std::string(model_name(profile.model));
  result.seed = options.seed;
  result.shard_index = options.shard_index;
  result.shard_count = options.shard_count;
  result.devices = shard.devices;
  result.accounts = shard.accounts.size();
  result.warmup_s = static_cast<double>(profile.warmup.count()) / 1000;
  result.duration_s = static_cast<double>(measured_time(profile).count()) / 1000;
  result.thresholds.clear();
  for (const auto& t : profile.thresholds) result.thresholds.push_back(t.expression);
  result.threshold_results.clear();
  // Actions in the profile's order, each present even if it never ran (thresholds can name it).
  std::vector<reports::ActionStats> ordered;
  for (const auto& name : action_names(profile)) {
    reports::ActionStats stats;
    stats.action = name;
    for (const auto& a : result.actions) {
      if (a.action == name) stats = a;
    }
    ordered.push_back(std::move(stats));
  }
  result.actions = std::move(ordered);
  const auto used = resources();
  result.peak_rss_bytes = used.peak_rss_bytes;
  result.cpu_seconds = used.cpu_seconds;
  // Hints for the summary: the first message of each error kind.
  if (options.progress) {
    std::vector<ErrorKind> shown;
    for (const auto& worker : workers) {
      for (const auto& [kind, message] : worker->first_errors()) {
        if (std::find(shown.begin(), shown.end(), kind) != shown.end()) continue;
        shown.push_back(kind);
        *options.progress << "load: first " << error_kind_name(kind) << " error: " << message << "\n";
        if (kind == ErrorKind::connect) {
          *options.progress << "load: hint: out of local ports or descriptors shows here as "
                               "'Cannot assign requested address' or 'Too many open files': widen "
                               "net.ipv4.ip_local_port_range, raise ulimit -n, or split the run "
                               "with --shard\n";
        }
      }
    }
  }
  workers.clear();
  return result;
}

}  // namespace syncsuite::load
