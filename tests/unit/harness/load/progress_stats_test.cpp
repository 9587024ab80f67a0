// The progress line, the worker's figures and error kinds: what a person and the results see.
#include <gtest/gtest.h>

#include "harness/load/error_kind.hpp"
#include "harness/load/progress_line.hpp"
#include "harness/load/worker_stats.hpp"

namespace syncsuite::load {
namespace {

using namespace std::chrono_literals;

TEST(ProgressLine, ShowsTimeDevicesRateErrorsAndP99) {
  ProgressView v;
  v.elapsed = 72s;
  v.warmup = 10s;
  v.planned = 130s;
  v.devices = 200;
  v.active = 198;
  v.requests_per_s = 1234.4;
  v.requests = 1000;
  v.errors = 5;
  v.p99_ms = 12.34;
  EXPECT_EQ(progress_line(v), "load 1:12/2:10 | 198/200 devices | 1234 req/s | errors 5 (0.50%) | p99 12.3 ms");
  v.elapsed = 3s;
  v.dropped = 7;
  v.p99_ms.reset();
  EXPECT_EQ(progress_line(v),
            "load 0:03/2:10 warm-up | 198/200 devices | 1234 req/s | errors 5 (0.50%) | dropped 7");
  v.final_check = true;
  v.final_done = 10;
  v.final_total = 400;
  EXPECT_EQ(progress_line(v), "load final check | 10/400 device steps done");
}

TEST(ErrorKind, ClassifiesTheClientsAndTransportsCodes) {
  EXPECT_EQ(classify(Error{"connect", ""}, 0), ErrorKind::connect);
  EXPECT_EQ(classify(Error{"tls", ""}, 0), ErrorKind::tls);
  EXPECT_EQ(classify(Error{"timeout", ""}, 0), ErrorKind::timeout);
  EXPECT_EQ(classify(Error{"io", ""}, 0), ErrorKind::reset);
  EXPECT_EQ(classify(Error{"http_status", ""}, 404), ErrorKind::http_4xx);
  EXPECT_EQ(classify(Error{"http_status", ""}, 503), ErrorKind::http_5xx);
  EXPECT_EQ(classify(Error{"bad_response", ""}, 200), ErrorKind::protocol);
  EXPECT_EQ(classify(Error{"decrypt_failed", ""}, 200), ErrorKind::decrypt);
  EXPECT_EQ(classify(Error{"conflict", ""}, 409), ErrorKind::conflict);
  EXPECT_EQ(classify(Error{"store", ""}, 0), ErrorKind::client);
  for (std::size_t k = 0; k < kErrorKinds; ++k) {
    EXPECT_NE(error_kind_name(static_cast<ErrorKind>(k)), "unknown");
  }
}

TEST(WorkerStats, CountsByActionStatusClassAndSecond) {
  WorkerStats stats({"push", "pull"});
  WorkerStats::Finished ok;
  ok.latency_us = 1500;
  ok.status = 200;
  ok.ok = true;
  ok.records = 5;
  ok.bytes = 100;
  stats.record(0, ok, 0);
  stats.record(0, ok, 2);
  WorkerStats::Finished failed;
  failed.latency_us = 90000;
  failed.status = 503;
  failed.error = ErrorKind::http_5xx;
  stats.record(1, failed, 2);
  WorkerStats::Finished unanswered;
  unanswered.latency_us = 5000000;
  unanswered.error = ErrorKind::timeout;
  stats.record(1, unanswered, 2);
  stats.drop(1, 1);
  stats.set_active(1, 42);

  auto actions = stats.action_results();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].action, "push");
  EXPECT_EQ(actions[0].requests, 2u);
  EXPECT_EQ(actions[0].ok, 2u);
  EXPECT_EQ(actions[0].records, 10u);
  EXPECT_EQ(actions[0].latency.count(), 2u);
  EXPECT_EQ(actions[0].latency_by_class.at("2xx").count(), 2u);
  EXPECT_EQ(actions[1].requests, 2u);
  EXPECT_EQ(actions[1].ok, 0u);
  EXPECT_EQ(actions[1].dropped, 1u);
  EXPECT_EQ(actions[1].errors.at("http_5xx"), 1u);
  EXPECT_EQ(actions[1].errors.at("timeout"), 1u);
  EXPECT_EQ(actions[1].latency_by_class.at("5xx").count(), 1u);
  EXPECT_EQ(actions[1].latency_by_class.at("none").count(), 1u);

  auto intervals = stats.interval_results();
  ASSERT_EQ(intervals.size(), 3u);
  EXPECT_EQ(intervals[0].requests, 1u);
  EXPECT_EQ(intervals[1].requests, 0u);
  EXPECT_EQ(intervals[1].dropped, 1u);
  EXPECT_EQ(intervals[1].active_devices, 42u);
  EXPECT_EQ(intervals[2].requests, 3u);
  EXPECT_EQ(intervals[2].errors, 2u);
  EXPECT_EQ(intervals[2].records, 5u);
  EXPECT_EQ(stats.requests(), 4u);
  EXPECT_EQ(stats.errors(), 2u);
}

}  // namespace
}  // namespace syncsuite::load
