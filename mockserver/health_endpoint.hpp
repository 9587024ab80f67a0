#pragma once
// The liveness probe every deployment wants (a load balancer's or Kubernetes' health check):
//
//   GET  /healthz   200 {"status":"ok"}; HEAD the same without the body
//   any other method on it: 405 with Allow: GET, HEAD
//
// Always on, without a token; it touches neither the store nor the accounts, and is never faulted
// nor journaled (probes would crowd the exchanges a test reads). Being the cheapest request the
// server answers, it is also the endpoint to measure a load generator against (bench/vs-wrk.sh).
// Pure: request in, response out.
#include <string_view>

#include "reference/protocol/http_message.hpp"

namespace syncsuite::mockserver {

inline constexpr std::string_view kHealthPath = "/healthz";

// The path is /healthz, with or without a query.
bool is_health_target(std::string_view target);

protocol::HttpResponse handle_health(const protocol::HttpRequest& request);

}  // namespace syncsuite::mockserver
