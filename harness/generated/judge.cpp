#include "harness/generated/judge.hpp"

#include <algorithm>
#include <cctype>

namespace syncsuite::generated {
namespace {

std::string lower_media_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c); }),
          t.end());
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

// A 5xx, an HTML page or no answer: what a malformed request must never get (contract 1).
bool broken_answer(const Observed& o) {
  return o.status == 0 || o.status >= 500 || lower_media_type(o.content_type) == "text/html";
}

bool has_json_detail(const Observed& o) {
  if (lower_media_type(o.content_type) != "application/json") return false;
  const Json body = Json::parse(o.body, nullptr, false);
  return body.is_object() && body.contains("detail") && body["detail"].is_string();
}

CaseVerdict verdict(std::string check, bool holds, std::string expected, std::string actual) {
  CaseVerdict v;
  v.check = std::move(check);
  v.kind = holds ? CaseVerdict::Kind::pass : CaseVerdict::Kind::fail;
  v.expected = std::move(expected);
  v.actual = std::move(actual);
  return v;
}

bool is_4xx(int status) { return status >= 400 && status < 500; }

}  // namespace

std::string store_check(Request request) {
  switch (request) {
    case Request::push:
      return "4.1/invalid-batch-stores-nothing";
    case Request::resolve:
      return "6/invalid-body-stores-nothing";
    case Request::key:
      return "3/key-invalid-refused";
    case Request::headers:
      return "1/auth-nothing-written";
    case Request::pull:
      return "";
  }
  return "";
}

std::string describe_answer(const Observed& o) {
  if (o.status == 0)
    return "no answer: " + (o.transport_error.empty() ? "connection closed" : o.transport_error);
  std::string line = "status " + std::to_string(o.status);
  if (!o.content_type.empty()) line += " " + o.content_type;
  if (!o.body.empty()) line += " " + printable(o.body, 120);
  return line;
}

std::vector<CaseVerdict> judge_case(const Variant& v, const Observed& o) {
  std::vector<CaseVerdict> out;
  const std::string answer = describe_answer(o);
  const std::string case_line = v.describe();
  const std::string sound = "never a 5xx, an HTML page or a dropped connection";
  switch (v.expect) {
    case Expect::refuse:
      out.push_back(verdict(v.check, is_4xx(o.status), "a 4xx for " + case_line, answer));
      break;
    case Expect::refuse_should:
      out.push_back(verdict(v.check, is_4xx(o.status), "a 4xx (SHOULD) for " + case_line, answer));
      out.back().should = true;
      break;
    case Expect::unauthorized:
      out.push_back(verdict(v.check, o.status == 401, "401 for " + case_line, answer));
      break;
    case Expect::lenient:
      out.push_back(
          verdict(v.check, !broken_answer(o),
                  "any answer but a 5xx, HTML or a dropped connection (the contract leaves " +
                      case_line + " open)",
                  answer));
      break;
  }
  if (v.check != "1/malformed-4xx-not-5xx") {
    out.push_back(
        verdict("1/malformed-4xx-not-5xx", !broken_answer(o), sound + " for " + case_line, answer));
  }
  if (o.status >= 400) {
    out.push_back(verdict("1/errors-json-detail", has_json_detail(o),
                          "a JSON object body with a string \"detail\" for " + case_line, answer));
  }
  const std::string store = store_check(v.request);
  const bool accepted = o.status >= 200 && o.status < 300;
  if (store.empty() || (accepted && v.expect == Expect::lenient)) return out;
  if (accepted && v.expect == Expect::refuse_should) {
    out.push_back(verdict(
        store, !o.bad_value_stored,
        "the bad copy \"" + printable(v.bad_value) + "\" of the duplicate key is not stored",
        o.bad_value_stored ? "the server returns it" : "not stored"));
    return out;
  }
  CaseVerdict s;
  s.check = store;
  s.expected = "nothing of the request stored after " + case_line;
  if (!o.stored) {
    s.kind = CaseVerdict::Kind::unjudgeable;
    s.actual = "could not read the server's state: " + o.probe_error;
  } else {
    s.kind = o.stored->empty() ? CaseVerdict::Kind::pass : CaseVerdict::Kind::fail;
    s.actual =
        o.stored->empty() ? "nothing stored (" + answer + ")" : *o.stored + " (" + answer + ")";
  }
  out.push_back(std::move(s));
  return out;
}

bool must_failed(const std::vector<CaseVerdict>& verdicts) {
  return std::any_of(verdicts.begin(), verdicts.end(), [](const CaseVerdict& v) {
    return v.kind == CaseVerdict::Kind::fail && !v.should;
  });
}

}  // namespace syncsuite::generated
