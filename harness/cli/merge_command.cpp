// `syncsuite merge FILES...`: joins the results files of the shards of one load run (each written
// by `syncsuite load --shard I/N --json F`, on as many machines) into the result of the whole run,
// exactly (counts add, histograms merge bucket by bucket), then judges the profile's thresholds on
// the whole and writes the summary, JSON and HTML report as one unsharded run would. Exit codes as
// `load`: 0 passed, 1 data lost or corrupted, 2 a bad or incomplete set of files (or a report
// that could not be written), 3 a threshold breached.
#include <iostream>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/load_output.hpp"
#include "harness/cli/load_result_file.hpp"
#include "reports/load_merge.hpp"

namespace syncsuite::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> files;
  LoadOutputFiles output;
};

int run_merge(const MergeOptions& o) {
  std::vector<reports::LoadResult> shards;
  for (const std::string& file : o.files) {
    auto shard = read_load_file("merge", file);
    if (!shard) return kExitUsage;
    shards.push_back(std::move(*shard));
  }
  auto merged = reports::merge_load_results(shards);
  if (const auto* error = std::get_if<std::string>(&merged)) {
    std::cerr << "merge: " << *error << " (" << o.files.size() << " file"
              << (o.files.size() == 1 ? "" : "s") << " given); nothing was written\n";
    return kExitUsage;
  }
  auto& whole = std::get<reports::LoadResult>(merged);
  std::cout << "merge: " << shards.size() << " shard" << (shards.size() == 1 ? "" : "s") << " of '"
            << whole.profile << "' joined\n";
  return finish_load("merge", whole, o.output, std::cout);
}

}  // namespace

void register_merge(CLI::App& app, Action& action) {
  auto options = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "Join the load results of the shards of one run; judge the thresholds on the whole");
  cmd->add_option("files", options->files,
                  "The shards' results files (load --shard I/N --json FILE), all of them")
      ->required();
  cmd->add_option("--json", options->output.json, "Write the merged results to FILE");
  cmd->add_option("--report", options->output.report_dir, "Write an HTML report to DIR/index.html");
  cmd->callback([&action, options] { action = [options] { return run_merge(*options); }; });
}

}  // namespace syncsuite::cli
