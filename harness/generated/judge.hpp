#pragma once
// Judging one generated case fail-closed (issue 6, item 1): what the answer and the server's
// state after it must be, given what the contract says about the variant. Pure: the runner
// gathers the observation, this turns it into check verdicts.
#include <optional>
#include <string>
#include <vector>

#include "harness/generated/variants.hpp"

namespace syncsuite::generated {

struct Observed {
  int status = 0;               // 0: no answer
  std::string transport_error;  // why there was no answer
  std::string content_type;     // of the answer
  std::string body;             // of the answer
  std::optional<std::string>
      stored;               // what the case stored or changed ("" = nothing); nullopt = unknown
  std::string probe_error;  // why `stored` is unknown
  bool bad_value_stored = false;  // a duplicate key's bad value came back from the server
};

struct CaseVerdict {
  enum class Kind { pass, fail, unjudgeable };
  std::string check;
  Kind kind = Kind::unjudgeable;
  bool should = false;  // a SHOULD: its failure is a warning, and not shrunk
  std::string expected;
  std::string actual;
};

// The check each request's "nothing stored" is judged under.
std::string store_check(Request request);

std::vector<CaseVerdict> judge_case(const Variant& variant, const Observed& observed);

// A MUST failed: the case is shrunk and reported.
bool must_failed(const std::vector<CaseVerdict>& verdicts);

// "status 400 application/json {...}" - the answer in one line.
std::string describe_answer(const Observed& observed);

}  // namespace syncsuite::generated
