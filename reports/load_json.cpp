#include "reports/load_json.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "reports/load_metrics.hpp"

namespace syncsuite::reports {
namespace {

using Json = nlohmann::ordered_json;

// ---- writing ----

Json histogram_json(const Histogram& h) {
  Json buckets = Json::array();
  for (const auto& [bucket, count] : h.sparse()) buckets.push_back(Json::array({bucket, count}));
  return Json{
      {"count", h.count()},
      {"min_us", h.min()},
      {"max_us", h.max()},
      {"sum_us", h.sum()},
      {"mean_ms", h.mean() / 1000.0},
      {"p50_ms", to_ms(h.percentile(50))},
      {"p90_ms", to_ms(h.percentile(90))},
      {"p99_ms", to_ms(h.percentile(99))},
      {"p99_9_ms", to_ms(h.percentile(99.9))},
      {"max_ms", to_ms(h.max())},
      {"buckets", std::move(buckets)},
  };
}

Json action_json(const ActionStats& a) {
  Json by_class = Json::object();
  for (const auto& [cls, h] : a.latency_by_class) by_class[cls] = histogram_json(h);
  Json errors = Json::object();
  for (const auto& [kind, n] : a.errors) errors[kind] = n;
  return Json{
      {"action", a.action},
      {"requests", a.requests},
      {"ok", a.ok},
      {"records", a.records},
      {"bytes", a.bytes},
      {"dropped", a.dropped},
      {"errors", errors},
      {"latency", histogram_json(a.latency)},
      {"latency_by_class", by_class},
  };
}

Json interval_json(const IntervalStats& i) {
  return Json{
      {"second", i.second},
      {"requests", i.requests},
      {"errors", i.errors},
      {"records", i.records},
      {"dropped", i.dropped},
      {"active_devices", i.active_devices},
      {"latency", histogram_json(i.latency)},
  };
}

Json threshold_result_json(const ThresholdResult& t) {
  return Json{
      {"expression", t.expression},
      {"passed", t.passed},
      {"observed", t.observed ? Json(*t.observed) : Json(nullptr)},
      {"message", t.message},
  };
}

Json correctness_json(const CorrectnessResult& c) {
  return Json{
      {"passed", c.passed()},
      {"records_checked", c.records_checked},
      {"acknowledged_writes", c.acknowledged_writes},
      {"unknown_outcome", c.unknown_outcome},
      {"lost", c.lost},
      {"corrupted", c.corrupted},
      {"disagreements", c.disagreements},
      {"problems", c.problems},
  };
}

// ---- reading: every accessor names the field it reads in its error ----

struct Bad {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Bad{"field '" + path + "': " + what};
}

std::string at(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string at(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

const Json& member(const Json& object, std::string_view key, const std::string& path) {
  if (!object.is_object()) fail(path, "expected an object");
  const auto it = object.find(key);
  if (it == object.end()) fail(at(path, key), "missing");
  return *it;
}

std::uint64_t u64(const Json& value, const std::string& path) {
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<std::int64_t>() >= 0))
    fail(path, "expected a non-negative integer");
  return value.get<std::uint64_t>();
}

std::uint64_t u64(const Json& object, std::string_view key, const std::string& path) {
  return u64(member(object, key, path), at(path, key));
}

double number(const Json& object, std::string_view key, const std::string& path) {
  const Json& value = member(object, key, path);
  if (!value.is_number()) fail(at(path, key), "expected a number");
  return value.get<double>();
}

std::string text(const Json& value, const std::string& path) {
  if (!value.is_string()) fail(path, "expected a string");
  return value.get<std::string>();
}

std::string text(const Json& object, std::string_view key, const std::string& path) {
  return text(member(object, key, path), at(path, key));
}

const Json& array(const Json& object, std::string_view key, const std::string& path) {
  const Json& value = member(object, key, path);
  if (!value.is_array()) fail(at(path, key), "expected an array");
  return value;
}

const Json& object(const Json& parent, std::string_view key, const std::string& path) {
  const Json& value = member(parent, key, path);
  if (!value.is_object()) fail(at(path, key), "expected an object");
  return value;
}

std::vector<std::string> texts(const Json& parent, std::string_view key, const std::string& path) {
  const Json& values = array(parent, key, path);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < values.size(); ++i)
    out.push_back(text(values[i], at(at(path, key), i)));
  return out;
}

int small_int(const Json& object, std::string_view key, const std::string& path) {
  const std::uint64_t n = u64(object, key, path);
  if (n > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    fail(at(path, key), "too large");
  return static_cast<int>(n);
}

Histogram histogram(const Json& parent, std::string_view key, const std::string& parent_path) {
  const std::string path = at(parent_path, key);
  const Json& h = object(parent, key, parent_path);
  const Json& buckets = array(h, "buckets", path);
  std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const std::string bucket_path = at(at(path, "buckets"), i);
    const Json& pair = buckets[i];
    if (!pair.is_array() || pair.size() != 2) fail(bucket_path, "expected [bucket, count]");
    const std::uint64_t bucket = u64(pair[0], bucket_path);
    if (bucket >= Histogram::kBucketCount)
      fail(bucket_path, "bucket " + std::to_string(bucket) + " is out of range (0.." +
                            std::to_string(Histogram::kBucketCount - 1) + ")");
    const std::uint64_t count = u64(pair[1], bucket_path);
    sparse.emplace_back(static_cast<std::uint32_t>(bucket), count);
    total += count;
  }
  if (u64(h, "count", path) != total) fail(at(path, "count"), "differs from the bucket counts");
  auto result = Histogram::from_sparse(sparse, u64(h, "min_us", path), u64(h, "max_us", path),
                                       u64(h, "sum_us", path));
  if (!result) fail(path, "min_us/max_us do not match the buckets");
  return std::move(*result);
}

ActionStats read_action(const Json& j, const std::string& path) {
  ActionStats a;
  a.action = text(j, "action", path);
  a.requests = u64(j, "requests", path);
  a.ok = u64(j, "ok", path);
  a.records = u64(j, "records", path);
  a.bytes = u64(j, "bytes", path);
  a.dropped = u64(j, "dropped", path);
  const Json& errors = object(j, "errors", path);
  for (const auto& [kind, n] : errors.items())
    a.errors[kind] = u64(n, at(at(path, "errors"), kind));
  a.latency = histogram(j, "latency", path);
  const Json& by_class = object(j, "latency_by_class", path);
  for (const auto& [cls, h] : by_class.items())
    a.latency_by_class[cls] = histogram(by_class, cls, at(path, "latency_by_class"));
  return a;
}

IntervalStats read_interval(const Json& j, const std::string& path) {
  IntervalStats i;
  const std::uint64_t second = u64(j, "second", path);
  if (second > std::numeric_limits<std::uint32_t>::max()) fail(at(path, "second"), "too large");
  i.second = static_cast<std::uint32_t>(second);
  i.requests = u64(j, "requests", path);
  i.errors = u64(j, "errors", path);
  i.records = u64(j, "records", path);
  i.dropped = u64(j, "dropped", path);
  i.active_devices = u64(j, "active_devices", path);
  i.latency = histogram(j, "latency", path);
  return i;
}

ThresholdResult read_threshold_result(const Json& j, const std::string& path) {
  ThresholdResult t;
  t.expression = text(j, "expression", path);
  const Json& passed = member(j, "passed", path);
  if (!passed.is_boolean()) fail(at(path, "passed"), "expected true or false");
  t.passed = passed.get<bool>();
  const Json& observed = member(j, "observed", path);
  if (!observed.is_null() && !observed.is_number())
    fail(at(path, "observed"), "expected a number or null");
  if (observed.is_number()) t.observed = observed.get<double>();
  t.message = text(j, "message", path);
  return t;
}

CorrectnessResult read_correctness(const Json& j, const std::string& path) {
  CorrectnessResult c;
  c.records_checked = u64(j, "records_checked", path);
  c.acknowledged_writes = u64(j, "acknowledged_writes", path);
  c.unknown_outcome = u64(j, "unknown_outcome", path);
  c.lost = u64(j, "lost", path);
  c.corrupted = u64(j, "corrupted", path);
  c.disagreements = u64(j, "disagreements", path);
  c.problems = texts(j, "problems", path);
  return c;
}

LoadResult read_result(const Json& j) {
  if (!j.is_object()) throw Bad{"expected a JSON object at the top level"};
  const Json& version = member(j, "schema_version", "");
  if (!version.is_number_integer() || version.get<std::int64_t>() != LoadResult::kSchemaVersion)
    fail("schema_version", "is " + version.dump() + "; this syncsuite reads version " +
                               std::to_string(LoadResult::kSchemaVersion));
  if (text(j, "kind", "") != "load") fail("kind", "expected \"load\" (is this a load result?)");
  LoadResult r;
  r.generator = text(j, "generator", "");
  r.profile = text(j, "profile", "");
  r.target = text(j, "target", "");
  r.started_at = text(j, "started_at", "");
  r.model = text(j, "model", "");
  r.seed = u64(j, "seed", "");
  const Json& shard = object(j, "shard", "");
  r.shard_index = small_int(shard, "index", "shard");
  r.shard_count = small_int(shard, "count", "shard");
  if (r.shard_count < 1 || r.shard_index >= r.shard_count)
    fail("shard", "index " + std::to_string(r.shard_index) + " of count " +
                      std::to_string(r.shard_count) + " is impossible");
  r.devices = u64(j, "devices", "");
  r.accounts = u64(j, "accounts", "");
  r.warmup_s = number(j, "warmup_s", "");
  r.duration_s = number(j, "duration_s", "");
  const Json& resources = object(j, "resources", "");
  r.peak_rss_bytes = u64(resources, "peak_rss_bytes", "resources");
  r.cpu_seconds = number(resources, "cpu_seconds", "resources");
  r.thresholds = texts(j, "thresholds", "");
  const Json& results = array(j, "threshold_results", "");
  for (std::size_t i = 0; i < results.size(); ++i)
    r.threshold_results.push_back(read_threshold_result(results[i], at("threshold_results", i)));
  r.correctness = read_correctness(object(j, "correctness", ""), "correctness");
  const Json& actions = array(j, "actions", "");
  for (std::size_t i = 0; i < actions.size(); ++i)
    r.actions.push_back(read_action(actions[i], at("actions", i)));
  const Json& intervals = array(j, "intervals", "");
  for (std::size_t i = 0; i < intervals.size(); ++i)
    r.intervals.push_back(read_interval(intervals[i], at("intervals", i)));
  return r;
}

}  // namespace

std::string write_load_json(const LoadResult& r) {
  Json actions = Json::array();
  for (const ActionStats& a : r.actions) actions.push_back(action_json(a));
  Json intervals = Json::array();
  for (const IntervalStats& i : r.intervals) intervals.push_back(interval_json(i));
  Json threshold_results = Json::array();
  for (const ThresholdResult& t : r.threshold_results)
    threshold_results.push_back(threshold_result_json(t));
  const Json out{
      {"schema_version", LoadResult::kSchemaVersion},
      {"kind", "load"},
      {"generator", r.generator},
      {"profile", r.profile},
      {"target", r.target},
      {"started_at", r.started_at},
      {"model", r.model},
      {"seed", r.seed},
      {"shard", {{"index", r.shard_index}, {"count", r.shard_count}}},
      {"devices", r.devices},
      {"accounts", r.accounts},
      {"warmup_s", r.warmup_s},
      {"duration_s", r.duration_s},
      {"resources", {{"peak_rss_bytes", r.peak_rss_bytes}, {"cpu_seconds", r.cpu_seconds}}},
      {"thresholds", r.thresholds},
      {"threshold_results", std::move(threshold_results)},
      {"correctness", correctness_json(r.correctness)},
      {"actions", std::move(actions)},
      {"intervals", std::move(intervals)},
  };
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::variant<LoadResult, std::string> read_load_json(std::string_view text) {
  Json parsed;
  try {
    parsed = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return std::string("not valid JSON: ") + e.what();
  }
  try {
    return read_result(parsed);
  } catch (const Bad& bad) {
    return bad.message;
  }
}

}  // namespace syncsuite::reports
