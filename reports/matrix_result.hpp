#pragma once
// The results of an interop matrix (`syncsuite matrix`): the interop scenarios run once for every
// client (row) against every server (column), as plain data. Each cell keeps its whole run, so the
// per-cell reports are the ordinary ones (JSON, JUnit, HTML).
#include <cstddef>
#include <string>
#include <vector>

#include "reports/run_result.hpp"

namespace syncsuite::reports {

struct MatrixCell {
  std::size_t client = 0;  // index into MatrixResult::clients
  std::size_t server = 0;  // index into MatrixResult::servers
  RunResult run;           // the cell's run; empty when `error` is set
  std::string error;       // why the cell could not run (an unreachable server), "" otherwise
  std::string report;      // its HTML report, relative to the matrix page; "" when none was written
};

struct MatrixResult {
  static constexpr int kSchemaVersion = 1;
  std::string generator = "syncsuite 0.1.0";
  std::string started_at;  // RFC 3339 UTC
  double duration_ms = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> clients;  // row labels: "reference (C++)", the adapter command, ...
  std::vector<std::string> servers;  // column labels: "embedded reference server", a URL, ...
  std::vector<MatrixCell> cells;     // row by row
};

}  // namespace syncsuite::reports
