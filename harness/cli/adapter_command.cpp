// `syncsuite adapter`: the reference client behind the client driver protocol (contract 9), so
// that `syncsuite client` can check it like any other client, and a client mutant can show the
// gate's power (--mutant). Reads one JSON object per line on stdin and answers each with exactly
// one JSON line on stdout; nothing else ever goes to stdout (diagnostics go to stderr). Each
// process keeps its device in a fresh temporary directory, removed at exit. Exits 0 after
// `quit`, at the end of stdin, or on SIGTERM/SIGINT/SIGHUP (between two requests); 2 on a bad
// command line.
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/cli/line_reader.hpp"
#include "harness/driver/device_answers.hpp"
#include "harness/driver/reference_driver.hpp"
#include "reference/client/mutations.hpp"

namespace syncsuite::cli {
namespace {

struct AdapterOptions {
  std::string mutant;
  bool list_mutants = false;
  std::string dir;  // "" = the system's temporary directory
};

int list_mutants() {
  for (const auto& m : client::client_mutants()) {
    std::cout << m.name << "\t" << m.area << "\t" << m.section << "\t" << m.description << "\n";
  }
  std::cout.flush();
  return kExitOk;
}

// The process's own device directory, removed with the object.
class DeviceDir {
 public:
  ~DeviceDir() {
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  Result<std::filesystem::path> create(const std::string& parent) {
    std::error_code ec;
    const std::filesystem::path base =
        parent.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(parent);
    std::string pattern = (base / "syncsuite-adapter-XXXXXX").string();
    if (ec || ::mkdtemp(pattern.data()) == nullptr) {
      return make_error("io", "cannot create a device directory in " + base.string());
    }
    path_ = pattern;
    return path_;
  }

 private:
  std::filesystem::path path_;
};

void write_answer(const driver::Json& answer) {
  std::cout << answer.dump(-1, ' ', false, driver::Json::error_handler_t::replace) << "\n";
  std::cout.flush();
}

// One request: parse, hand to the driver, run the loop until its answer (async work such as the
// device's HTTP requests runs meanwhile).
driver::Json answer_line(std::string& line, bool too_long, driver::ReferenceDriver& device,
                         boost::asio::io_context& io, std::size_t number) {
  if (too_long) return driver::error_answer("line " + std::to_string(number) + " is too long");
  auto request = driver::Json::parse(line, nullptr, false);
  sodium_memzero(line.data(), line.size());  // it may hold init's secret key
  if (request.is_discarded()) {
    return driver::error_answer("line " + std::to_string(number) + " is not JSON");
  }
  std::optional<driver::Json> reply;
  device.call(std::move(request), [&reply](driver::Json r) { reply = std::move(r); });
  io.restart();
  while (!reply && io.run_one() > 0) {
  }
  return reply ? std::move(*reply)
               : driver::error_answer("internal error: the request got no answer");
}

int adapter(const AdapterOptions& options) {
  if (options.list_mutants) return list_mutants();
  auto mutations = client::ClientMutations::from_name(options.mutant);
  if (!mutations) {
    std::cerr << "adapter: --mutant: " << mutations.error().message << "\n";
    return kExitUsage;
  }
  LineReader lines(STDIN_FILENO);  // first: blocks the termination signals for every thread
  DeviceDir dir;
  auto path = dir.create(options.dir);
  if (!path) {
    std::cerr << "adapter: " << path.error().message << "\n";
    return kExitUsage;
  }
  boost::asio::io_context io;
  driver::ReferenceDriverOptions driver_options;
  driver_options.io = &io;
  driver_options.dir = *path;
  driver_options.mutations = *mutations;
  driver::ReferenceDriver device(driver_options);
  if (!options.mutant.empty()) std::cerr << "adapter: client mutant " << options.mutant << "\n";

  std::string line;
  std::size_t number = 0;
  for (;;) {
    const auto next = lines.next(line);
    if (next == LineReader::Next::eof) break;
    if (next == LineReader::Next::signal) {
      std::cerr << "adapter: signal received, stopping\n";
      break;
    }
    if (next == LineReader::Next::error) {
      std::cerr << "adapter: reading stdin: " << lines.error() << "\n";
      break;
    }
    ++number;
    if (!lines.too_long() && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    write_answer(answer_line(line, lines.too_long(), device, io, number));
    if (device.has_quit()) break;
  }
  return kExitOk;
}

}  // namespace

void register_adapter(CLI::App& app, Action& action) {
  auto options = std::make_shared<AdapterOptions>();
  auto* cmd = app.add_subcommand(
      "adapter",
      "Run the reference client behind the client driver protocol (contract 9): JSON requests "
      "on stdin, one JSON answer line each on stdout");
  cmd->add_option("--mutant", options->mutant,
                  "Run a deliberately broken client (see --list-mutants)");
  cmd->add_flag("--list-mutants", options->list_mutants,
                "List the client mutants (name, area, contract section, description), then exit");
  cmd->add_option("--dir", options->dir,
                  "Where to create the device's own temporary directory (default: the system's "
                  "temporary directory); removed at exit");
  cmd->callback([&action, options] { action = [options] { return adapter(*options); }; });
}

}  // namespace syncsuite::cli
