#include "mockserver/beast_message.hpp"

#include <boost/beast/core/string.hpp>
#include <string>
#include <utility>

namespace syncsuite::mockserver {
namespace http = boost::beast::http;

protocol::HttpRequest to_protocol(BeastRequest&& request) {
  protocol::HttpRequest out = head_to_protocol(request);
  out.body = std::move(request.body());
  return out;
}

protocol::HttpRequest head_to_protocol(const BeastRequest& request) {
  protocol::HttpRequest out;
  out.method = std::string(request.method_string());
  out.target = std::string(request.target());
  for (const auto& field : request) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  return out;
}

BeastResponse to_beast(protocol::HttpResponse&& response, unsigned version, bool keep_alive) {
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  for (auto& header : response.headers) {
    if (boost::beast::iequals(header.name, "Content-Length") ||
        boost::beast::iequals(header.name, "Transfer-Encoding") ||
        boost::beast::iequals(header.name, "Connection")) {
      continue;
    }
    out.insert(header.name, header.value);
  }
  out.body() = std::move(response.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

}  // namespace syncsuite::mockserver
