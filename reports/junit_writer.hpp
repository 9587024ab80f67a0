#pragma once
// JUnit XML, as Jenkins, GitLab and GitHub test-report actions read it: one <testsuite>, one
// <testcase> per scenario (classname "sections/file", name = scenario name).
//   fail    -> <failure message="<first failing check id>: <message>" type="<id>"> with every
//   failing
//              or erroring check: contract text, step, expected, actual, evidence exchanges
//   error   -> <error> likewise, with the scenario's setup error first
//   skipped -> <skipped message="..."/>
//   known   -> <skipped message="known failure (baseline)"/>, the known checks in <system-out>
//   warn    -> a passing testcase whose <system-out> lists the warnings
// Counts use summary.hpp outcomes: failures = fail, errors = error, skipped = skipped + known.
#include <ostream>

#include "reports/run_result.hpp"
#include "reports/write_options.hpp"

namespace syncsuite::reports {

void write_junit(const RunResult& run, std::ostream& out, const WriteOptions& options = {});

}  // namespace syncsuite::reports
