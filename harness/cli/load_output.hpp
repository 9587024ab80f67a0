#pragma once
// The end of every command that produces a load result (`syncsuite load`, and `syncsuite merge`
// for the shards of one run): judge the profile's thresholds on the result as a whole, print the
// k6-style summary, write the results file and the HTML report, and choose the exit code.
#include <ostream>
#include <string>

#include "reports/load_result.hpp"

namespace syncsuite::cli {

struct LoadOutputFiles {
  std::string json;        // "" = not written
  std::string report_dir;  // "" = not written; the report is DIR/index.html
};

// Judges result.thresholds (texts, already validated when the profile loaded; each is parsed
// again with reports::parse_threshold against the result's action names, and a parse failure here
// is a threshold that failed, never a pass), filling result.threshold_results; prints the summary
// to `out`; writes the JSON and the HTML report (a message on stderr names a file that could not
// be written); returns the exit code: kExitCheckFailed when !result.correctness.passed() (data
// lost, corrupted or devices disagree; what is printed), else kExitThresholds when a threshold
// failed (each failed one printed), else kExitUsage when a file could not be written, else kExitOk.
int finish_load(const std::string& command, reports::LoadResult& result,
                const LoadOutputFiles& files, std::ostream& out);

}  // namespace syncsuite::cli
