#include "harness/load/profile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

namespace syncsuite::load {
namespace {

using scenario::LoadError;
using std::chrono::milliseconds;

std::optional<LoadProfile> parse(const std::string& text, std::vector<LoadError>& errors) {
  return parse_profile(text, "p.yaml", errors);
}

// A valid closed profile using every closed key; line numbers below refer to this layout.
constexpr const char* kClosedFull = R"(name: mixed-small
description: a bit of everything
model: closed
devices: 9
devices_per_account: 4
records_per_account: 600
warmup: 1s
duration: 1m30s
think_time: {min: 50ms, max: 200ms}
timeout: 5s
mix:
  - {action: push, weight: 60, records: 10, bytes: 256}
  - {action: pull, weight: 25, limit: 100}
  - {action: status}
  - {action: conflict, weight: 5, bytes: 64, resolution: merged}
  - {action: delete, weight: 5, records: 2}
  - {action: raw, weight: 1, method: POST, path: "/api/v1/sync/push/", body: "{}"}
  - {action: push, name: push_big, weight: 1, records: 500, bytes: 4096}
thresholds:
  - "p99(push) < 250ms"
  - error_rate < 0.1%
)";

TEST(Profile, ClosedProfileLoadsEveryField) {
  std::vector<LoadError> errors;
  const auto p = parse(kClosedFull, errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(p->file, "p.yaml");
  EXPECT_EQ(p->name, "mixed-small");
  EXPECT_EQ(p->description, "a bit of everything");
  EXPECT_EQ(p->model, Model::closed);
  EXPECT_EQ(p->devices, 9);
  EXPECT_EQ(p->devices_per_account, 4);
  EXPECT_EQ(p->records_per_account, 600);
  EXPECT_EQ(p->warmup, milliseconds(1000));
  EXPECT_EQ(p->duration, milliseconds(90'000));
  EXPECT_EQ(p->think_time.min, milliseconds(50));
  EXPECT_EQ(p->think_time.max, milliseconds(200));
  EXPECT_EQ(p->timeout, milliseconds(5000));
  EXPECT_FALSE(p->rate.has_value());
  EXPECT_TRUE(p->stages.empty());
  ASSERT_EQ(p->mix.size(), 7u);
  EXPECT_EQ(p->mix[0].action, Action::push);
  EXPECT_EQ(p->mix[0].name, "push");
  EXPECT_EQ(p->mix[0].weight, 60);
  EXPECT_EQ(p->mix[0].records, 10);
  EXPECT_EQ(p->mix[0].bytes, 256);
  EXPECT_EQ(p->mix[0].mark.line, 12);
  EXPECT_EQ(p->mix[1].action, Action::pull);
  EXPECT_EQ(p->mix[1].pull_limit, 100);
  EXPECT_EQ(p->mix[2].action, Action::status);
  EXPECT_EQ(p->mix[2].weight, 1);  // the default
  EXPECT_EQ(p->mix[3].action, Action::conflict);
  EXPECT_EQ(p->mix[3].resolution, Resolution::merged);
  EXPECT_EQ(p->mix[3].bytes, 64);
  EXPECT_EQ(p->mix[4].action, Action::delete_records);
  EXPECT_EQ(p->mix[4].name, "delete");
  EXPECT_EQ(p->mix[4].records, 2);
  EXPECT_EQ(p->mix[5].action, Action::raw);
  EXPECT_EQ(p->mix[5].method, "POST");
  EXPECT_EQ(p->mix[5].path, "/api/v1/sync/push/");
  EXPECT_EQ(p->mix[5].body, "{}");
  EXPECT_EQ(p->mix[6].name, "push_big");
  EXPECT_EQ(p->mix[6].records, 500);
  ASSERT_EQ(p->thresholds.size(), 2u);
  EXPECT_EQ(p->thresholds[0].expression, "p99(push) < 250ms");
  EXPECT_EQ(p->thresholds[0].field, "thresholds[0]");
  EXPECT_EQ(p->thresholds[0].mark.line, 20);
  EXPECT_EQ(p->thresholds[0].mark.file, "p.yaml");
  EXPECT_EQ(p->thresholds[1].expression, "error_rate < 0.1%");
  EXPECT_EQ(p->thresholds[1].mark.line, 21);
  EXPECT_EQ(p->thresholds[1].mark.column, 5);
}

TEST(Profile, DerivedFiguresOfAClosedProfile) {
  std::vector<LoadError> errors;
  const auto p = parse(kClosedFull, errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_EQ(accounts_needed(*p), 3u);  // ceil(9 / 4)
  EXPECT_EQ(action_names(*p), (std::vector<std::string>{"push", "pull", "status", "conflict",
                                                        "delete", "raw", "push_big"}));
  EXPECT_FALSE(is_staged(*p));
  EXPECT_EQ(measured_time(*p), milliseconds(90'000));
  EXPECT_EQ(planned_time(*p), milliseconds(91'000));
  EXPECT_EQ(arrival_rate_at(*p, milliseconds(0)), 0.0);
}

constexpr const char* kStaged = R"(name: ramp
model: open
devices: 50
warmup: 2s
start_rate: 10
stages:
  - {duration: 10s, target: 110}
  - {duration: 0s, target: 200}
  - {duration: 20s, target: 200}
  - {duration: 10s, target: 0}
mix: [{action: status}]
)";

TEST(Profile, StagedOpenProfileRampsLinearly) {
  std::vector<LoadError> errors;
  const auto p = parse(kStaged, errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_EQ(p->model, Model::open);
  EXPECT_TRUE(is_staged(*p));
  EXPECT_FALSE(p->rate.has_value());
  EXPECT_EQ(p->start_rate, 10.0);
  ASSERT_EQ(p->stages.size(), 4u);
  EXPECT_EQ(p->stages[0].mark.line, 7);
  EXPECT_EQ(measured_time(*p), milliseconds(40'000));
  EXPECT_EQ(planned_time(*p), milliseconds(42'000));
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(0)), 10.0);
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(5000)), 60.0);
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(10'000)), 200.0);  // the 0s step
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(25'000)), 200.0);
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(35'000)), 100.0);
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(40'000)), 0.0);
}

TEST(Profile, ConstantOpenProfile) {
  std::vector<LoadError> errors;
  const auto p = parse(
      "name: c\nmodel: open\ndevices: 10\nrate: 12.5\nduration: 30s\n"
      "mix: [{action: pull}]\n",
      errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_EQ(p->rate, 12.5);
  EXPECT_EQ(p->think_time.max, milliseconds(0));
  EXPECT_EQ(planned_time(*p), milliseconds(30'000));
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(29'999)), 12.5);
  EXPECT_DOUBLE_EQ(arrival_rate_at(*p, milliseconds(30'000)), 0.0);
  EXPECT_EQ(p->mix[0].pull_limit, std::nullopt);
}

TEST(Profile, FixedThinkTimeAndDefaults) {
  std::vector<LoadError> errors;
  const auto p = parse(
      "name: d\nmodel: closed\ndevices: 1\nduration: 1s\nthink_time: 100ms\n"
      "mix: [{action: push}, {action: raw, path: /api/v1/sync/status/}]\n",
      errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_EQ(p->think_time.min, milliseconds(100));
  EXPECT_EQ(p->think_time.max, milliseconds(100));
  EXPECT_EQ(p->devices_per_account, 1);
  EXPECT_EQ(p->records_per_account, 1000);
  EXPECT_EQ(p->timeout, milliseconds(10'000));
  EXPECT_EQ(p->warmup, milliseconds(0));
  EXPECT_EQ(p->mix[0].records, 1);
  EXPECT_EQ(p->mix[0].bytes, 256);
  EXPECT_EQ(p->mix[1].method, "GET");
  EXPECT_EQ(accounts_needed(*p), 1u);
}

TEST(Profile, EveryProblemIsCollected) {
  std::vector<LoadError> errors;
  const auto p = parse(
      "name: e\nmodel: closed\ndevices: 0\nduration: 10 s\nrate: 5\n"
      "mix: [{action: jump}, {action: pull, weight: 0}]\nthresholds: [\"\"]\n",
      errors);
  EXPECT_FALSE(p.has_value());
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"devices", "duration", "rate", "mix[0].action",
                                           "mix[1].weight", "thresholds[0]"}))
      << scenario::to_string(errors);
  for (const auto& e : errors) EXPECT_EQ(e.file, "p.yaml");
}

// Every cut of a valid profile either loads or says why not; none throws.
TEST(Profile, EveryTruncationLoadsOrExplains) {
  const std::string full = kClosedFull;
  for (std::size_t n = 0; n <= full.size(); ++n) {
    std::vector<LoadError> errors;
    const auto p = parse(full.substr(0, n), errors);
    EXPECT_NE(p.has_value(), !errors.empty()) << "cut at " << n << "\n"
                                              << scenario::to_string(errors);
  }
}

TEST(Profile, NullValuesAreErrorsNotCrashes) {
  std::vector<LoadError> errors;
  const auto p = parse(
      "name:\nmodel: open\ndevices:\nrate:\nduration:\nmix:\n  -\nthresholds:\n  -\n", errors);
  EXPECT_FALSE(p.has_value());
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "devices", "rate", "duration", "mix[0]",
                                           "thresholds[0]"}))
      << scenario::to_string(errors);
}

TEST(Profile, MissingFileIsAnError) {
  std::vector<LoadError> errors;
  const auto p = load_profile("/nonexistent/profile.yaml", errors);
  EXPECT_FALSE(p.has_value());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, "/nonexistent/profile.yaml");
  EXPECT_NE(errors[0].message.find("cannot read"), std::string::npos);
}

// ---- rejections: the first error's line, field and a part of its message --------------------

struct BadCase {
  const char* name;
  std::string text;
  int line;
  const char* field;
  const char* message;
};

// Heads to which a case adds lines: closed (mix and duration given; the case starts at line 6),
// open (mix given; line 5), mix (the case's entries start at line 6).
const std::string kClosed =
    "name: t\nmodel: closed\ndevices: 4\nduration: 10s\nmix: [{action: status}]\n";
const std::string kClosedNoDuration =
    "name: t\nmodel: closed\ndevices: 4\nmix: [{action: status}]\n";
const std::string kOpen = "name: t\nmodel: open\ndevices: 4\nmix: [{action: status}]\n";
const std::string kMix = "name: t\nmodel: closed\ndevices: 4\nduration: 10s\nmix:\n";

class ProfileRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ProfileRejects, NamingLineAndField) {
  const auto& c = GetParam();
  std::vector<LoadError> errors;
  const auto p = parse(c.text, errors);
  EXPECT_FALSE(p.has_value());
  ASSERT_FALSE(errors.empty()) << "no error for " << c.name;
  const auto& e = errors.front();
  EXPECT_EQ(e.file, "p.yaml");
  EXPECT_EQ(e.field, c.field) << e.to_string();
  EXPECT_EQ(e.line, c.line) << e.to_string();
  EXPECT_NE(e.message.find(c.message), std::string::npos) << e.to_string();
}

INSTANTIATE_TEST_SUITE_P(File, ProfileRejects,
                         ::testing::Values(BadCase{"NotYaml", "name: [\n", 2, "", "not valid YAML"},
                                           BadCase{"Empty", "", 0, "", "is empty"},
                                           BadCase{"TwoDocuments", kClosed + "---\n" + kClosed, 7,
                                                   "", "holds 2 YAML documents"},
                                           BadCase{"NotAMapping", "- name: t\n", 1, "",
                                                   "must be a mapping"}),
                         [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Head, ProfileRejects,
    ::testing::Values(
        BadCase{"UnknownKey", kClosed + "colour: red\n", 6, "colour", "unknown key"},
        BadCase{"DuplicateKey", kClosed + "devices: 5\n", 6, "devices", "duplicate key"},
        BadCase{"NoName", "model: closed\ndevices: 4\nduration: 10s\nmix: [{action: status}]\n", 1,
                "name", "is required"},
        BadCase{
            "BadName",
            "name: 'my run'\nmodel: closed\ndevices: 4\nduration: 10s\nmix: [{action: status}]\n",
            1, "name", "not a profile name"},
        BadCase{"NoModel", "name: t\ndevices: 4\nduration: 10s\nmix: [{action: status}]\n", 1,
                "model", "is required"},
        BadCase{"UnknownModel", "name: t\nmodel: half\ndevices: 4\nmix: [{action: status}]\n", 2,
                "model", "unknown model 'half'"},
        BadCase{"NoDevices", "name: t\nmodel: closed\nduration: 10s\nmix: [{action: status}]\n", 1,
                "devices", "is required"},
        BadCase{"DevicesZero",
                "name: t\nmodel: closed\ndevices: 0\nduration: 10s\nmix: [{action: status}]\n", 3,
                "devices", "between 1 and 1000000"},
        BadCase{
            "DevicesTooMany",
            "name: t\nmodel: closed\ndevices: 1000001\nduration: 10s\nmix: [{action: status}]\n", 3,
            "devices", "between 1 and 1000000"},
        BadCase{"DevicesText",
                "name: t\nmodel: closed\ndevices: many\nduration: 10s\nmix: [{action: status}]\n",
                3, "devices", "must be an integer"},
        BadCase{"DevicesPerAccountZero", kClosed + "devices_per_account: 0\n", 6,
                "devices_per_account", "between 1"},
        BadCase{"RecordsPerAccountZero", kClosed + "records_per_account: 0\n", 6,
                "records_per_account", "between 1"},
        BadCase{"NoMix", "name: t\nmodel: closed\ndevices: 4\nduration: 10s\n", 1, "mix",
                "is required"},
        BadCase{"EmptyMix", "name: t\nmodel: closed\ndevices: 4\nduration: 10s\nmix: []\n", 5,
                "mix", "at least one action"},
        BadCase{"MixNotAList", "name: t\nmodel: closed\ndevices: 4\nduration: 10s\nmix: push\n", 5,
                "mix", "must be a list"},
        BadCase{"TimeoutZero", kClosed + "timeout: 0s\n", 6, "timeout", "more than 0s"},
        BadCase{"WarmupMalformed", kClosed + "warmup: 5 s\n", 6, "warmup",
                "has a space; write 5s"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Durations, ProfileRejects,
    ::testing::Values(
        BadCase{"Spaced", kClosedNoDuration + "duration: 10 s\n", 5, "duration", "has a space"},
        BadCase{"Negative", kClosedNoDuration + "duration: -1s\n", 5, "duration", "is negative"},
        BadCase{"NumberWithoutUnit", kClosedNoDuration + "duration: 1h30\n", 5, "duration",
                "the number 30 has no unit"},
        BadCase{"PlainNumber", kClosedNoDuration + "duration: 30\n", 5, "duration",
                "has no unit; write 30s"},
        BadCase{"Zero", kClosedNoDuration + "duration: 0s\n", 5, "duration", "more than 0s"},
        BadCase{"AList", kClosedNoDuration + "duration: [1s]\n", 5, "duration",
                "must be a duration"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Models, ProfileRejects,
    ::testing::Values(
        BadCase{"ClosedWithoutDuration", kClosedNoDuration, 1, "duration",
                "is required with model: closed"},
        BadCase{"ClosedWithRate", kClosed + "rate: 100\n", 6, "rate",
                "applies only to model: open"},
        BadCase{"ClosedWithStages", kClosed + "stages: [{duration: 1s, target: 1}]\n", 6, "stages",
                "applies only to model: open"},
        BadCase{"ClosedWithStartRate", kClosed + "start_rate: 1\n", 6, "start_rate",
                "applies only to model: open"},
        BadCase{"OpenWithThinkTime", kOpen + "rate: 10\nduration: 5s\nthink_time: 1s\n", 7,
                "think_time", "applies only to model: closed"},
        BadCase{"OpenWithRateAndStages",
                kOpen + "rate: 10\nduration: 5s\nstages: [{duration: 5s, target: 1}]\n", 7,
                "stages", "not both"},
        BadCase{"OpenWithNeither", kOpen, 1, "rate", "needs rate (with duration)"},
        BadCase{"OpenRateWithoutDuration", kOpen + "rate: 10\n", 1, "duration",
                "is required with a constant rate"},
        BadCase{"OpenRateZero", kOpen + "rate: 0\nduration: 5s\n", 5, "rate", "more than 0"},
        BadCase{"OpenRateQuoted", kOpen + "rate: '10'\nduration: 5s\n", 5, "rate",
                "must be a number"},
        BadCase{"OpenRateWithStartRate", kOpen + "rate: 10\nduration: 5s\nstart_rate: 1\n", 7,
                "start_rate", "applies only with stages"},
        BadCase{"StagesWithDuration", kOpen + "duration: 5s\nstages: [{duration: 5s, target: 1}]\n",
                5, "duration", "lasts as long as its stages"},
        BadCase{"StagesEmpty", kOpen + "stages: []\n", 5, "stages", "at least one stage"},
        BadCase{"StageWithoutTarget", kOpen + "stages:\n  - {duration: 5s}\n", 6,
                "stages[0].target", "is required"},
        BadCase{"StageNegativeTarget", kOpen + "stages:\n  - {duration: 5s, target: -3}\n", 6,
                "stages[0].target", "0 or more"},
        BadCase{"StageBadDuration", kOpen + "stages:\n  - {duration: 5 s, target: 3}\n", 6,
                "stages[0].duration", "has a space"},
        BadCase{"StageUnknownKey", kOpen + "stages:\n  - {duration: 5s, target: 3, rate: 4}\n", 6,
                "stages[0].rate", "unknown key"},
        BadCase{"StagesNoArrivals", kOpen + "stages:\n  - {duration: 5s, target: 0}\n", 6, "stages",
                "nothing would run"},
        BadCase{"StagesNoLength", kOpen + "stages:\n  - {duration: 0s, target: 5}\n", 6, "stages",
                "last 0s"},
        BadCase{"StagedWarmupAtZero", kOpen + "warmup: 5s\nstages: [{duration: 5s, target: 5}]\n",
                5, "warmup", "warms up at start_rate"},
        BadCase{"ThinkTimeMaxBelowMin", kClosed + "think_time: {min: 200ms, max: 50ms}\n", 6,
                "think_time.max", "less than min"},
        BadCase{"ThinkTimeUnknownKey", kClosed + "think_time: {min: 1s, max: 2s, mean: 1s}\n", 6,
                "think_time.mean", "unknown key"},
        BadCase{"ThinkTimeWithoutMax", kClosed + "think_time: {min: 1s}\n", 6, "think_time.max",
                "is required"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Mix, ProfileRejects,
    ::testing::Values(
        BadCase{"NotAMapping", kMix + "  - push\n", 6, "mix[0]", "must be a mapping"},
        BadCase{"NoAction", kMix + "  - {weight: 5}\n", 6, "mix[0].action", "is required"},
        BadCase{"UnknownAction", kMix + "  - {action: jump}\n", 6, "mix[0].action",
                "unknown action 'jump'"},
        BadCase{"WeightZero", kMix + "  - {action: push, weight: 0}\n", 6, "mix[0].weight",
                "between 1"},
        BadCase{"WeightFraction", kMix + "  - {action: push, weight: 0.5}\n", 6, "mix[0].weight",
                "must be an integer"},
        BadCase{"KeyOfAnotherAction",
                kMix + "  - {action: status}\n  - {action: pull, records: 5}\n", 7,
                "mix[1].records", "unknown key"},
        BadCase{"RecordsOverBatchLimit", kMix + "  - {action: push, records: 501}\n", 6,
                "mix[0].records", "contract's batch limit"},
        BadCase{"RecordsZero", kMix + "  - {action: delete, records: 0}\n", 6, "mix[0].records",
                "must be 1 to 500"},
        BadCase{"BytesTooMany", kMix + "  - {action: push, bytes: 2000000}\n", 6, "mix[0].bytes",
                "between 2 and 1048560"},
        BadCase{"BodyOver16MiB", kMix + "  - {action: push, records: 500, bytes: 100000}\n", 6,
                "mix[0]", "over the contract's 16 MiB"},
        BadCase{"RecordsOverIdSpace",
                "name: t\nmodel: closed\ndevices: 4\nduration: 10s\nrecords_per_account: 5\nmix:\n"
                "  - {action: push, records: 10}\n",
                7, "mix[0].records", "more than records_per_account (5)"},
        BadCase{"PullLimitOver", kMix + "  - {action: pull, limit: 1001}\n", 6, "mix[0].limit",
                "between 1 and 1000"},
        BadCase{"ConflictWithOneDevicePerAccount", kMix + "  - {action: conflict}\n", 6,
                "mix[0].action", "two devices of one account"},
        BadCase{"ConflictUnknownResolution",
                "name: t\nmodel: closed\ndevices: 4\ndevices_per_account: 2\nduration: 10s\nmix:\n"
                "  - {action: conflict, resolution: mine}\n",
                7, "mix[0].resolution", "unknown resolution 'mine'"},
        BadCase{"RawWithoutPath", kMix + "  - {action: raw, method: GET}\n", 6, "mix[0].path",
                "is required"},
        BadCase{"RawUnknownMethod", kMix + "  - {action: raw, method: DELETE, path: /x/}\n", 6,
                "mix[0].method", "unknown method 'DELETE'"},
        BadCase{"RawRelativePath", kMix + "  - {action: raw, path: api/v1/sync/status/}\n", 6,
                "mix[0].path", "not a request path"},
        BadCase{"RawFullUrl", kMix + "  - {action: raw, path: 'http://h/api/'}\n", 6, "mix[0].path",
                "not a request path"},
        BadCase{"RawGetWithBody", kMix + "  - {action: raw, path: /x/, body: '{}'}\n", 6,
                "mix[0].body", "a GET request has no body"},
        BadCase{"DuplicateName", kMix + "  - {action: push}\n  - {action: push, bytes: 9000}\n", 7,
                "mix[1].name", "also named 'push'"},
        BadCase{"BadEntryName", kMix + "  - {action: push, name: Big}\n", 6, "mix[0].name",
                "not an action name"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Thresholds, ProfileRejects,
    ::testing::Values(BadCase{"NotAList", kClosed + "thresholds: 'p99 < 1s'\n", 6, "thresholds",
                              "must be a list"},
                      BadCase{"NotAString", kClosed + "thresholds:\n  - {p99: 1s}\n", 7,
                              "thresholds[0]", "must be a string"},
                      BadCase{"Empty", kClosed + "thresholds:\n  - 'p99(push) < 1s'\n  - ' '\n", 8,
                              "thresholds[1]", "is empty"}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- command-line overrides ------------------------------------------------------------------

LoadProfile loaded(const std::string& text) {
  std::vector<LoadError> errors;
  auto p = parse(text, errors);
  EXPECT_TRUE(p.has_value()) << scenario::to_string(errors);
  return p.value_or(LoadProfile{});
}

const std::string kConstant =
    "name: c\nmodel: open\ndevices: 10\nrate: 50\nduration: 30s\nmix: [{action: status}]\n";

TEST(ProfileOverrides, RateOnAClosedProfileIsAnError) {
  auto p = loaded(kClosedFull);
  const auto problems = apply_overrides(p, {std::nullopt, std::nullopt, 100.0});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("--rate: ", 0), 0u) << problems[0];
  EXPECT_NE(problems[0].find("'mixed-small' is closed"), std::string::npos) << problems[0];
  EXPECT_FALSE(p.rate.has_value());
}

TEST(ProfileOverrides, RateOnAStagedProfileIsAnError) {
  auto p = loaded(kStaged);
  const auto problems = apply_overrides(p, {std::nullopt, std::nullopt, 100.0});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("'ramp' is open with ramping stages"), std::string::npos)
      << problems[0];
  EXPECT_FALSE(p.rate.has_value());
}

TEST(ProfileOverrides, RateDurationAndDevicesReplaceTheProfiles) {
  auto p = loaded(kConstant);
  const auto problems = apply_overrides(p, {milliseconds(5000), 3, 7.5});
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(p.rate, 7.5);
  EXPECT_EQ(p.duration, milliseconds(5000));
  EXPECT_EQ(p.devices, 3);
  EXPECT_EQ(accounts_needed(p), 3u);
}

TEST(ProfileOverrides, BadValuesLeaveTheProfileAlone) {
  auto p = loaded(kConstant);
  const auto problems = apply_overrides(p, {milliseconds(0), 0, -1.0});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].rfind("--devices: ", 0), 0u) << problems[0];
  EXPECT_EQ(problems[1].rfind("--rate: ", 0), 0u) << problems[1];
  EXPECT_EQ(problems[2].rfind("--duration: ", 0), 0u) << problems[2];
  EXPECT_EQ(p.devices, 10);
  EXPECT_EQ(p.rate, 50.0);
  EXPECT_EQ(p.duration, milliseconds(30'000));
}

TEST(ProfileOverrides, OneDeviceCannotRunConflicts) {
  auto p = loaded(kClosedFull);
  const auto problems = apply_overrides(p, {std::nullopt, 1, std::nullopt});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("conflict"), std::string::npos) << problems[0];
  EXPECT_EQ(p.devices, 9);
}

TEST(ProfileOverrides, DurationScalesStagesKeepingTheirShape) {
  auto p = loaded(kStaged);
  const auto problems = apply_overrides(p, {milliseconds(4000), std::nullopt, std::nullopt});
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(p.stages.size(), 4u);
  EXPECT_EQ(p.stages[0].duration, milliseconds(1000));
  EXPECT_EQ(p.stages[1].duration, milliseconds(0));
  EXPECT_EQ(p.stages[2].duration, milliseconds(2000));
  EXPECT_EQ(p.stages[3].duration, milliseconds(1000));
  EXPECT_EQ(measured_time(p), milliseconds(4000));
  EXPECT_EQ(p.warmup, milliseconds(2000));
  EXPECT_DOUBLE_EQ(arrival_rate_at(p, milliseconds(500)), 60.0);
}

TEST(ProfileOverrides, ScaledStagesSumExactly) {
  auto p = loaded(
      "name: s\nmodel: open\ndevices: 5\nstages:\n  - {duration: 1s, target: 1}\n"
      "  - {duration: 1s, target: 2}\n  - {duration: 1s, target: 3}\nmix: [{action: status}]\n");
  const auto problems = apply_overrides(p, {milliseconds(1000), std::nullopt, std::nullopt});
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(measured_time(p), milliseconds(1000));
  for (const auto& s : p.stages) EXPECT_GE(s.duration, milliseconds(333));
}

// ---- the shipped examples --------------------------------------------------------------------

TEST(ProfileExamples, EveryShippedProfileLoads) {
  const std::filesystem::path dir = std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios/load";
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    std::vector<LoadError> errors;
    const auto p = load_profile(entry.path(), errors);
    EXPECT_TRUE(p.has_value() && errors.empty()) << entry.path() << "\n"
                                                 << scenario::to_string(errors);
    if (p) names.insert(entry.path().stem().string());
  }
  for (const char* expected : {"smoke", "mixed", "ramp", "scale-10k", "raw"}) {
    EXPECT_TRUE(names.count(expected)) << expected << ".yaml missing or invalid";
  }
}

TEST(ProfileExamples, SmokeIsShortEnoughForCi) {
  std::vector<LoadError> errors;
  const auto p = load_profile(
      std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios/load/smoke.yaml", errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_LE(planned_time(*p), milliseconds(10'000));
  EXPECT_LE(p->devices, 50);
}

TEST(ProfileExamples, ScaleProfileHasTenThousandDevices) {
  std::vector<LoadError> errors;
  const auto p = load_profile(
      std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios/load/scale-10k.yaml", errors);
  ASSERT_TRUE(p.has_value()) << scenario::to_string(errors);
  EXPECT_EQ(p->devices, 10'000);
  EXPECT_EQ(p->model, Model::closed);
}

TEST(ProfileExamples, RampIsStagedAndRawIsRaw) {
  const auto dir = std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios/load";
  std::vector<LoadError> errors;
  const auto ramp = load_profile(dir / "ramp.yaml", errors);
  const auto raw = load_profile(dir / "raw.yaml", errors);
  const auto mixed = load_profile(dir / "mixed.yaml", errors);
  ASSERT_TRUE(ramp && raw && mixed) << scenario::to_string(errors);
  EXPECT_TRUE(is_staged(*ramp));
  ASSERT_EQ(raw->mix.size(), 1u);
  EXPECT_EQ(raw->mix[0].action, Action::raw);
  EXPECT_EQ(raw->mix[0].path, "/healthz");  // raw mode on the endpoint that touches no storage
  const auto names = action_names(*mixed);
  for (const char* action : {"conflict", "delete"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), action), names.end()) << action;
  }
  EXPECT_FALSE(mixed->thresholds.empty());
}

}  // namespace
}  // namespace syncsuite::load
