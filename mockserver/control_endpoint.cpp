#include "mockserver/control_endpoint.hpp"

#include <charconv>
#include <optional>
#include <string>

#include "reference/server/json_response.hpp"

namespace syncsuite::mockserver {
namespace {

// The value of `name` in a query string ("a=1&after=5"), undecoded; nullopt if absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    }
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return std::nullopt;
}

protocol::HttpResponse method_not_allowed(std::string_view allowed) {
  auto response = server::error_response(405, "method not allowed here; allowed: " + std::string(allowed));
  response.headers.push_back({"Allow", std::string(allowed)});
  return response;
}

protocol::HttpResponse faults_endpoint(const protocol::HttpRequest& request,
                                       FaultInjector& faults) {
  if (request.method == "GET") {
    return server::json_response(200, faults.to_json());
  }
  if (request.method == "POST") {
    auto plan = parse_fault_plan(request.body);
    if (!plan) {
      return server::error_response(400, plan.error().message);
    }
    const auto count = plan->rules.size();
    faults.install(std::move(plan).value());
    return server::json_response(200, {{"installed", count}});
  }
  if (request.method == "DELETE") {
    faults.clear();
    return server::json_response(200, {{"installed", 0}});
  }
  return method_not_allowed("GET, POST, DELETE");
}

protocol::HttpResponse journal_endpoint(const protocol::HttpRequest& request,
                                        std::string_view query, Journal& journal) {
  if (request.method == "GET") {
    std::uint64_t after = 0;
    if (auto text = query_value(query, "after")) {
      const auto* end = text->data() + text->size();
      const auto [ptr, ec] = std::from_chars(text->data(), end, after);
      if (ec != std::errc{} || ptr != end || text->empty()) {
        return server::error_response(400, "after: must be a non-negative integer (a journal seq)");
      }
    }
    return server::json_response(200, journal.to_json(after));
  }
  if (request.method == "DELETE") {
    journal.clear();
    return server::json_response(200, {{"total", journal.total()}});
  }
  return method_not_allowed("GET, DELETE");
}

}  // namespace

bool is_control_target(std::string_view target) {
  return target.substr(0, kControlPrefix.size()) == kControlPrefix;
}

protocol::HttpResponse handle_control(const protocol::HttpRequest& request, FaultInjector& faults,
                                      Journal& journal) {
  const std::string_view target = request.target;
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  if (path == kControlFaultsPath) {
    return faults_endpoint(request, faults);
  }
  if (path == kControlJournalPath) {
    return journal_endpoint(request, query, journal);
  }
  return server::error_response(404, "unknown control path; known: " + std::string(kControlFaultsPath) + ", " +
                             std::string(kControlJournalPath));
}

}  // namespace syncsuite::mockserver
