#include "harness/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <variant>

namespace syncsuite::scenario {
namespace {

constexpr const char* kChecks = R"(tags: [push, smoke]
checks:
  - {id: 3/no-plaintext-on-wire, section: "3", level: MUST, text: "never plaintext"}
  - {id: 4.2/x, section: "4.2", level: MUST, text: "a rule"}
  - {id: 4.2/advice, section: "4.2", level: SHOULD, text: "advice"}
)";

CheckRegistry registry() {
  std::vector<LoadError> errors;
  auto r = CheckRegistry::parse(kChecks, "checks.yaml", errors);
  EXPECT_TRUE(errors.empty()) << to_string(errors);
  return r;
}

std::vector<Scenario> parse(const std::string& text, std::vector<LoadError>& errors) {
  static const CheckRegistry reg = registry();
  return parse_scenarios(text, "s.yaml", reg, errors);
}

// A valid scenario; line numbers below refer to this layout.
constexpr const char* kValid = R"(scenario: t/one
description: d
sections: ["4.2"]
tags: [push]
devices:
  phone: {account: 0}
  other: 1
steps:
  - put: {device: phone, table: notes, id: t1, data: {text: hi}, updated_at: "+5s"}
  - sync: phone
    expect:
      check: 4.2/x
      status: [200, "2xx"]
      json:
        results[0].status: accepted
        results[0].version: {type: integer, equals: 1}
  - request:
      method: POST
      path: /api/v1/sync/push/
      auth: other
      json:
        device_id: "${device_id:phone}"
        records: [{$envelope: {device: phone, id: t2, data: {a: 1}}}]
    expect:
      - {check: 4.2/x, status: 200, nothing_stored: true}
      - check: 4.2/advice
        device: phone
        records: [{table: notes, id: t1, sync_status: synced}]
)";

TEST(Loader, ValidScenarioLoads) {
  std::vector<LoadError> errors;
  auto scenarios = parse(kValid, errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  ASSERT_EQ(scenarios.size(), 1u);
  const auto& sc = scenarios[0];
  EXPECT_EQ(sc.name, "t/one");
  EXPECT_EQ(sc.devices.size(), 2u);
  EXPECT_EQ(sc.accounts_needed, 2);
  ASSERT_EQ(sc.steps.size(), 3u);
  EXPECT_EQ(sc.steps[0].kind, "put");
  const auto& put = std::get<PutStep>(sc.steps[0].action);
  EXPECT_EQ(put.id, "t1");
  EXPECT_EQ(put.data, Json({{"text", "hi"}}));
  EXPECT_EQ(put.updated_at, "+5s");
  ASSERT_EQ(sc.steps[1].expect.size(), 1u);
  const auto& e = sc.steps[1].expect[0];
  ASSERT_EQ(e.status.size(), 2u);
  EXPECT_EQ(e.status[0].code, 200);
  EXPECT_EQ(e.status[1].code_class, 2);
  ASSERT_EQ(e.json.size(), 2u);
  EXPECT_EQ(e.json[1].matcher.type, "integer");
  EXPECT_EQ(e.json[1].matcher.equals, Json(1));
  const auto& req = std::get<RequestStep>(sc.steps[2].action);
  EXPECT_EQ(req.auth.kind, AuthSpec::Kind::device);
  EXPECT_EQ(req.body_kind, RequestStep::Body::json);
  EXPECT_TRUE(req.json["records"][0].contains("$envelope"));
  EXPECT_EQ(sc.steps[2].expect.size(), 2u);
  EXPECT_TRUE(sc.steps[2].expect[0].nothing_stored);
  EXPECT_EQ(sc.steps[1].name, "step 2: sync phone");
  EXPECT_EQ(sc.steps[0].mark.line, 9);
}

TEST(Loader, QuotedNumbersStayStrings) {
  std::vector<LoadError> errors;
  auto scenarios = parse(R"(scenario: t/q
description: d
sections: ["4"]
devices: {phone: 0}
steps:
  - put: {device: phone, table: notes, id: t1, data: {a: "5", b: 5, c: true, d: ~}}
)", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  EXPECT_EQ(std::get<PutStep>(scenarios[0].steps[0].action).data,
            Json::parse(R"({"a":"5","b":5,"c":true,"d":null})"));
}

TEST(Loader, SeveralDocumentsAreSeveralScenarios) {
  std::vector<LoadError> errors;
  auto scenarios = parse(std::string(kValid) + "---\n" + R"(scenario: t/two
description: d
sections: ["1"]
steps:
  - request: {path: /api/v1/sync/status/, auth: none}
    expect: {check: 4.2/x, status: 401}
)", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  ASSERT_EQ(scenarios.size(), 2u);
  EXPECT_EQ(scenarios[1].name, "t/two");
  EXPECT_EQ(scenarios[1].steps[0].mark.line, 34);
}

TEST(Loader, GivenStatesAddDevicesAndSetupSteps) {
  std::vector<LoadError> errors;
  auto scenarios = parse(R"(scenario: t/given
description: d
sections: ["6"]
given: [pending-conflict, {state: tombstone, id: x9}]
steps:
  - resolve: {device: laptop, table: notes, id: g1, choice: server}
)", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  const auto& sc = scenarios[0];
  ASSERT_EQ(sc.devices.size(), 2u);
  EXPECT_EQ(sc.devices[0].name, "phone");
  EXPECT_EQ(sc.devices[1].name, "laptop");
  EXPECT_EQ(sc.setup.size(), 8u);  // 4 for the conflict, 4 for the tombstone
  EXPECT_EQ(std::get<DeleteStep>(sc.setup[6].action).id, "x9");
}

TEST(Loader, CollectsEveryErrorBeforeFailing) {
  std::vector<LoadError> errors;
  auto scenarios = parse(R"(scenario: t/bad
description: d
sections: ["4.2"]
tags: [nope]
devices: {phone: 0}
steps:
  - put: {device: tablet, table: notes, id: t1, data: {}}
  - jump: phone
  - sync: phone
    expect: {check: 9/unknown, status: 200}
)", errors);
  EXPECT_TRUE(scenarios.empty());
  ASSERT_EQ(errors.size(), 4u) << to_string(errors);
  EXPECT_EQ(errors[0].field, "tags[0]");
  EXPECT_EQ(errors[1].field, "steps[0].put.device");
  EXPECT_EQ(errors[1].line, 7);
  EXPECT_EQ(errors[2].field, "steps[1].jump");
  EXPECT_EQ(errors[2].line, 8);
  EXPECT_EQ(errors[3].field, "steps[2].expect.check");
  EXPECT_EQ(errors[3].line, 10);
  EXPECT_EQ(errors[3].to_string().rfind("s.yaml:10:", 0), 0u) << errors[3].to_string();
}

// One bad snippet: the error must name the file, the line and the field.
struct BadCase {
  const char* name;
  const char* steps;  // replaces everything from the `steps:` line on (line 6 of the document)
  int line;
  const char* field;
  const char* message;  // a part of the message
};

constexpr const char* kHead = R"(scenario: t/bad
description: d
sections: ["4.2"]
devices: {phone: 0, laptop: 0}
given: synced-record
)";

class LoaderRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(LoaderRejects, NamingLineAndField) {
  const auto& c = GetParam();
  std::vector<LoadError> errors;
  auto scenarios = parse(std::string(kHead) + c.steps, errors);
  EXPECT_TRUE(scenarios.empty());
  ASSERT_FALSE(errors.empty()) << "no error for " << c.name;
  const auto& e = errors.front();
  EXPECT_EQ(e.file, "s.yaml");
  EXPECT_EQ(e.field, c.field) << e.to_string();
  EXPECT_EQ(e.line, c.line) << e.to_string();
  EXPECT_NE(e.message.find(c.message), std::string::npos) << e.to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Table, LoaderRejects,
    ::testing::Values(
        BadCase{"UnknownTopKey", "colour: red\nsteps: [{sync: phone}]\n", 6, "colour", "unknown key"},
        BadCase{"NoSteps", "", 1, "steps", "is required"},
        BadCase{"EmptySteps", "steps: []\n", 6, "steps", "at least one step"},
        BadCase{"UnknownKind", "steps:\n  - jump: phone\n", 7, "steps[0].jump", "unknown step kind"},
        BadCase{"TwoKinds", "steps:\n  - {sync: phone, pull: phone}\n", 7, "steps[0]", "exactly one kind"},
        BadCase{"UnknownDevice", "steps:\n  - sync: tablet\n", 7, "steps[0].sync", "no device 'tablet'"},
        BadCase{"PutWithoutData", "steps:\n  - put: {device: phone, table: notes, id: t1}\n", 7,
                "steps[0].put.data", "is required"},
        BadCase{"PutUnknownKey", "steps:\n  - put: {device: phone, table: notes, id: t1, data: {}, colour: 1}\n",
                7, "steps[0].put.colour", "unknown key"},
        BadCase{"BadTable", "steps:\n  - put: {device: phone, table: Notes, id: t1, data: {}}\n", 7,
                "steps[0].put.table", "not a table name"},
        BadCase{"BadId", "steps:\n  - put: {device: phone, table: notes, id: 'a b', data: {}}\n", 7,
                "steps[0].put.id", "not a record id"},
        BadCase{"BadTime", "steps:\n  - put: {device: phone, table: notes, id: t1, data: {}, updated_at: '+5x'}\n",
                7, "steps[0].put.updated_at", "not a time"},
        BadCase{"BadChoice", "steps:\n  - resolve: {device: phone, table: notes, id: t1, choice: mine}\n", 7,
                "steps[0].resolve.choice", "not one of local, server, merged"},
        BadCase{"MergedWithoutData", "steps:\n  - resolve: {device: phone, table: notes, id: t1, choice: merged}\n",
                7, "steps[0].resolve.data", "required for choice merged"},
        BadCase{"RequestWithoutPath", "steps:\n  - request: {method: GET}\n", 7, "steps[0].request.path",
                "is required"},
        BadCase{"RelativePath", "steps:\n  - request: {path: api/v1/sync/status/}\n", 7,
                "steps[0].request.path", "must start with '/'"},
        BadCase{"TwoBodies", "steps:\n  - request: {path: /x/, json: {}, body: x}\n", 7, "steps[0].request",
                "at most one of json, body, body_size"},
        BadCase{"BadBodySize", "steps:\n  - request: {path: /x/, body_size: 17GB}\n", 7,
                "steps[0].request.body_size", "must be a size"},
        BadCase{"UnknownTemplate", "steps:\n  - request: {path: '/x/${nope}'}\n", 7, "steps[0].request.path",
                "unknown template"},
        BadCase{"TemplateUnknownDevice", "steps:\n  - request: {path: '/x/${device_id:tablet}'}\n", 7,
                "steps[0].request.path", "no device 'tablet'"},
        BadCase{"BadAuth", "steps:\n  - request: {path: /x/, auth: tablet}\n", 7, "steps[0].request.auth",
                "no device 'tablet'"},
        BadCase{"EnvelopeUnknownKey",
                "steps:\n  - request:\n      path: /x/\n      json: {records: [{$envelope: {device: phone, id: t1, colour: 1}}]}\n",
                9, "steps[0].request.json.records[0].$envelope", "unknown key"},
        BadCase{"EnvelopeWithoutId",
                "steps:\n  - request:\n      path: /x/\n      json: {$envelope: {device: phone}}\n", 9,
                "steps[0].request.json.$envelope", "exactly one of id or raw_id"},
        BadCase{"EnvelopeBesideOtherKeys",
                "steps:\n  - request:\n      path: /x/\n      json: {$envelope: {device: phone, id: t1}, a: 1}\n",
                9, "steps[0].request.json.$envelope", "the only key"},
        BadCase{"UnknownDollarKey", "steps:\n  - request:\n      path: /x/\n      json: {$seal: 1}\n", 9,
                "steps[0].request.json.$seal", "unknown special key"},
        BadCase{"RepeatBadCount",
                "steps:\n  - request:\n      path: /x/\n      json: {$repeat: {count: -1, item: 1}}\n", 9,
                "steps[0].request.json.$repeat", "count"},
        BadCase{"UnknownCheck", "steps:\n  - sync: phone\n    expect: {check: 4.2/nope, status: 200}\n", 8,
                "steps[0].expect.check", "unknown check id"},
        BadCase{"NoCheck", "steps:\n  - sync: phone\n    expect: {status: 200}\n", 8, "steps[0].expect.check",
                "is required"},
        BadCase{"NoAssertion", "steps:\n  - sync: phone\n    expect: {check: 4.2/x}\n", 8, "steps[0].expect",
                "has no assertion"},
        BadCase{"BadStatus", "steps:\n  - sync: phone\n    expect: {check: 4.2/x, status: 99}\n", 8,
                "steps[0].expect.status", "status code"},
        BadCase{"BadStatusClass", "steps:\n  - sync: phone\n    expect: {check: 4.2/x, status: 6xx}\n", 8,
                "steps[0].expect.status", "status code"},
        BadCase{"ResponseOnPut",
                "steps:\n  - put: {device: phone, table: notes, id: t1, data: {}}\n    expect: {check: 4.2/x, status: 200}\n",
                8, "steps[0].expect", "need an HTTP response"},
        BadCase{"ResponseOnLostResponse",
                "steps:\n  - push: {device: phone, lose_response: true}\n    expect: {check: 4.2/x, status: 200}\n",
                8, "steps[0].expect", "need an HTTP response"},
        BadCase{"OkOnRequest",
                "steps:\n  - request: {path: /x/}\n    expect: {check: 4.2/x, ok: true}\n", 8,
                "steps[0].expect.ok", "applies to sync, push, pull and resolve"},
        BadCase{"BadJsonPath",
                "steps:\n  - sync: phone\n    expect:\n      check: 4.2/x\n      json: {'results[x]': 1}\n", 10,
                "steps[0].expect.json.results[x]", "not a JSON path"},
        BadCase{"UnknownMatcherKey",
                "steps:\n  - sync: phone\n    expect:\n      check: 4.2/x\n      json: {cursor: {equal: 1}}\n", 10,
                "steps[0].expect.json.cursor.equal", "unknown key"},
        BadCase{"BadMatcherType",
                "steps:\n  - sync: phone\n    expect:\n      check: 4.2/x\n      json: {cursor: {type: text}}\n", 10,
                "steps[0].expect.json.cursor.type", "not one of string"},
        BadCase{"BadRegex",
                "steps:\n  - sync: phone\n    expect:\n      check: 4.2/x\n      json: {cursor: {matches: '('}}\n", 10,
                "steps[0].expect.json.cursor.matches", "bad regex"},
        BadCase{"RecordsWithoutDevice",
                "steps:\n  - sync: phone\n    expect: {check: 4.2/x, count: 1}\n", 8, "steps[0].expect.device",
                "is required with records"},
        BadCase{"BadSyncStatus",
                "steps:\n  - sync: phone\n    expect: {check: 4.2/x, device: phone, records: [{table: notes, id: t1, sync_status: done}]}\n",
                8, "steps[0].expect.records[0].sync_status", "not one of pending"},
        BadCase{"ServerDeltaEmpty", "steps:\n  - sync: phone\n    expect: {check: 4.2/x, server_delta: {}}\n", 8,
                "steps[0].expect.server_delta", "needs record_count or conflict_count"},
        BadCase{"ConvergedOneDevice", "steps:\n  - sync: phone\n    expect: {check: 4.2/x, converged: [phone]}\n",
                8, "steps[0].expect.converged", "at least two devices"},
        BadCase{"NothingStoredFalse",
                "steps:\n  - sync: phone\n    expect: {check: 4.2/x, nothing_stored: false}\n", 8,
                "steps[0].expect.nothing_stored", "only true"},
        BadCase{"RepeatWithoutTimes", "steps:\n  - repeat: {steps: [{sync: phone}]}\n", 7,
                "steps[0].repeat.times", "is required"},
        BadCase{"RepeatTooMany", "steps:\n  - repeat: {times: 20000, steps: [{sync: phone}]}\n", 7,
                "steps[0].repeat.times", "between 1 and 10000"},
        BadCase{"NestedBadStep", "steps:\n  - concurrently:\n      - sync: phone\n      - fly: phone\n", 9,
                "steps[0].concurrently[1].fly", "unknown step kind"},
        BadCase{"ExpectStepEmpty", "steps:\n  - expect: {check: 4.2/x}\n", 7, "steps[0].expect",
                "has no assertion"},
        BadCase{"NotYaml", "steps: [sync: phone\n", 7, "", "not valid YAML"},
        BadCase{"DuplicateKey", "steps:\n  - sync: phone\n    name: a\n    name: b\n", 9, "steps[0].name",
                "duplicate key"},
        BadCase{"PadToWithoutJson", "steps:\n  - request: {path: /x/, body: x, pad_to: 1KiB}\n", 7,
                "steps[0].request.pad_to", "json: body only"},
        BadCase{"PadToNotASize", "steps:\n  - request: {path: /x/, json: {}, pad_to: big}\n", 7,
                "steps[0].request.pad_to", "must be a size"},
        BadCase{"EnvelopeBadCiphertextBytes",
                "steps:\n  - request:\n      path: /x/\n      json: {$envelope: {device: phone, id: t1, ciphertext_bytes: 15}}\n",
                9, "steps[0].request.json.$envelope", "ciphertext_bytes"},
        BadCase{"IsolatedWithoutAccount", "steps:\n  - expect: {check: 4.2/x, isolated: {limit: 2}}\n", 7,
                "steps[0].expect.isolated.account", "is required"},
        BadCase{"IsolatedFromItself", "steps:\n  - expect: {check: 4.2/x, isolated: {account: 1, from: [0, 1]}}\n", 7,
                "steps[0].expect.isolated.from[1]", "is the account whose pulls"},
        BadCase{"IsolatedBadLimit", "steps:\n  - expect: {check: 4.2/x, isolated: {account: 1, limit: 1001}}\n", 7,
                "steps[0].expect.isolated.limit", "1000"},
        BadCase{"IsolatedUnknownKey", "steps:\n  - expect: {check: 4.2/x, isolated: {account: 1, pages: 2}}\n", 7,
                "steps[0].expect.isolated.pages", "unknown key"},
        BadCase{"SameAsOnADevice",
                "steps:\n  - sync: phone\n    expect: {check: 4.2/x, device: phone, records: [{table: notes, id: t1, same_as: e1}]}\n",
                8, "steps[0].expect.records[0].same_as", "unknown key"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

struct HeadCase {
  const char* name;
  const char* text;
  int line;
  const char* field;
  const char* message;
};

class LoaderRejectsHead : public ::testing::TestWithParam<HeadCase> {};

TEST_P(LoaderRejectsHead, NamingLineAndField) {
  const auto& c = GetParam();
  std::vector<LoadError> errors;
  auto scenarios = parse(c.text, errors);
  EXPECT_TRUE(scenarios.empty());
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.front().field, c.field) << errors.front().to_string();
  EXPECT_EQ(errors.front().line, c.line) << errors.front().to_string();
  EXPECT_NE(errors.front().message.find(c.message), std::string::npos) << errors.front().to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Table, LoaderRejectsHead,
    ::testing::Values(
        HeadCase{"BadName", "scenario: 'Bad Name'\ndescription: d\nsections: ['1']\nsteps: [{sync: p}]\ndevices: {p: 0}\n",
                 1, "scenario", "not a scenario name"},
        HeadCase{"NoDescription", "scenario: a\nsections: ['1']\ndevices: {p: 0}\nsteps: [{sync: p}]\n", 1,
                 "description", "is required"},
        HeadCase{"BadSection", "scenario: a\ndescription: d\nsections: ['11']\ndevices: {p: 0}\nsteps: [{sync: p}]\n",
                 3, "sections[0]", "not a contract section"},
        HeadCase{"UnknownTag",
                 "scenario: a\ndescription: d\nsections: ['1']\ntags: [push, fast]\ndevices: {p: 0}\nsteps: [{sync: p}]\n",
                 4, "tags[1]", "unknown tag 'fast'"},
        HeadCase{"BadBaseTime",
                 "scenario: a\ndescription: d\nsections: ['1']\nbase_time: '2026-01-01T00:00:00Z'\ndevices: {p: 0}\nsteps: [{sync: p}]\n",
                 4, "base_time", "not RFC 3339"},
        HeadCase{"AccountOutOfRange", "scenario: a\ndescription: d\nsections: ['1']\ndevices: {p: {account: 100}}\nsteps: [{sync: p}]\n",
                 4, "devices.p.account", "between 0 and 99"},
        HeadCase{"ReservedDeviceName", "scenario: a\ndescription: d\nsections: ['1']\ndevices: {none: 0}\nsteps: [{sync: none}]\n",
                 4, "devices.none", "not a device name"},
        HeadCase{"BadPullLimit", "scenario: a\ndescription: d\nsections: ['1']\ndevices: {p: {account: 0, pull_limit: 0}}\nsteps: [{sync: p}]\n",
                 4, "devices.p.pull_limit", "between 1 and 1000"},
        HeadCase{"UnknownGiven", "scenario: a\ndescription: d\nsections: ['1']\ngiven: rainy-day\nsteps: [{sync: phone}]\n",
                 4, "given", "unknown given state 'rainy-day'"},
        HeadCase{"GivenSameRecordTwice",
                 "scenario: a\ndescription: d\nsections: ['1']\ngiven: [synced-record, tombstone]\nsteps: [{sync: phone}]\n",
                 4, "given[1]", "give one another id"},
        HeadCase{"NotAMapping", "- just\n- a list\n", 1, "", "must be a mapping"}),
    [](const ::testing::TestParamInfo<HeadCase>& info) { return std::string(info.param.name); });

TEST(Loader, IsolatedSameAsAndPadTo) {
  std::vector<LoadError> errors;
  auto scenarios = parse(std::string(kHead) + R"(steps:
  - request: {method: POST, path: /x/, json: {records: []}, pad_to: 16777215}
  - expect:
      - {check: 4.2/x, isolated: {account: 0, from: 2, limit: 1, max_pages: 5}}
      - {check: 4.2/x, isolated: {account: 1}}
      - {check: 4.2/x, server_records: {records: [{table: notes, id: "${id:t1:64}", same_as: e1}]}}
)", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  ASSERT_EQ(scenarios.size(), 1u);
  const auto& sc = scenarios[0];
  EXPECT_EQ(sc.accounts_needed, 3) << "from: 2 needs a third account";
  EXPECT_EQ(std::get<RequestStep>(sc.steps[0].action).pad_to, std::optional<std::uint64_t>(16777215));
  const auto& e = sc.steps[1].expect;
  ASSERT_EQ(e.size(), 3u);
  ASSERT_TRUE(e[0].isolated.has_value());
  EXPECT_EQ(e[0].isolated->account, 0);
  EXPECT_EQ(e[0].isolated->from, std::vector<int>{2});
  EXPECT_EQ(e[0].isolated->limit, 1);
  EXPECT_EQ(e[0].isolated->max_pages, 5);
  EXPECT_TRUE(e[1].isolated->from.empty()) << "every other account by default";
  EXPECT_EQ(e[1].isolated->limit, 1000);
  EXPECT_EQ(e[1].isolated->max_pages, 20);
  EXPECT_EQ(e[2].server_records->records.at(0).same_as, std::optional<std::string>("e1"));
}

TEST(Loader, DuplicateScenarioNamesAcrossFilesAreErrors) {
  const auto dir = std::filesystem::temp_directory_path() / "syncsuite-loader-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "sub");
  const std::string doc = "scenario: same\ndescription: d\nsections: ['1']\ndevices: {p: 0}\nsteps: [{sync: p}]\n";
  std::ofstream(dir / "a.yaml") << doc;
  std::ofstream(dir / "sub" / "b.yaml") << doc;
  std::ofstream(dir / "ignored.txt") << "not yaml at all: [";
  std::vector<LoadError> errors;
  auto scenarios = load_scenarios({dir}, registry(), errors);
  EXPECT_EQ(scenarios.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("duplicate scenario name 'same'"), std::string::npos);
  EXPECT_NE(errors[0].file.find("b.yaml"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Loader, MissingPathIsAnError) {
  std::vector<LoadError> errors;
  auto files = discover_scenario_files({"/nonexistent/syncsuite/scenarios"}, errors);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("no such scenario file"), std::string::npos);
}

// The real catalogue loads without a single error against the real registry.
TEST(Loader, TheCatalogueLoads) {
  const std::filesystem::path root = std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios";
  std::vector<LoadError> errors;
  auto reg = CheckRegistry::load(root / "checks.yaml", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  auto scenarios = load_scenarios({root / "conformance"}, reg, errors);
  EXPECT_TRUE(errors.empty()) << to_string(errors);
  EXPECT_FALSE(scenarios.empty());
}

// `generated:` carries one judge per check id its campaign can judge, each declared.
TEST(Loader, GeneratedStepListsTheChecksOfItsCampaign) {
  const std::filesystem::path root = std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios";
  std::vector<LoadError> errors;
  auto reg = CheckRegistry::load(root / "checks.yaml", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  auto scenarios = parse_scenarios("scenario: g/pull\ndescription: d\nsections: [\"5\"]\n"
                                   "steps:\n  - generated: {request: pull}\n",
                                   "s.yaml", reg, errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  ASSERT_EQ(scenarios.size(), 1u);
  const auto* step = std::get_if<GeneratedStep>(&scenarios[0].steps[0].action);
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->request, "pull");
  std::set<std::string> ids;
  for (const auto& e : step->judges) ids.insert(e.check);
  EXPECT_EQ(ids, (std::set<std::string>{"1/errors-json-detail", "1/malformed-4xx-not-5xx", "5/bad-cursor-400",
                                        "5/limit-range-400"}));
  EXPECT_EQ(scenarios[0].steps[0].name, "step 1: generated pull");
}

TEST(Loader, GeneratedStepRejectsAnUnknownRequestAndUndeclaredChecks) {
  std::vector<LoadError> errors;
  parse(std::string(kHead) + "steps:\n  - generated: {request: status}\n", errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.front().field, "steps[0].generated.request");
  EXPECT_NE(errors.front().message.find("not one of push, pull"), std::string::npos) << errors.front().message;
  errors.clear();
  parse(std::string(kHead) + "steps:\n  - generated: {request: key}\n", errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().message.find("declare it in scenarios/checks.yaml"), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::scenario
