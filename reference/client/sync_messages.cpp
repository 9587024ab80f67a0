#include "reference/client/sync_messages.hpp"

#include <nlohmann/json.hpp>

#include "reference/protocol/limits.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;
using protocol::Envelope;
using protocol::HttpRequest;
using protocol::HttpResponse;

HttpRequest json_request(std::string method, std::string target, std::string_view token,
                         std::string body) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers.push_back({"Authorization", "Token " + std::string(token)});
  if (!body.empty()) request.headers.push_back({"Content-Type", "application/json"});
  request.headers.push_back({"Accept", "application/json"});
  request.body = std::move(body);
  return request;
}

Error bad_response(std::string_view what, std::string_view problem) {
  return make_error("bad_response", std::string(what) + " response: " + std::string(problem));
}

// "push: HTTP 503: <detail>", the detail cut short: it is the server's text, not ours.
Error status_error(std::string_view what, const HttpResponse& response) {
  std::string message = std::string(what) + ": HTTP " + std::to_string(response.status);
  auto body = json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    auto it = body.find("detail");
    if (it != body.end() && it->is_string()) {
      std::string detail = it->get<std::string>();
      if (detail.size() > 200) detail = detail.substr(0, 200) + "...";
      message += ": " + detail;
    }
  }
  return make_error("http_status", std::move(message));
}

Result<json> json_object_body(std::string_view what, const HttpResponse& response) {
  auto body = json::parse(response.body, nullptr, false);
  if (body.is_discarded()) return bad_response(what, "body is not JSON");
  if (!body.is_object()) return bad_response(what, "body is not a JSON object");
  return body;
}

Result<Envelope> versioned_envelope(const json& value, std::string_view where) {
  auto e = protocol::parse_envelope(value, where, /*with_version=*/true);
  if (!e) return e.error();
  if (!e->version) {
    return make_error("bad_request", std::string(where) + ".version: must be a positive integer");
  }
  return e;
}

}  // namespace

std::string_view to_string(Resolution resolution) {
  switch (resolution) {
    case Resolution::local:
      return "local";
    case Resolution::server:
      return "server";
    case Resolution::merged:
      return "merged";
  }
  return "server";
}

std::optional<Resolution> parse_resolution(std::string_view text) {
  for (auto r : {Resolution::local, Resolution::server, Resolution::merged}) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
  }
  return out;
}

HttpRequest key_request(std::string_view token, const crypto::PublicKey& key) {
  return json_request("PUT", std::string(protocol::kKeyPath), token,
                      json{{"public_key", key.to_base64()}}.dump());
}

HttpRequest push_request(std::string_view token, std::string_view device_id,
                         const std::vector<Envelope>& records) {
  json list = json::array();
  for (const auto& r : records) {
    auto e = protocol::to_json(r);
    e.erase("version");
    list.push_back(std::move(e));
  }
  json body = {{"device_id", device_id}, {"records", std::move(list)}};
  return json_request("POST", std::string(protocol::kPushPath), token, body.dump());
}

HttpRequest pull_request(std::string_view token, std::string_view cursor, int limit) {
  std::string target(protocol::kPullPath);
  target += "?";
  if (!cursor.empty()) target += "since=" + url_encode(cursor) + "&";
  target += "limit=" + std::to_string(limit);
  return json_request("GET", std::move(target), token, "");
}

HttpRequest resolve_request(std::string_view token, std::string_view table, std::string_view id,
                            Resolution resolution, std::int64_t expected_version,
                            const std::optional<Envelope>& record) {
  json body = {{"table", table},
               {"id", id},
               {"resolution", to_string(resolution)},
               {"expected_version", expected_version}};
  if (record) {
    auto e = protocol::to_json(*record);
    e.erase("version");
    body["record"] = std::move(e);
  }
  return json_request("POST", std::string(protocol::kResolvePath), token, body.dump());
}

Result<std::vector<PushOutcome>> parse_push_response(const HttpResponse& response,
                                                     const std::vector<Envelope>& sent) {
  if (response.status != 200) return status_error("push", response);
  auto body = json_object_body("push", response);
  if (!body) return body.error();
  auto results = body->find("results");
  if (results == body->end() || !results->is_array()) {
    return bad_response("push", "results: must be an array");
  }
  if (results->size() != sent.size()) {
    return bad_response("push", "results: " + std::to_string(results->size()) + " entries for " +
                                    std::to_string(sent.size()) + " pushed records");
  }
  std::vector<PushOutcome> out;
  out.reserve(sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const json& r = (*results)[i];
    const std::string where = "results[" + std::to_string(i) + "]";
    if (!r.is_object()) return bad_response("push", where + ": must be an object");
    auto table = r.find("table");
    auto id = r.find("id");
    if (table == r.end() || id == r.end() || *table != sent[i].table || *id != sent[i].id) {
      return bad_response("push", where + ": table and id must be those of pushed record " +
                                      sent[i].table + "/" + sent[i].id);
    }
    auto status = r.find("status");
    if (status == r.end() || !status->is_string()) {
      return bad_response("push", where + ".status: must be \"accepted\" or \"conflict\"");
    }
    PushOutcome outcome;
    if (*status == "accepted") {
      auto version = r.find("version");
      if (version == r.end() || !version->is_number_integer() || version->get<std::int64_t>() < 1) {
        return bad_response("push", where + ".version: must be a positive integer");
      }
      outcome.accepted = true;
      outcome.version = version->get<std::int64_t>();
    } else if (*status == "conflict") {
      auto server = r.find("server");
      if (server == r.end()) return bad_response("push", where + ".server: missing");
      auto e = versioned_envelope(*server, where + ".server");
      if (!e) return bad_response("push", e.error().message);
      if (e->table != sent[i].table || e->id != sent[i].id) {
        return bad_response("push", where + ".server: table and id must be those of the record");
      }
      outcome.server = std::move(e).value();
    } else {
      return bad_response("push", where + ".status: must be \"accepted\" or \"conflict\"");
    }
    out.push_back(std::move(outcome));
  }
  return out;
}

Result<PullPage> parse_pull_response(const HttpResponse& response) {
  if (response.status != 200) return status_error("pull", response);
  auto body = json_object_body("pull", response);
  if (!body) return body.error();
  PullPage page;
  auto records = body->find("records");
  if (records == body->end() || !records->is_array()) {
    return bad_response("pull", "records: must be an array");
  }
  auto cursor = body->find("cursor");
  if (cursor == body->end() || !cursor->is_string()) {
    return bad_response("pull", "cursor: must be a string");
  }
  auto has_more = body->find("has_more");
  if (has_more == body->end() || !has_more->is_boolean()) {
    return bad_response("pull", "has_more: must be a boolean");
  }
  page.cursor = cursor->get<std::string>();
  page.has_more = has_more->get<bool>();
  page.records.reserve(records->size());
  for (std::size_t i = 0; i < records->size(); ++i) {
    auto e = versioned_envelope((*records)[i], "records[" + std::to_string(i) + "]");
    if (!e) return bad_response("pull", e.error().message);
    page.records.push_back(std::move(e).value());
  }
  return page;
}

Result<ResolveAnswer> parse_resolve_response(const HttpResponse& response, std::string_view table,
                                             std::string_view id) {
  if (response.status != 200 && response.status != 409) return status_error("resolve", response);
  auto body = json_object_body("resolve", response);
  if (!body) return body.error();
  ResolveAnswer answer;
  answer.applied = response.status == 200;
  const char* field = answer.applied ? "record" : "server";
  auto value = body->find(field);
  if (value == body->end()) return bad_response("resolve", std::string(field) + ": missing");
  auto e = versioned_envelope(*value, field);
  if (!e) return bad_response("resolve", e.error().message);
  if (e->table != table || e->id != id) {
    return bad_response("resolve", std::string(field) + ": table and id must be those resolved");
  }
  answer.record = std::move(e).value();
  return answer;
}

Status check_key_response(const HttpResponse& response, const crypto::PublicKey& key) {
  if (response.status != 200) return status_error("key", response);
  auto body = json_object_body("key", response);
  if (!body) return body.error();
  auto value = body->find("public_key");
  if (value == body->end() || !value->is_string() || *value != key.to_base64()) {
    return bad_response("key", "public_key: must be the uploaded key");
  }
  return ok_status();
}

}  // namespace syncsuite::client
