#pragma once
// A generated case as the bytes of a request: the valid request of its kind (built by the runner
// with fresh ids and sealed records) with the variant's edit applied. Raw edits (invalid UTF-8,
// duplicate keys, deep nesting, bytes after the value) are spliced into the serialized text,
// since no JSON value holds them. Pure.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/generated/variants.hpp"

namespace syncsuite::generated {

struct BaseRequest {
  Json body;                  // the valid body; push: the bad record at records[bad_index]
  std::size_t bad_index = 0;  // push: replaces "@" in pointers
  std::string bad_id;         // replaces kIdMark
  std::string token;          // replaces kTokenMark
  std::vector<std::pair<std::string, std::string>> query;  // pull: the valid parameters, in order
};

struct RenderedRequest {
  std::optional<std::string> body;           // nullopt: no body (pull)
  std::string query;                         // "?since=...&limit=..." percent-encoded, or ""
  std::optional<std::string> authorization;  // nullopt: header left out
  std::optional<std::string> content_type;   // nullopt: header left out
};

RenderedRequest render(const Variant& variant, const BaseRequest& base);

// `depth` nested arrays around 1: [[[1]]].
std::string nested_arrays(int depth);

}  // namespace syncsuite::generated
