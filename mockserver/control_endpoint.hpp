#pragma once
// The test-only control endpoint (enabled by ServerOptions::control / `serve --control`): lets a
// harness install fault plans and read the request journal over HTTP. Pure: request in, response
// out. Control requests are never faulted nor journaled, and need no token (loopback test use).
//
//   GET    /__syncsuite/control/faults/   the plan with per-rule "matched" and "fired" counts
//   POST   /__syncsuite/control/faults/   install a plan (fault_plan.hpp JSON); 400 names bad fields
//   DELETE /__syncsuite/control/faults/   remove every rule
//   GET    /__syncsuite/control/journal/  {"total", "capacity", "entries"}; ?after=SEQ for newer ones
//   DELETE /__syncsuite/control/journal/  forget the entries (seq numbers keep counting)
#include <string_view>

#include "mockserver/fault_injector.hpp"
#include "mockserver/journal.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::mockserver {

inline constexpr std::string_view kControlPrefix = "/__syncsuite/control/";
inline constexpr std::string_view kControlFaultsPath = "/__syncsuite/control/faults/";
inline constexpr std::string_view kControlJournalPath = "/__syncsuite/control/journal/";

bool is_control_target(std::string_view target);

protocol::HttpResponse handle_control(const protocol::HttpRequest& request, FaultInjector& faults,
                                      Journal& journal);

}  // namespace syncsuite::mockserver
