#pragma once
// Visits every expectation of a step list, those of nested steps (concurrently, sequence,
// repeat) included, in document order.
#include <type_traits>
#include <variant>
#include <vector>

#include "harness/scenario/model.hpp"

namespace syncsuite::scenario {

// fn(const Step& step, const Expectation& expectation)
template <class Fn>
void for_each_expectation(const std::vector<Step>& steps, Fn&& fn) {
  for (const auto& step : steps) {
    for (const auto& e : step.expect) fn(step, e);
    std::visit(
        [&](const auto& action) {
          using T = std::decay_t<decltype(action)>;
          if constexpr (std::is_same_v<T, ConcurrentlyStep> || std::is_same_v<T, SequenceStep> ||
                        std::is_same_v<T, RepeatStep>) {
            for_each_expectation(action.steps, fn);
          } else if constexpr (std::is_same_v<T, GeneratedStep>) {
            for (const auto& e : action.judges) fn(step, e);
          }
        },
        step.action);
  }
}

}  // namespace syncsuite::scenario
