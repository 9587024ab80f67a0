#include "reference/server/mutations.hpp"

#include <string>
#include <vector>

#include "reference/server/sync_service.hpp"

namespace syncsuite::server {
namespace {

struct MutantEntry {
  MutantInfo info;
  bool Mutations::*flag;
};

// The one table of mutants: name, contract section, description, flag.
const std::vector<MutantEntry>& mutant_table() {
  static const std::vector<MutantEntry> table = {
      {{"auth-ignored", "1",
        "a missing or unknown token is served as the first account instead of 401"},
       &Mutations::auth_ignored},
      {{"html-errors", "1", "a body that is not JSON gets 500 with an HTML page"},
       &Mutations::html_errors},
      {{"method-404", "1", "a wrong method gets 404 instead of 405"}, &Mutations::method_404},
      {{"nonce-length-unchecked", "2", "any decodable nonce length is accepted, not only 24 bytes"},
       &Mutations::nonce_length_unchecked},
      {{"updated-at-reformatted", "2",
        "updated_at is returned cut to whole seconds (...:00Z) in pull, conflict and resolve "
        "responses"},
       &Mutations::updated_at_reformatted},
      {{"partial-batch", "4.1",
        "on a validation error the records before the bad one are stored anyway (still 400)"},
       &Mutations::partial_batch},
      {{"batch-limit-off", "4.1", "batches over 500 records are accepted"},
       &Mutations::batch_limit_off},
      {{"retry-bumps-version", "4.2", "an identical retry is stored again as version+1"},
       &Mutations::retry_bumps_version},
      {{"tie-overwrites", "4.2",
        "an equal updated_at with different content is accepted and overwrites"},
       &Mutations::tie_overwrites},
      {{"no-conflict-check", "4.2",
        "an earlier updated_at overwrites too: the last arrival wins, no conflicts"},
       &Mutations::no_conflict_check},
      {{"pull-skips-boundary", "5",
        "the record after each full page is skipped: the cursor moves one too far when "
        "has_more"},
       &Mutations::pull_skips_boundary},
      {{"pull-no-tombstones", "5", "tombstones are never returned by pull"},
       &Mutations::pull_no_tombstones},
      {{"cursor-before-commit", "5",
        "a push takes its commit sequence before the write lock and sleeps before committing, "
        "so a concurrent puller can move past a write that commits later (concurrency only)"},
       &Mutations::cursor_before_commit},
      {{"resolve-ignores-version", "6", "resolve has no expected_version guard (never 409)"},
       &Mutations::resolve_ignores_version},
      {{"resolve-keeps-conflict", "6",
        "resolving does not clear the conflicted flag (conflict_count stays)"},
       &Mutations::resolve_keeps_conflict},
      {{"status-count-no-tombstones", "7", "record_count excludes tombstones"},
       &Mutations::status_count_no_tombstones},
      {{"isolation-leak", "2",
        "records are keyed by (table, id) only: accounts overwrite and pull each other's records"},
       &Mutations::isolation_leak},
      {{"limit-unchecked", "5",
        "a pull limit out of range or not a number is clamped silently instead of 400"},
       &Mutations::limit_unchecked},
      {{"table-trailing-newline", "2",
        "table and id accept one trailing newline (a regex ending in $ matches before it) and "
        "store it"},
       &Mutations::table_trailing_newline},
      {{"timestamp-calendar-lax", "2",
        "updated_at accepts a leap second (23:59:60) and 29 February of any year"},
       &Mutations::timestamp_calendar_lax},
      {{"base64-whitespace", "2",
        "nonce and ciphertext accept leading or trailing whitespace and newlines (a MIME-style "
        "decoder) and store them"},
       &Mutations::base64_whitespace},
      {{"expected-version-bool", "6",
        "resolve takes expected_version true/false as 1/0 (a bool is an int)"},
       &Mutations::expected_version_bool},
      {{"resolution-any-case", "6",
        "resolve accepts \"LOCAL\", \"Server\", ... (resolution compared case-insensitively)"},
       &Mutations::resolution_any_case},
      {{"deep-nesting-500", "1", "a body nested deeper than 512 levels gets 500 (a recursion limit)"},
       &Mutations::deep_nesting_500},
      {{"trailing-bytes-accepted", "1",
        "a body's bytes from a NUL on are ignored: `{...}` + NUL + anything is read as `{...}`"},
       &Mutations::trailing_bytes_accepted},
      {{"ciphertext-cut-64k", "2",
        "ciphertexts are stored cut at 65,536 base64 characters, like a TEXT column: longer "
        "records come back corrupted"},
       &Mutations::ciphertext_cut_64k},
      {{"id-64-rejected", "2", "an id of exactly 64 characters gets 400 (off by one: {1,63})"},
       &Mutations::id_64_rejected},
      {{"leap-day-rejected", "2",
        "an updated_at on February 29 gets 400 (a day table without leap years)"},
       &Mutations::leap_day_rejected},
      {{"body-limit-8mib", "4.1", "bodies over 8 MiB get 413 instead of those over 16 MiB"},
       &Mutations::body_limit_8mib},
      {{"pull-start-leak", "2",
        "a pull from the beginning (no since) reads the first account's records, whoever asks"},
       &Mutations::pull_start_leak},
      {{"resolve-copy-leak", "2",
        "the record in a resolve answer is looked up by (table, id) without the account: the "
        "first account's copy when it has one"},
       &Mutations::resolve_copy_leak},
      {{"resolve-write-leak", "2",
        "a local or merged resolve writes the row found by (table, id) without the account: the "
        "first account's copy when it has one"},
       &Mutations::resolve_write_leak},
  };
  return table;
}

}  // namespace

Result<Mutations> Mutations::from_name(std::string_view name) {
  Mutations mutations;
  if (name.empty()) return mutations;
  std::string valid;
  for (const auto& entry : mutant_table()) {
    if (entry.info.name == name) {
      mutations.*entry.flag = true;
      return mutations;
    }
    if (!valid.empty()) valid += ", ";
    valid += entry.info.name;
  }
  return make_error("unknown_mutant",
                    "unknown mutant \"" + std::string(name) + "\"; valid names: " + valid);
}

const std::vector<MutantInfo>& mutants() {
  static const std::vector<MutantInfo> infos = [] {
    std::vector<MutantInfo> out;
    for (const auto& entry : mutant_table()) out.push_back(entry.info);
    return out;
  }();
  return infos;
}

}  // namespace syncsuite::server
