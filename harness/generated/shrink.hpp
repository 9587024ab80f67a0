#pragma once
// Smaller forms of a failing case, tried in order by the runner until none still fails: the
// neighbouring valid records dropped, the nesting halved, the bad text cut from either end.
// A smaller form that passes shows what the failure needs, so the runner keeps the last one
// that still failed. Pure.
#include <vector>

#include "harness/generated/variants.hpp"

namespace syncsuite::generated {

std::vector<Variant> shrink_candidates(const Variant& variant);

}  // namespace syncsuite::generated
