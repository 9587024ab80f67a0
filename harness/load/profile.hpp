#pragma once
// A load profile (docs/load-profiles.md): what `syncsuite load` runs. Devices and their accounts,
// the workload model (closed: devices in a loop; open: arrivals per second, constant or in ramping
// stages), warm-up, the mix of actions and the thresholds. Loading is strict like the scenario
// loader: every problem is collected with file, line, column and field; nothing is thrown.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/load_error.hpp"
#include "harness/scenario/model.hpp"
#include "reference/client/sync_messages.hpp"

namespace syncsuite::load {

// Limits from the contract (docs/contract.md), so a profile cannot plan a request that a
// conforming server must refuse.
// Section 4: 1..500 records per push.
inline constexpr std::int64_t kMaxPushRecords = 500;
// Section 2: at most 1 MiB of ciphertext per record, 16 bytes of which are the MAC.
inline constexpr std::int64_t kMaxPlaintextBytes = 1024 * 1024 - 16;
// Section 4: a push body over 16 MiB is 413.
inline constexpr std::int64_t kMaxPushBodyBytes = 16 * 1024 * 1024;
// Section 5: pull limit 1..1000.
inline constexpr std::int64_t kMaxPullLimit = 1000;
inline constexpr std::int64_t kMaxDevices = 1'000'000;

enum class Model { closed, open };

enum class Action { push, pull, status, conflict, delete_records, raw };

// How the losing device of a conflict cycle resolves it (contract section 6).
// The user's choice in a conflict cycle: the reference client's own (contract 6).
using Resolution = client::Resolution;

// "push", "pull", "status", "conflict", "delete", "raw".
std::string_view action_name(Action action);
std::string_view model_name(Model model);

struct MixEntry {
  scenario::Mark mark;  // the entry in the profile, for messages about it
  Action action = Action::status;
  // Label in metrics and thresholds (`p99(push_big)`): `name:` or else action_name(action).
  // Unique within the mix; [a-z][a-z0-9_]*.
  std::string name;
  std::int64_t weight = 1;  // > 0; the chance of this entry is weight / sum of weights
  // push, delete: records per request, 1..kMaxPushRecords, at most records_per_account.
  std::int64_t records = 1;
  // push, conflict: plaintext size of each record in bytes, 2..kMaxPlaintextBytes (a JSON object
  // padded to this size; 2 is `{}`).
  std::int64_t bytes = 256;
  // pull: page size 1..kMaxPullLimit; nullopt = the server's default.
  std::optional<std::int64_t> pull_limit;
  Resolution resolution = Resolution::local;  // conflict
  // raw: one request as-is, authenticated as the device's account, no device logic.
  std::string method;               // GET, POST or PUT
  std::string path;                 // starts with '/', may hold a query
  std::optional<std::string> body;  // POST and PUT only; sent with Content-Type application/json
};

// One ramp of the open model: the arrival rate moves linearly from the previous stage's target
// (the first from start_rate) to `target` over `duration` (k6 ramping-arrival-rate).
struct Stage {
  scenario::Mark mark;
  std::chrono::milliseconds duration{0};  // >= 0; a 0 stage is a step to `target`
  double target = 0;                      // arrivals per second, >= 0
};

// Pause between two actions of one closed-model device, uniform in [min, max]; min == max is fixed.
struct ThinkTime {
  std::chrono::milliseconds min{0};
  std::chrono::milliseconds max{0};
};

// A threshold as written ("p99(push) < 250ms"); its grammar is checked by the results model in
// reports/, whose errors point at `mark` and `field` ("thresholds[2]").
struct ThresholdSpec {
  std::string expression;
  scenario::Mark mark;
  std::string field;
};

struct LoadProfile {
  std::string file;         // as given to load_profile
  scenario::Mark mark;      // the document
  std::string name;         // [A-Za-z0-9][A-Za-z0-9._-]{0,63}: safe in file names
  std::string description;  // "" when absent
  Model model = Model::closed;
  // closed: concurrent devices, each in a loop; open: the pool that serves arrivals (at most this
  // many actions in flight; an arrival finding none free is dropped). 1..kMaxDevices.
  std::int64_t devices = 1;
  std::int64_t devices_per_account = 1;  // >= 1; accounts_needed = ceil(devices / this)
  // The ids an account's writes draw from (bounds each device's local store); >= the records of
  // every push and delete entry.
  std::int64_t records_per_account = 1000;
  std::chrono::milliseconds warmup{0};  // run first, not recorded; open: at rate or start_rate
  // closed, and open at a constant rate: the measured time (> 0). Staged: 0, the stages say.
  std::chrono::milliseconds duration{0};
  std::optional<double> rate;  // open at a constant rate: arrivals per second (> 0); else nullopt
  double start_rate = 0;       // open, staged: the rate the first stage ramps from (>= 0)
  std::vector<Stage> stages;   // open, staged: non-empty; else empty
  ThinkTime think_time;        // closed only (zero in open)
  std::chrono::milliseconds timeout{10'000};  // one request, > 0
  std::vector<MixEntry> mix;                  // non-empty
  std::vector<ThresholdSpec> thresholds;
};

// The profile in `file`, validated; nullopt when any error was added to `errors` (each error is
// added, none thrown).
std::optional<LoadProfile> load_profile(const std::filesystem::path& file,
                                        std::vector<scenario::LoadError>& errors);
// Same for a YAML text; `file` names it in errors.
std::optional<LoadProfile> parse_profile(std::string_view text, const std::string& file,
                                         std::vector<scenario::LoadError>& errors);

// The mix entries' names, in mix order (each once): the actions thresholds may name.
std::vector<std::string> action_names(const LoadProfile& profile);

// ceil(devices / devices_per_account).
std::size_t accounts_needed(const LoadProfile& profile);

bool is_staged(const LoadProfile& profile);
// The recorded part: duration, or the sum of the stages.
std::chrono::milliseconds measured_time(const LoadProfile& profile);
// warmup + measured_time: how long the run is planned to take (before draining in-flight work).
std::chrono::milliseconds planned_time(const LoadProfile& profile);
// Open model: the planned arrivals per second `since_start` after the end of warm-up (0 past the
// last stage). Closed model: 0.
double arrival_rate_at(const LoadProfile& profile, std::chrono::milliseconds since_start);

// Command-line values that replace the profile's (--duration, --devices, --rate).
struct ProfileOverrides {
  std::optional<std::chrono::milliseconds> duration;  // staged: the stages are scaled to it
  std::optional<std::int64_t> devices;
  std::optional<double> rate;  // open at a constant rate only
};

// Applies `overrides` and re-checks what they touch. Returns one message per problem, each naming
// its option ("--rate: ..."); the profile is unchanged by an option that has a problem.
std::vector<std::string> apply_overrides(LoadProfile& profile, const ProfileOverrides& overrides);

}  // namespace syncsuite::load
