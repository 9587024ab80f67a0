#include "harness/generated/variants.hpp"

#include <cstdio>

#include "reference/core/base64.hpp"

namespace syncsuite::generated {
namespace {

// Valid values the edge cases start from (the bad record is never opened by the server).
std::string b64(std::size_t bytes) { return base64::encode(std::string(bytes, '\xfb')); }
std::string url_safe(std::string text) {
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}
std::string unpadded(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}
std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}
std::string with_nul(std::string text) { return text + std::string(1, '\0'); }
std::string mime_break(const std::string& text) {
  return text.substr(0, 16) + "\n" + text.substr(16);
}

const std::string kTimestamp = "2026-11-24T10:00:00.123Z";
const std::string kId(kIdMark);
const std::string kToken(kTokenMark);
// The bad copy of a duplicated table key: its rule forbids it, so it must never be stored.
constexpr std::string_view kBadTable = "BAD TABLE";

struct Builder {
  const Field& field;
  std::vector<Variant> out;

  Variant& add(std::string klass, Expect expect, Edit edit) {
    Variant v;
    v.request = field.request;
    v.field = field.name;
    v.place = field.place;
    v.pointer = field.pointer;
    v.klass = std::move(klass);
    v.check = field.check;
    v.rule = field.rule;
    v.expect = expect;
    v.edit = edit;
    v.neighbours = field.request == Request::push || field.request == Request::headers ? 2 : 0;
    out.push_back(std::move(v));
    return out.back();
  }
  void value(std::string klass, Json value, Expect expect = Expect::refuse) {
    add(std::move(klass), expect, Edit::set).value = std::move(value);
  }
  void raw(std::string klass, std::string text, Expect expect = Expect::refuse) {
    add(std::move(klass), expect, Edit::raw).text = std::move(text);
  }
  void text(std::string klass, std::string text, Expect expect) {
    add(std::move(klass), expect, Edit::text).text = std::move(text);
  }
  void missing() { add("missing:absent", Expect::refuse, Edit::remove); }
  // Each JSON type but the field's own.
  void types(Json::value_t own) {
    const std::vector<std::pair<std::string, Json>> all = {
        {"type:null", nullptr},
        {"type:number", 7},
        {"type:float", 1.5},
        {"type:bool", true},
        {"type:string", "1"},
        {"type:array", Json::array()},
        {"type:object", Json::object()},
    };
    for (const auto& [klass, v] : all) {
      const bool same = v.type() == own || (own == Json::value_t::number_integer && v.is_number());
      if (!same) value(klass, v);
    }
    missing();
  }
  // The edges every string pattern shares: empty, whitespace, control characters, NUL,
  // non-ASCII, around a valid `base`.
  void string_edges(const std::string& base, Expect expect = Expect::refuse) {
    value("edge:empty", "", expect);
    value("edge:leading-space", " " + base, expect);
    value("edge:trailing-space", base + " ", expect);
    value("edge:trailing-newline", base + "\n", expect);
    value("edge:leading-newline", "\n" + base, expect);
    value("edge:control-tab", base + "\t", expect);
    value("edge:control-bel", base + "\x07", expect);
    value("edge:nul", with_nul(base), expect);
  }
  void base64_edges(const std::string& valid) {
    string_edges(valid);
    value("edge:url-safe", url_safe(valid));
    value("edge:mime-line-break", mime_break(valid));
    value("edge:extra-padding", valid + "=");
    value("edge:one-char-short", valid.substr(0, valid.size() - 1));
    value("edge:full-width", repeat("\xEF\xBC\xA1", valid.size()));  // U+FF21 FULLWIDTH A
  }
};

void table_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.string_edges("notes");
  b.value("edge:over-max-length", std::string(65, 'a'));
  b.value("edge:full-width", "\xEF\xBD\x8E\xEF\xBD\x8F\xEF\xBD\x94\xEF\xBD\x85\xEF\xBD\x93");
  b.value("edge:non-ascii", "not\xC3\xA9s");
  b.value("edge:cyrillic-lookalike", "n\xD0\xBEtes");
  b.value("edge:case-capital", "Notes");
  b.value("edge:case-upper", "NOTES");
  b.value("edge:leading-digit", "9notes");
  b.value("edge:hyphen", "no-tes");
}

void id_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.string_edges(kId);
  b.value("edge:over-max-length", std::string(65, 'a'));
  b.value("edge:dot", kId + ".x");
  b.value("edge:slash", kId + "/x");
  b.value("edge:full-width", kId + "\xEF\xBD\x98");
  b.value("edge:non-ascii", kId + "\xC3\xA9");
  b.value("edge:hyphen-lookalike", kId + "\xE2\x80\x90x");  // U+2010 HYPHEN
  b.value("edge:full-width-hyphen", kId + "\xEF\xBC\x8Dx");
}

void timestamp_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.string_edges(kTimestamp);
  b.value("time:no-millis", "2026-11-24T10:00:00Z");
  b.value("time:two-digit-fraction", "2026-11-24T10:00:00.12Z");
  b.value("time:micros", "2026-11-24T10:00:00.123456Z");
  b.value("time:leap-second", "2026-12-31T23:59:60.000Z");
  b.value("time:february-30", "2026-02-30T10:00:00.000Z");
  b.value("time:february-29-common-year", "2027-02-29T10:00:00.000Z");
  b.value("time:april-31", "2026-04-31T10:00:00.000Z");
  b.value("time:month-13", "2026-13-01T10:00:00.000Z");
  b.value("time:month-00", "2026-00-10T10:00:00.000Z");
  b.value("time:day-00", "2026-11-00T10:00:00.000Z");
  b.value("time:hour-24", "2026-11-24T24:00:00.000Z");
  b.value("time:minute-60", "2026-11-24T10:60:00.000Z");
  b.value("time:offset-zero", "2026-11-24T10:00:00.123+00:00");
  b.value("time:offset-plus-one", "2026-11-24T11:00:00.123+01:00");
  b.value("time:offset-minus-zero", "2026-11-24T10:00:00.123-00:00");
  b.value("time:no-zone", "2026-11-24T10:00:00.123");
  b.value("time:full-width-digits",
          "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-11-24T10:00:00.123Z");
  b.value("time:space-for-t", "2026-11-24 10:00:00.123Z");
  b.value("time:comma-fraction", "2026-11-24T10:00:00,123Z");
  b.value("time:expanded-year", "+02026-11-24T10:00:00.123Z");
  b.value("time:double-zone", "2026-11-24T10:00:00.123ZZ");
  // RFC 3339 (5.6) lets t and z be lower case; the contract shows only the upper-case form.
  b.value("time:lower-case-t-z", "2026-11-24t10:00:00.123z", Expect::lenient);
}

void boolean_rule(Builder& b) {
  b.types(Json::value_t::boolean);
  b.value("type:number-one", 1);
  b.value("type:number-zero", 0);
  b.value("type:string-true", "true");
  b.value("type:string-false", "false");
  b.raw("number:huge-float", "1e400");
  b.raw("structure:nan-literal", "NaN");
  b.raw("structure:python-literal", "True");
  b.raw("structure:truncated-literal", "tru");
}

void device_id_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.value("edge:empty", "");
  b.value("edge:over-max-length", std::string(65, 'd'));
  b.value("edge:over-max-characters", repeat("\xC3\xA9", 65));
  b.raw("number:huge-integer", "123456789012345678901234567890");
  // device_id has only a length: its characters are the server's business (no failure).
  b.value("edge:leading-space", " dev", Expect::lenient);
  b.value("edge:trailing-newline", "dev\n", Expect::lenient);
  b.value("edge:nul", with_nul("dev"), Expect::lenient);
  b.value("edge:full-width", "\xEF\xBD\x84\xEF\xBD\x85\xEF\xBD\x96", Expect::lenient);
  b.raw("edge:lone-surrogate", "\"dev\\ud800\"", Expect::lenient);
}

void records_rule(Builder& b) {
  b.types(Json::value_t::array);
  b.value("edge:empty", Json::array());
  b.raw("number:huge-float", "1e400");
}

void envelope_rule(Builder& b) {
  for (const auto& [klass, v] :
       std::vector<std::pair<std::string, Json>>{{"type:null", nullptr},
                                                 {"type:number", 7},
                                                 {"type:string", "x"},
                                                 {"type:array", Json::array()},
                                                 {"type:bool", true}}) {
    b.value(klass, v);
  }
}

void resolution_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.string_edges("local");
  b.value("edge:case-upper", "LOCAL");
  b.value("edge:case-capital", "Local");
  b.value("edge:unknown-word", "remote");
  b.value("edge:plural", "locals");
  b.value("edge:full-width", "\xEF\xBD\x8C\xEF\xBD\x8F\xEF\xBD\x83\xEF\xBD\x81\xEF\xBD\x8C");
}

void expected_version_rule(Builder& b) {
  b.types(Json::value_t::number_integer);
  b.value("type:bool-false", false);
  b.value("type:string-one", "1");
  b.value("type:full-width-one", "\xEF\xBC\x91");
  b.value("number:negative", -1);
  b.value("number:zero", 0);
  b.raw("number:huge-integer", "123456789012345678901234567890");
  b.raw("number:huge-float", "1e400");
  b.raw("structure:nan-literal", "NaN");
  // 1.0 is the number 1 in JSON (RFC 8259 does not tell 1 and 1.0 apart): a server may take it.
  // Last, because an accepted resolve moves the version the following cases expect.
  b.raw("number:one-point-zero", "1.0", Expect::lenient);
}

void resolve_record_rule(Builder& b) {
  for (const auto& [klass, v] :
       std::vector<std::pair<std::string, Json>>{{"type:null", nullptr},
                                                 {"type:number", 7},
                                                 {"type:string", "x"},
                                                 {"type:array", Json::array()},
                                                 {"type:bool", true}}) {
    b.value(klass, v);
  }
  b.missing();
}

void public_key_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.base64_edges(b64(32));
  b.value("edge:31-bytes", b64(31));
  b.value("edge:33-bytes", b64(33));
  b.value("edge:no-padding", unpadded(b64(32)));
}

void nonce_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.base64_edges(b64(24));
  b.value("edge:23-bytes", b64(23));
  b.value("edge:25-bytes", b64(25));
  b.value("edge:23-bytes-no-padding", unpadded(b64(23)));
}

void ciphertext_rule(Builder& b) {
  b.types(Json::value_t::string);
  b.base64_edges(b64(18));
  b.value("edge:15-bytes", b64(15));
  b.value("edge:17-bytes-no-padding", unpadded(b64(17)));
  b.value("edge:padding-only", "====");
}

void limit_rule(Builder& b) {
  for (const char* v : {"0", "1001", "-1", "-0", "abc", "10abc", "5abc", "1.5", "0.5", "1 0", "1_0",
                        "99999999999999999999"}) {
    b.text(std::string("number:") + v, v, Expect::refuse);
  }
  // Spellings of an in-range number the contract does not rule on: a server may take them.
  for (const char* v :
       {"", " 5", "5 ", "+5", "0001", "1e2", "0x10", "1000.0", "5\n", "\xEF\xBC\x95"}) {
    b.text(std::string("lenient:") + printable(v), v, Expect::lenient);
  }
}

void cursor_rule(Builder& b) {
  b.text("edge:tilde", "~~~~", Expect::refuse);
  b.text("edge:nul", with_nul("1"), Expect::refuse);
  b.text("edge:words", "not-a-cursor", Expect::refuse);
  b.text("edge:long", std::string(200, 'z'), Expect::refuse);
}

void authorization_rule(Builder& b) {
  auto unauthorized = [&b](std::string klass, std::string value, const char* check) {
    auto& v = b.add(std::move(klass), Expect::unauthorized, Edit::text);
    v.text = std::move(value);
    v.check = check;
  };
  unauthorized("auth:empty", "", "1/auth-missing-401");
  unauthorized("auth:scheme-only", "Token", "1/auth-missing-401");
  unauthorized("auth:scheme-and-space", "Token ", "1/auth-missing-401");
  unauthorized("auth:token-without-scheme", kToken, "1/auth-wrong-scheme-401");
  unauthorized("auth:basic-scheme", "Basic " + kToken, "1/auth-wrong-scheme-401");
  unauthorized("auth:token-plus-char", "Token " + kToken + "x", "1/auth-unknown-401");
  unauthorized("auth:char-plus-token", "Token x" + kToken, "1/auth-unknown-401");
  unauthorized("auth:token-twice", "Token " + kToken + " " + kToken, "1/auth-unknown-401");
  auto& omitted = b.add("auth:absent", Expect::unauthorized, Edit::omit);
  omitted.check = "1/auth-missing-401";
  // HTTP auth schemes are case-insensitive (RFC 9110 11.1) and DRF splits on any whitespace.
  for (const auto& [klass, value] : std::vector<std::pair<std::string, std::string>>{
           {"auth:scheme-lower-case", "token " + kToken},
           {"auth:scheme-upper-case", "TOKEN " + kToken},
           {"auth:double-space", "Token  " + kToken}}) {
    auto& v = b.add(klass, Expect::lenient, Edit::text);
    v.text = value;
    v.check = "1/malformed-4xx-not-5xx";
  }
}

void content_type_rule(Builder& b) {
  // What a body of another declared type gets is left open (a 415 or the JSON read anyway).
  b.text("content-type:text-plain", "text/plain", Expect::lenient);
  b.text("content-type:upper-case", "APPLICATION/JSON", Expect::lenient);
  b.add("content-type:absent", Expect::lenient, Edit::omit);
}

Variant structural(Request request, std::string pointer, std::string klass, Expect expect,
                   Edit edit) {
  Variant v;
  v.request = request;
  v.field = "body";
  v.pointer = std::move(pointer);
  v.klass = std::move(klass);
  v.check = "1/malformed-4xx-not-5xx";
  v.expect = expect;
  v.edit = edit;
  v.neighbours = request == Request::push ? 2 : 0;
  return v;
}

}  // namespace

std::string printable(std::string_view bytes, std::size_t limit) {
  std::string out;
  for (unsigned char c : bytes) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Variant::group() const { return field + " " + klass.substr(0, klass.find(':')); }

std::string Variant::describe() const {
  std::string what;
  switch (edit) {
    case Edit::set:
      what = "= " + printable(value.dump(-1, ' ', false, Json::error_handler_t::replace));
      break;
    case Edit::remove:
      what = "left out";
      break;
    case Edit::raw:
      what = "= " + printable(text) + " (raw JSON text)";
      break;
    case Edit::nest:
      what = "= " + std::to_string(depth) + " nested arrays";
      break;
    case Edit::body_prefix:
      what = "body preceded by \"" + printable(text) + "\"";
      break;
    case Edit::body_suffix:
      what = "body followed by \"" + printable(text) + "\"";
      break;
    case Edit::body_whole:
      what = "body \"" + printable(text) + "\"";
      break;
    case Edit::text:
      what = "= \"" + printable(text) + "\"";
      break;
    case Edit::omit:
      what = "left out";
      break;
  }
  std::string line = field + " " + klass + ": " + what;
  for (const auto& mark : {kIdMark, kTokenMark}) {
    const std::string name = mark == kIdMark ? "<id>" : "<token>";
    const std::string dumped = Json(std::string(mark)).dump();
    for (const std::string& shown : {printable(mark), dumped.substr(1, dumped.size() - 2)}) {
      for (auto at = line.find(shown); at != std::string::npos; at = line.find(shown)) {
        line.replace(at, shown.size(), name);
      }
    }
  }
  if (request == Request::push && neighbours > 0) {
    line += " (beside " + std::to_string(neighbours) + " valid records)";
  }
  if (!note.empty()) line += " [" + note + "]";
  return line;
}

std::vector<Variant> field_variants(const Field& field) {
  Builder b{field, {}};
  switch (field.rule) {
    case Rule::table:
      table_rule(b);
      break;
    case Rule::record_id:
      id_rule(b);
      break;
    case Rule::timestamp:
      timestamp_rule(b);
      break;
    case Rule::boolean:
      boolean_rule(b);
      break;
    case Rule::nonce:
      nonce_rule(b);
      break;
    case Rule::ciphertext:
      ciphertext_rule(b);
      break;
    case Rule::envelope:
      envelope_rule(b);
      break;
    case Rule::device_id:
      device_id_rule(b);
      break;
    case Rule::records:
      records_rule(b);
      break;
    case Rule::resolution:
      resolution_rule(b);
      break;
    case Rule::expected_version:
      expected_version_rule(b);
      break;
    case Rule::resolve_record:
      resolve_record_rule(b);
      break;
    case Rule::public_key:
      public_key_rule(b);
      break;
    case Rule::limit:
      limit_rule(b);
      break;
    case Rule::cursor:
      cursor_rule(b);
      break;
    case Rule::authorization:
      authorization_rule(b);
      break;
    case Rule::content_type:
      content_type_rule(b);
      break;
  }
  return std::move(b.out);
}

std::vector<Variant> structural_variants(Request request) {
  std::vector<Variant> out;
  if (request == Request::pull || request == Request::headers) return out;
  const bool push = request == Request::push;
  // Where a string member sits, for raw bytes inside a JSON string.
  const std::string text_member = push                          ? "/device_id"
                                  : request == Request::resolve ? "/resolution"
                                                                : "/public_key";

  auto bom = structural(request, "", "structure:bom", Expect::lenient, Edit::body_prefix);
  bom.text = "\xEF\xBB\xBF";  // RFC 8259 8.1: a parser MAY ignore it
  out.push_back(bom);
  for (const auto& [klass, suffix] : std::vector<std::pair<std::string, std::string>>{
           {"structure:trailing-nul", std::string(1, '\0')},
           {"structure:trailing-nul-and-bytes", std::string("\0{\"x\":1}", 8)},
           {"structure:trailing-text", " x"},
           {"structure:second-value", "{}"},
           {"structure:trailing-comma", ","}}) {
    auto v = structural(request, "", klass, Expect::refuse, Edit::body_suffix);
    v.text = suffix;
    v.check = "1/one-json-value";
    if (suffix[0] == '\0') v.note = "the reference server passes once issue 6 item 5 is fixed";
    out.push_back(v);
  }
  auto empty = structural(request, "", "structure:empty-body", Expect::refuse, Edit::body_whole);
  out.push_back(empty);

  auto deep = structural(request,
                         push                          ? "/device_id"
                         : request == Request::resolve ? "/expected_version"
                                                       : "/public_key",
                         "structure:deep-nesting", Expect::refuse, Edit::nest);
  deep.depth = 5000;
  out.push_back(deep);
  auto deep_unknown =
      structural(request, push ? "/records/@/extra" : "/extra",
                 "structure:deep-nesting-unknown-field", Expect::lenient, Edit::nest);
  deep_unknown.depth = 5000;
  out.push_back(deep_unknown);

  for (const auto& [klass, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"structure:invalid-utf8", "\xFF"},
           {"structure:overlong-utf8", "\xC0\xAF"},
           {"structure:utf8-surrogate", "\xED\xA0\x80"},
           {"structure:truncated-utf8", "\xC3"}}) {
    auto v = structural(request, text_member, klass, Expect::refuse, Edit::raw);
    v.text = "\"ab" + bytes + "\"";
    out.push_back(v);
  }

  // Duplicate keys: a SHOULD (400); whichever copy a server keeps, the bad one is never stored.
  const std::string dup_member = push                          ? "/records/@/table"
                                 : request == Request::resolve ? "/resolution"
                                                               : "/public_key";
  const std::string name = dup_member.substr(dup_member.rfind('/') + 1);
  const std::string good = push ? "notes" : request == Request::resolve ? "local" : b64(32);
  const std::string bad = push                          ? std::string(kBadTable)
                          : request == Request::resolve ? "remote"
                                                        : "AAAA";
  for (bool bad_first : {true, false}) {
    auto v = structural(
        request, dup_member,
        bad_first ? "structure:duplicate-key-bad-first" : "structure:duplicate-key-bad-last",
        Expect::refuse_should, Edit::raw);
    const std::string first = bad_first ? bad : good, second = bad_first ? good : bad;
    v.text = Json(first).dump() + ",\"" + name + "\":" + Json(second).dump();
    v.check = "1/duplicate-keys-400";
    v.bad_value = bad;
    out.push_back(v);
  }
  return out;
}

std::vector<Variant> all_variants(Request request) {
  std::vector<Variant> out;
  for (const auto& field : grammar()) {
    if (field.request != request) continue;
    auto some = field_variants(field);
    out.insert(out.end(), some.begin(), some.end());
  }
  auto more = structural_variants(request);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

}  // namespace syncsuite::generated
