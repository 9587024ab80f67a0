#include "reports/load_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

using Json = nlohmann::ordered_json;

LoadResult read_ok(std::string_view text) {
  auto result = read_load_json(text);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::holds_alternative<LoadResult>(result) ? std::get<LoadResult>(result) : LoadResult{};
}

std::string read_error(const Json& j) {
  auto result = read_load_json(j.dump());
  if (std::holds_alternative<LoadResult>(result)) return "(read without error)";
  return std::get<std::string>(result);
}

TEST(LoadJsonTest, RoundTripsExactly) {
  const LoadResult original = testing::sample_load();
  const LoadResult back = read_ok(write_load_json(original));
  EXPECT_EQ(back, original);
  ASSERT_EQ(back.actions.size(), 3u);
  EXPECT_EQ(back.actions[0].latency, original.actions[0].latency);
  EXPECT_EQ(back.actions[1].latency_by_class, original.actions[1].latency_by_class);
  EXPECT_EQ(back.intervals, original.intervals);
  EXPECT_EQ(back.seed, 18446744073709551557ull);
  EXPECT_EQ(write_load_json(back), write_load_json(original));
}

TEST(LoadJsonTest, RoundTripsAwkwardDoublesBitForBit) {
  LoadResult run = testing::sample_load(100);
  run.duration_s = 1.0 / 3.0;
  run.cpu_seconds = 0.1 + 0.2;
  run.warmup_s = 1e-300;
  run.threshold_results[0].observed = 123456.78901234567;
  EXPECT_EQ(read_ok(write_load_json(run)), run);
}

TEST(LoadJsonTest, RoundTripsAnEmptyResult) {
  const LoadResult empty;
  EXPECT_EQ(read_ok(write_load_json(empty)), empty);
}

TEST(LoadJsonTest, SchemaVersionFirstAndHumanPercentiles) {
  const LoadResult run = testing::sample_load();
  const Json j = Json::parse(write_load_json(run));
  EXPECT_EQ(j.begin().key(), "schema_version");
  EXPECT_EQ(j["schema_version"], LoadResult::kSchemaVersion);
  const Json& latency = j["actions"][0]["latency"];
  const Histogram& h = run.actions[0].latency;
  EXPECT_EQ(latency["count"], h.count());
  EXPECT_DOUBLE_EQ(latency["p99_ms"].get<double>(), static_cast<double>(h.percentile(99)) / 1000);
  EXPECT_DOUBLE_EQ(latency["p99_9_ms"].get<double>(),
                   static_cast<double>(h.percentile(99.9)) / 1000);
  EXPECT_DOUBLE_EQ(latency["max_ms"].get<double>(), static_cast<double>(h.max()) / 1000);
  EXPECT_EQ(latency["buckets"].size(), h.sparse().size());
  EXPECT_EQ(j["correctness"]["passed"], false);
  EXPECT_EQ(j["threshold_results"][1]["observed"], nullptr);
}

TEST(LoadJsonTest, RefusesAnotherSchemaVersion) {
  Json j = Json::parse(write_load_json(testing::sample_load()));
  j["schema_version"] = 2;
  const std::string error = read_error(j);
  EXPECT_NE(error.find("schema_version"), std::string::npos) << error;
  EXPECT_NE(error.find("is 2"), std::string::npos) << error;
}

TEST(LoadJsonTest, RefusesMalformedJson) {
  auto result = read_load_json("{\"schema_version\": 1,");
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find("not valid JSON"), std::string::npos);
}

TEST(LoadJsonTest, RefusesAConformanceReport) {
  Json j = Json::parse(write_load_json(testing::sample_load()));
  j.erase("kind");
  EXPECT_EQ(read_error(j), "field 'kind': missing");
}

struct BadField {
  std::string name;
  std::string json_pointer;
  Json value;
  std::string expected_error;
};

class LoadJsonBadFieldTest : public ::testing::TestWithParam<BadField> {};

TEST_P(LoadJsonBadFieldTest, NamesTheField) {
  Json j = Json::parse(write_load_json(testing::sample_load()));
  j[Json::json_pointer(GetParam().json_pointer)] = GetParam().value;
  EXPECT_EQ(read_error(j), GetParam().expected_error);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, LoadJsonBadFieldTest,
    ::testing::Values(
        BadField{"NegativeCount", "/actions/1/requests", -1,
                 "field 'actions[1].requests': expected a non-negative integer"},
        BadField{"TextForNumber", "/duration_s", "20", "field 'duration_s': expected a number"},
        BadField{"BucketOutOfRange", "/actions/0/latency/buckets/0", Json::array({99999, 1}),
                 "field 'actions[0].latency.buckets[0]': bucket 99999 is out of range (0..3839)"},
        BadField{"BucketNotAPair", "/intervals/3/latency/buckets/0", Json::array({1}),
                 "field 'intervals[3].latency.buckets[0]': expected [bucket, count]"},
        BadField{"CountMismatch", "/actions/2/latency/count", 1,
                 "field 'actions[2].latency.count': differs from the bucket counts"},
        BadField{"MaxMismatch", "/actions/0/latency_by_class/2xx/max_us", 1,
                 "field 'actions[0].latency_by_class.2xx': min_us/max_us do not match the "
                 "buckets"},
        BadField{"ErrorKind", "/actions/0/errors/timeout", "many",
                 "field 'actions[0].errors.timeout': expected a non-negative integer"},
        BadField{"Shard", "/shard/index", 3, "field 'shard': index 3 of count 1 is impossible"},
        BadField{"Observed", "/threshold_results/0/observed", "fast",
                 "field 'threshold_results[0].observed': expected a number or null"},
        BadField{"Problems", "/correctness/problems/0", 5,
                 "field 'correctness.problems[0]': expected a string"},
        BadField{"Actions", "/actions", Json::object(), "field 'actions': expected an array"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace syncsuite::reports
