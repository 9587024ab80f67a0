#include "harness/cli/load_output.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "harness/cli/exit_codes.hpp"
#include "reports/load_json.hpp"

namespace syncsuite::cli {
namespace {

namespace fs = std::filesystem;

// A scratch folder, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "syncsuite-load-output-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) != nullptr ? fs::path(pattern) : fs::path();
    EXPECT_FALSE(path_.empty());
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// 100 pushes of 1..100 ms, all accepted, and a pull action that never finished a request; every
// write checked and kept. Its thresholds all hold.
reports::LoadResult passing_run() {
  reports::LoadResult r;
  r.profile = "unit";
  r.target = "embedded reference server";
  r.model = "closed";
  r.devices = 4;
  r.accounts = 2;
  r.duration_s = 10;
  reports::ActionStats push;
  push.action = "push";
  for (std::uint64_t ms = 1; ms <= 100; ++ms) {
    push.latency.record(ms * 1000);
    ++push.requests;
    ++push.ok;
    push.records += 10;
  }
  push.latency_by_class["2xx"] = push.latency;
  reports::ActionStats pull;
  pull.action = "pull";
  reports::IntervalStats second;
  second.requests = push.requests;
  second.records = push.records;
  second.latency = push.latency;
  r.actions = {push, pull};
  r.intervals = {second};
  r.correctness.records_checked = 50;
  r.correctness.acknowledged_writes = 100;
  r.thresholds = {"p99(push) < 250ms", "error_rate < 1%", "lost_records == 0"};
  return r;
}

struct Finished {
  int code;
  std::string out;
};

Finished finish(reports::LoadResult& result, const LoadOutputFiles& files = {}) {
  std::ostringstream out;
  const int code = finish_load("load", result, files, out);
  return {code, out.str()};
}

TEST(FinishLoad, PassingRunExitsZeroAndWritesJsonAndReport) {
  ScratchDir dir;
  reports::LoadResult result = passing_run();
  const LoadOutputFiles files{(dir.path() / "out" / "run.json").string(),
                              (dir.path() / "report").string()};
  const Finished f = finish(result, files);
  EXPECT_EQ(f.code, kExitOk) << f.out;
  ASSERT_EQ(result.threshold_results.size(), 3u);
  for (const auto& t : result.threshold_results)
    EXPECT_TRUE(t.passed) << t.expression << ": " << t.message;
  EXPECT_NE(f.out.find("✓ p99(push) < 250ms"), std::string::npos) << f.out;  // the k6-style summary
  EXPECT_EQ(f.out.find("threshold failed"), std::string::npos) << f.out;

  auto read = reports::read_load_json(read_text(dir.path() / "out" / "run.json"));
  ASSERT_TRUE(std::holds_alternative<reports::LoadResult>(read)) << std::get<std::string>(read);
  EXPECT_EQ(std::get<reports::LoadResult>(read), result);  // judged thresholds included
  const std::string html = read_text(dir.path() / "report" / "index.html");
  EXPECT_NE(html.find("data-verdict=\"pass\""), std::string::npos);
}

TEST(FinishLoad, NoFilesNamedWritesNone) {
  ScratchDir dir;
  reports::LoadResult result = passing_run();
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  const Finished f = finish(result);
  fs::current_path(before);
  EXPECT_EQ(f.code, kExitOk);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(FinishLoad, ThresholdBreachExitsThreeAndNamesIt) {
  reports::LoadResult result = passing_run();
  result.thresholds = {"p99(push) < 250ms", "p50(push) < 1ms"};
  const Finished f = finish(result);
  EXPECT_EQ(f.code, kExitThresholds);
  ASSERT_EQ(result.threshold_results.size(), 2u);
  EXPECT_TRUE(result.threshold_results[0].passed);
  EXPECT_FALSE(result.threshold_results[1].passed);
  EXPECT_NE(f.out.find("load: threshold failed: p50(push) < 1ms"), std::string::npos) << f.out;
  EXPECT_EQ(f.out.find("threshold failed: p99(push)"), std::string::npos) << f.out;
}

TEST(FinishLoad, ThresholdOnAnActionThatFinishedNoRequestFails) {
  reports::LoadResult result = passing_run();
  result.thresholds = {"p99(pull) < 10s"};
  const Finished f = finish(result);
  EXPECT_EQ(f.code, kExitThresholds) << f.out;
  ASSERT_EQ(result.threshold_results.size(), 1u);
  EXPECT_FALSE(result.threshold_results[0].passed);
  EXPECT_FALSE(result.threshold_results[0].observed.has_value());
}

TEST(FinishLoad, ThresholdOnAnActionTheResultLacksFailsInsteadOfPassing) {
  reports::LoadResult result = passing_run();
  result.thresholds = {"p99(conflict) < 10s", "error_rate(delete) < 50%"};
  const Finished f = finish(result);
  EXPECT_EQ(f.code, kExitThresholds) << f.out;
  ASSERT_EQ(result.threshold_results.size(), 2u);
  for (const auto& t : result.threshold_results) {
    EXPECT_FALSE(t.passed) << t.expression;
    EXPECT_NE(t.message.find("unknown action"), std::string::npos) << t.message;
  }
  EXPECT_NE(f.out.find("threshold failed: p99(conflict) < 10s"), std::string::npos) << f.out;
}

TEST(FinishLoad, JudgingReplacesResultsCarriedFromAFile) {
  reports::LoadResult result = passing_run();
  result.thresholds = {"p50(push) < 1ms"};
  result.threshold_results = {{"p50(push) < 1ms", true, 0.5, "stale: from one shard"}};
  EXPECT_EQ(finish(result).code, kExitThresholds);
  ASSERT_EQ(result.threshold_results.size(), 1u);
  EXPECT_FALSE(result.threshold_results[0].passed);
}

TEST(FinishLoad, LostDataExitsOneAndNamesTheRecordsEvenWhenThresholdsFailToo) {
  ScratchDir dir;
  reports::LoadResult result = passing_run();
  result.thresholds.push_back("p50(push) < 1ms");
  result.correctness.lost = 1;
  result.correctness.corrupted = 1;
  result.correctness.problems = {"account 1 record r-7: lost (acknowledged at 3.2 s)",
                                 "account 2 record r-9: corrupted"};
  const Finished f = finish(result, {(dir.path() / "run.json").string(), ""});
  EXPECT_EQ(f.code, kExitCheckFailed) << f.out;
  EXPECT_NE(f.out.find("load: FAILED: the server lost or changed data: 1 acknowledged writes lost, "
                       "1 records corrupted"),
            std::string::npos)
      << f.out;
  const std::string verdict = f.out.substr(f.out.find("load: FAILED"));
  EXPECT_NE(verdict.find("account 1 record r-7: lost"), std::string::npos) << verdict;
  EXPECT_NE(verdict.find("account 2 record r-9: corrupted"), std::string::npos) << verdict;
  EXPECT_NE(f.out.find("threshold failed: p50(push) < 1ms"), std::string::npos) << f.out;
  EXPECT_TRUE(fs::exists(dir.path() / "run.json"));  // the evidence is written all the same
}

TEST(FinishLoad, DisagreeingDevicesExitOne) {
  reports::LoadResult result = passing_run();
  result.correctness.disagreements = 2;
  EXPECT_EQ(finish(result).code, kExitCheckFailed);
}

TEST(FinishLoad, UnwritableFileExitsTwoYetStillJudges) {
  ScratchDir dir;
  std::ofstream(dir.path() / "plain-file") << "not a folder";
  reports::LoadResult result = passing_run();
  const Finished json = finish(result, {(dir.path() / "plain-file" / "run.json").string(), ""});
  EXPECT_EQ(json.code, kExitUsage);
  EXPECT_EQ(result.threshold_results.size(), 3u);
  const Finished report = finish(result, {"", (dir.path() / "plain-file" / "report").string()});
  EXPECT_EQ(report.code, kExitUsage);
  EXPECT_EQ(report.out.find("report:"), std::string::npos) << report.out;
}

TEST(FinishLoad, BreachedThresholdWinsOverAnUnwritableFile) {
  ScratchDir dir;
  std::ofstream(dir.path() / "plain-file") << "not a folder";
  reports::LoadResult result = passing_run();
  result.thresholds = {"p50(push) < 1ms"};
  EXPECT_EQ(finish(result, {(dir.path() / "plain-file" / "run.json").string(), ""}).code,
            kExitThresholds);
}

}  // namespace
}  // namespace syncsuite::cli
