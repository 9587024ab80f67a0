#pragma once
// Options every report writer takes.
#include <cstddef>

#include "reports/text/utf8.hpp"

namespace syncsuite::reports {

struct WriteOptions {
  // Bodies, expected and actual texts longer than this many bytes are cut, with a marker that
  // gives their full size (text::cut).
  std::size_t body_limit = text::kDefaultBodyLimit;
};

}  // namespace syncsuite::reports
