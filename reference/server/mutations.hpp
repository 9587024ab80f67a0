#pragma once
// The deliberate contract violations (mutants) as plain flags. Each flag is checked at exactly one
// place, beside the correct logic, so the clean path reads without them.
#include <string_view>

#include "reference/core/result.hpp"

namespace syncsuite::server {

struct Mutations {
  bool auth_ignored = false;                // 1: no/unknown token served as the first account
  bool html_errors = false;                 // 1: a body that is not JSON gets a 500 HTML page
  bool method_404 = false;                  // 1: wrong method gets 404 instead of 405
  bool nonce_length_unchecked = false;      // 2: any decodable nonce length accepted
  bool updated_at_reformatted = false;      // 2: updated_at returned cut to whole seconds
  bool partial_batch = false;               // 4.1: records before a bad one stored anyway
  bool batch_limit_off = false;             // 4.1: batches over 500 accepted
  bool retry_bumps_version = false;         // 4.2: identical retry stored again as version+1
  bool tie_overwrites = false;              // 4.2: equal updated_at, other content overwrites
  bool no_conflict_check = false;           // 4.2: earlier updated_at overwrites too
  bool pull_skips_boundary = false;         // 5: cursor one record too far when has_more
  bool pull_no_tombstones = false;          // 5: tombstones never pulled
  bool cursor_before_commit = false;        // 5: seq taken before the write lock (concurrency)
  bool resolve_ignores_version = false;     // 6: no 409 guard
  bool resolve_keeps_conflict = false;      // 6/7: resolving leaves the record conflicted
  bool status_count_no_tombstones = false;  // 7: record_count without tombstones
  bool isolation_leak = false;              // 1/2: records keyed by (table, id), ignoring the user
  bool limit_unchecked = false;             // 5: a bad limit is clamped instead of 400
  bool table_trailing_newline = false;      // 2: table and id accept one trailing "\n"
  bool timestamp_calendar_lax = false;      // 2: updated_at :60 seconds and 29 Feb of any year
  bool base64_whitespace = false;           // 2: nonce/ciphertext accept surrounding whitespace
  bool expected_version_bool = false;       // 6: expected_version true/false taken as 1/0
  bool resolution_any_case = false;         // 6: resolution compared case-insensitively
  bool deep_nesting_500 = false;            // 1: a body nested deeper than 512 levels gets 500
  bool trailing_bytes_accepted = false;     // 1: bytes after a NUL ignored (one JSON value read)
  bool ciphertext_cut_64k = false;          // 2: ciphertexts stored cut at 65,536 characters
  bool id_64_rejected = false;              // 2: an id of exactly 64 characters refused
  bool leap_day_rejected = false;           // 2: an updated_at on February 29 refused
  bool body_limit_8mib = false;             // 4.1: bodies over 8 MiB get 413
  bool pull_start_leak = false;             // 2/5: a pull from the beginning reads the first account's
  bool resolve_copy_leak = false;           // 2/6: a resolve answer shows the first account's copy
  bool resolve_write_leak = false;          // 2/6: a resolve overwrites the first account's copy

  // "" gives the correct server; an unknown name is an error listing the valid names.
  static Result<Mutations> from_name(std::string_view name);
  bool operator==(const Mutations&) const = default;
};

}  // namespace syncsuite::server
