#pragma once
// A problem found while loading scenarios, checks.yaml or a baseline: where (file, line, column),
// which field, and what is wrong. Loaders collect every error before they fail (k6 style).
#include <string>
#include <vector>

namespace syncsuite::scenario {

struct LoadError {
  std::string file;
  int line = 0;    // 1-based; 0 = the whole file
  int column = 0;  // 1-based; 0 = unknown
  std::string field;  // "steps[2].put.device"; "" = the document
  std::string message;

  // "file:line:column: field: message" (parts that are unknown are left out).
  std::string to_string() const;
};

// Every error on its own line, in order.
std::string to_string(const std::vector<LoadError>& errors);

}  // namespace syncsuite::scenario
