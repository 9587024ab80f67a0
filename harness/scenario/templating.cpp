#include "harness/scenario/templating.hpp"

#include <array>
#include <cctype>

#include "harness/scenario/json_path.hpp"
#include "harness/scenario/time_spec.hpp"

namespace syncsuite::scenario {
namespace {

constexpr std::array<std::string_view, 11> kNames = {
    "run", "id", "time", "canary", "device_id", "public_key", "start_cursor",
    "last", "saved", "i", "repeat"};

constexpr std::size_t kMaxRepeatBytes = 32u * 1024 * 1024;

Error template_error(std::string message) { return make_error("template", std::move(message)); }

bool valid_name_word(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Checks the argument of one template; "" when fine, else the problem.
std::string check_arg(std::string_view name, std::string_view arg, bool has_arg) {
  const auto no_arg = [&]() -> std::string {
    return has_arg ? "${" + std::string(name) + "} takes no argument" : "";
  };
  if (name == "run" || name == "canary" || name == "i") return no_arg();
  if (name == "id") {
    const auto colon = arg.find(':');
    if (!valid_name_word(arg.substr(0, colon))) {
      return "${id:NAME} needs a name of letters, digits, _ or -";
    }
    if (colon == std::string_view::npos) return "";
    const std::string_view length = arg.substr(colon + 1);
    if (!all_digits(length) || std::stoul(std::string(length)) > kMaxFilledId) {
      return "${id:NAME:N} needs a length N of at most " + std::to_string(kMaxFilledId);
    }
    return "";
  }
  if (name == "time") {
    if (!has_arg) return "";
    return valid_time_spec(arg) ? "" : "'" + std::string(arg) + "' is not a time (+5s or RFC 3339 ms)";
  }
  if (name == "device_id") {
    return valid_name_word(arg) ? "" : "${device_id:DEVICE} needs a device name";
  }
  if (name == "public_key") {
    return valid_name_word(arg) ? "" : "${public_key:DEVICE|N} needs a device name or account";
  }
  if (name == "start_cursor") {
    if (!has_arg) return "";
    return all_digits(arg) ? "" : "${start_cursor:N} needs an account index";
  }
  if (name == "last") {
    return valid_json_path(arg) ? "" : "'" + std::string(arg) + "' is not a JSON path";
  }
  if (name == "saved") {
    const auto colon = arg.find(':');
    if (colon == std::string_view::npos || !valid_name_word(arg.substr(0, colon)) ||
        !valid_json_path(arg.substr(colon + 1))) {
      return "${saved:NAME:PATH} needs a saved name and a JSON path";
    }
    return "";
  }
  if (name == "repeat") {
    const auto colon = arg.find(':');
    if (colon == std::string_view::npos || !all_digits(arg.substr(0, colon))) {
      return "${repeat:N:TEXT} needs a count and a text";
    }
    const auto n = std::stoull(std::string(arg.substr(0, colon)));
    if (n * (arg.size() - colon - 1) > kMaxRepeatBytes) return "${repeat} result over 32 MiB";
    return "";
  }
  return "unknown template";
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<Json> lookup_path(const Json& root, std::string_view path, const std::string& what) {
  const Json* at = find_json(root, path);
  if (!at) return template_error(what + " has no value at '" + std::string(path) + "'");
  return *at;
}

int device_or_account(const TemplateContext& ctx, std::string_view arg, bool& ok) {
  ok = true;
  if (all_digits(arg)) return std::stoi(std::string(arg));
  const auto it = ctx.device_accounts.find(std::string(arg));
  if (it == ctx.device_accounts.end()) {
    ok = false;
    return 0;
  }
  return it->second;
}

// The value of one template.
Result<Json> evaluate(const TemplateRef& ref, TemplateContext& ctx, const Locals& locals) {
  const std::string expr = "${" + ref.name + (ref.arg.empty() ? "" : ":" + ref.arg) + "}";
  if (ref.name == "run") return Json(ctx.run_prefix);
  if (ref.name == "canary") return Json(ctx.canary);
  if (ref.name == "id") {
    const auto colon = ref.arg.find(':');
    if (colon == std::string::npos) return Json(run_id(ctx, ref.arg));
    auto filled = filled_run_id(ctx, std::string_view(ref.arg).substr(0, colon),
                                std::stoul(ref.arg.substr(colon + 1)));
    if (!filled) return template_error(expr + ": " + filled.error().message);
    return Json(std::move(*filled));
  }
  if (ref.name == "i") {
    if (!locals.index) return template_error(expr + " used outside a repeat");
    return Json(*locals.index);
  }
  if (ref.name == "time") {
    const auto t = resolve_time(ref.arg.empty() ? "+0s" : ref.arg, ctx.base_time);
    if (!t) return template_error(expr + ": not a time");
    return Json(timestamp::format(*t));
  }
  if (ref.name == "device_id") {
    const auto it = ctx.device_ids.find(ref.arg);
    if (it == ctx.device_ids.end()) return template_error(expr + ": no such device");
    return Json(it->second);
  }
  if (ref.name == "public_key") {
    bool ok = false;
    const int account = device_or_account(ctx, ref.arg, ok);
    if (!ok) return template_error(expr + ": no such device");
    if (account < 0 || static_cast<std::size_t>(account) >= ctx.public_keys.size()) {
      return template_error(expr + ": no such account");
    }
    return Json(ctx.public_keys[static_cast<std::size_t>(account)]);
  }
  if (ref.name == "start_cursor") {
    const std::size_t account = ref.arg.empty() ? 0 : std::stoul(ref.arg);
    if (account >= ctx.start_cursors.size()) return template_error(expr + ": no such account");
    return Json(ctx.start_cursors[account]);
  }
  if (ref.name == "last") {
    if (!ctx.last) return template_error(expr + ": no JSON response received yet");
    return lookup_path(*ctx.last, ref.arg, "the last response");
  }
  if (ref.name == "saved") {
    const auto colon = ref.arg.find(':');
    const std::string name = ref.arg.substr(0, colon);
    const auto it = ctx.saved.find(name);
    if (it == ctx.saved.end()) return template_error(expr + ": nothing saved as '" + name + "'");
    return lookup_path(it->second, std::string_view(ref.arg).substr(colon + 1),
                       "response '" + name + "'");
  }
  if (ref.name == "repeat") {
    const auto colon = ref.arg.find(':');
    const auto n = std::stoull(ref.arg.substr(0, colon));
    const std::string unit = ref.arg.substr(colon + 1);
    std::string out;
    out.reserve(n * unit.size());
    for (std::size_t k = 0; k < n; ++k) out += unit;
    return Json(std::move(out));
  }
  return template_error(expr + ": unknown template");
}

std::string as_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// ---- $envelope -------------------------------------------------------------------------------

constexpr std::array<std::string_view, 15> kEnvelopeKeys = {
    "device",  "account", "table", "id",   "raw_id", "data",    "updated_at",      "deleted",
    "save_as", "same_as", "key",   "omit", "set",    "version", "ciphertext_bytes"};

constexpr std::uint64_t kMacBytes = 16;  // crypto_box_easy: the MAC, then the message
constexpr std::uint64_t kMaxSealedBytes = 16u * 1024 * 1024;

// The decoded ciphertext size an $envelope asks for: an integer or a size text ("1MiB").
std::optional<std::uint64_t> sealed_size(const Json& value) {
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    return value.get<std::uint64_t>();
  }
  if (value.is_string()) return parse_byte_size(value.get<std::string>());
  return std::nullopt;
}

Result<Json> seal_envelope(const Json& raw_spec, TemplateContext& ctx, const Locals& locals) {
  auto expanded = expand_value(raw_spec, ctx, locals);
  if (!expanded) return expanded.error();
  const Json& spec = *expanded;
  Json envelope;
  if (spec.contains("same_as")) {
    const std::string name = spec["same_as"].get<std::string>();
    const auto it = ctx.envelopes.find(name);
    if (it == ctx.envelopes.end()) {
      return template_error("$envelope.same_as: no envelope saved as '" + name + "'");
    }
    envelope = it->second;
    if (spec.contains("table")) envelope["table"] = spec["table"];
    if (spec.contains("id")) envelope["id"] = run_id(ctx, spec["id"].get<std::string>());
    if (spec.contains("raw_id")) envelope["id"] = spec["raw_id"];
    if (spec.contains("deleted")) envelope["deleted"] = spec["deleted"];
    if (spec.contains("updated_at")) {
      const auto t = resolve_time(spec["updated_at"].get<std::string>(), ctx.base_time);
      if (!t) return template_error("$envelope.updated_at: not a time");
      envelope["updated_at"] = timestamp::format(*t);
    }
  } else {
    int account = 0;
    if (spec.contains("device")) {
      const auto it = ctx.device_accounts.find(spec["device"].get<std::string>());
      if (it == ctx.device_accounts.end()) {
        return template_error("$envelope.device: no device '" + spec["device"].get<std::string>() + "'");
      }
      account = it->second;
    } else {
      account = spec["account"].get<int>();
    }
    if (spec.value("key", "") == "foreign") account = -1;
    const bool deleted = spec.value("deleted", false);
    Json data = spec.contains("data") ? spec["data"] : Json::object();
    const bool canary = !(deleted && !spec.contains("data"));
    std::string plaintext = canary ? with_canary(data, ctx.canary).dump() : data.dump();
    if (spec.contains("ciphertext_bytes")) {
      const auto size = sealed_size(spec["ciphertext_bytes"]);
      if (!size || *size < kMacBytes || *size > kMaxSealedBytes) {
        return template_error("$envelope.ciphertext_bytes: not a size from 16 B to 16 MiB");
      }
      auto padded = padded_plaintext(data, canary ? ctx.canary : "", *size - kMacBytes);
      if (!padded) return template_error("$envelope.ciphertext_bytes: " + padded.error().message);
      plaintext = std::move(*padded);
    }
    const auto t = resolve_time(spec.value("updated_at", "+0s"), ctx.base_time);
    if (!t) return template_error("$envelope.updated_at: not a time");
    if (!ctx.sealer) return template_error("$envelope: no keys in this context");
    auto sealed = ctx.sealer(account, plaintext);
    if (!sealed) return sealed.error();
    envelope = Json::object();
    envelope["table"] = spec.value("table", "notes");
    envelope["id"] = spec.contains("raw_id") ? spec["raw_id"].get<std::string>()
                                             : run_id(ctx, spec["id"].get<std::string>());
    envelope["updated_at"] = timestamp::format(*t);
    envelope["deleted"] = deleted;
    envelope["nonce"] = sealed->nonce;
    envelope["ciphertext"] = sealed->ciphertext;
  }
  if (spec.contains("version")) envelope["version"] = spec["version"];
  if (spec.contains("omit")) {
    for (const auto& field : spec["omit"]) envelope.erase(field.get<std::string>());
  }
  if (spec.contains("set")) {
    for (const auto& [field, value] : spec["set"].items()) envelope[field] = value;
  }
  if (spec.contains("save_as")) ctx.envelopes[spec["save_as"].get<std::string>()] = envelope;
  return envelope;
}

Result<Json> unroll_repeat(const Json& spec, TemplateContext& ctx) {
  const auto count = spec["count"].get<std::int64_t>();
  Json out = Json::array();
  for (std::int64_t k = 1; k <= count; ++k) {
    auto item = expand_value(spec["item"], ctx, Locals{k});
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

Result<std::vector<TemplateRef>> parse_templates(std::string_view text) {
  std::vector<TemplateRef> refs;
  std::size_t i = 0;
  while (true) {
    const auto at = text.find("${", i);
    if (at == std::string_view::npos) break;
    if (at > 0 && text[at - 1] == '$') {  // "$${": a literal "${"
      i = at + 2;
      continue;
    }
    const auto close = text.find('}', at + 2);
    if (close == std::string_view::npos) {
      return template_error("unterminated '${' in '" + std::string(text.substr(at, 40)) + "'");
    }
    const std::string_view inner = text.substr(at + 2, close - at - 2);
    const auto colon = inner.find(':');
    TemplateRef ref;
    ref.name = std::string(inner.substr(0, colon));
    const bool has_arg = colon != std::string_view::npos;
    if (has_arg) ref.arg = std::string(inner.substr(colon + 1));
    ref.begin = at;
    ref.end = close + 1;
    bool known = false;
    for (auto n : kNames) known = known || n == ref.name;
    const std::string expr(text.substr(at, close + 1 - at));
    if (!known) {
      std::string list;
      for (auto n : kNames) list += (list.empty() ? "" : ", ") + std::string(n);
      return template_error("unknown template " + expr + " (known: " + list + ")");
    }
    if (auto problem = check_arg(ref.name, ref.arg, has_arg); !problem.empty()) {
      return template_error(expr + ": " + problem);
    }
    refs.push_back(std::move(ref));
    i = close + 1;
  }
  return refs;
}

namespace {

Status check_string_member(const Json& spec, std::string_view key) {
  if (spec.contains(key) && !spec[std::string(key)].is_string()) {
    return template_error("$envelope." + std::string(key) + " must be a string");
  }
  return ok_status();
}

}  // namespace

Status validate_envelope_spec(const Json& spec) {
  if (!spec.is_object()) return template_error("$envelope must be a mapping");
  for (const auto& [key, value] : spec.items()) {
    bool known = false;
    for (auto k : kEnvelopeKeys) known = known || k == key;
    if (!known) {
      std::string list;
      for (auto k : kEnvelopeKeys) list += (list.empty() ? "" : ", ") + std::string(k);
      return template_error("$envelope." + key + ": unknown key (allowed: " + list + ")");
    }
  }
  for (auto key : {"device", "table", "id", "raw_id", "updated_at", "save_as", "same_as", "key"}) {
    if (auto s = check_string_member(spec, key); !s) return s;
  }
  const bool same = spec.contains("same_as");
  if (!same) {
    if (spec.contains("device") == spec.contains("account")) {
      return template_error("$envelope needs exactly one of device or account");
    }
    if (spec.contains("id") == spec.contains("raw_id")) {
      return template_error("$envelope needs exactly one of id or raw_id");
    }
  } else if (spec.contains("data") || spec.contains("key") || spec.contains("device") ||
             spec.contains("account") || spec.contains("ciphertext_bytes")) {
    return template_error(
        "$envelope.same_as reuses nonce and ciphertext: data, key, device, "
        "account and ciphertext_bytes do not apply");
  }
  if (spec.contains("ciphertext_bytes")) {
    const auto& c = spec["ciphertext_bytes"];
    const bool templated =
        c.is_string() && c.get_ref<const std::string&>().find("${") != std::string::npos;
    const auto size = sealed_size(c);
    if (!templated && (!size || *size < kMacBytes || *size > kMaxSealedBytes)) {
      return template_error(
          "$envelope.ciphertext_bytes must be a size from 16 B to 16 MiB (16, 64KiB, 1MiB)");
    }
  }
  if (spec.contains("account") && !spec["account"].is_number_integer()) {
    return template_error("$envelope.account must be an account index");
  }
  if (spec.contains("data") && !spec["data"].is_object() && !spec["data"].is_string()) {
    return template_error("$envelope.data must be a mapping");
  }
  if (spec.contains("deleted") && !spec["deleted"].is_boolean()) {
    return template_error("$envelope.deleted must be true or false");
  }
  if (spec.contains("key") && spec["key"] != "foreign") {
    return template_error("$envelope.key must be 'foreign'");
  }
  if (spec.contains("updated_at")) {
    const auto& u = spec["updated_at"].get_ref<const std::string&>();
    if (u.find("${") == std::string::npos && !valid_time_spec(u)) {
      return template_error("$envelope.updated_at: '" + u + "' is not a time (+5s or RFC 3339 ms)");
    }
  }
  if (spec.contains("omit")) {
    if (!spec["omit"].is_array()) return template_error("$envelope.omit must be a list of fields");
    for (const auto& f : spec["omit"]) {
      if (!f.is_string()) return template_error("$envelope.omit must be a list of fields");
    }
  }
  if (spec.contains("set") && !spec["set"].is_object()) {
    return template_error("$envelope.set must be a mapping of fields to values");
  }
  return ok_status();
}

Status validate_repeat_spec(const Json& spec) {
  if (!spec.is_object()) return template_error("$repeat must be a mapping {count, item}");
  for (const auto& [key, value] : spec.items()) {
    if (key != "count" && key != "item") {
      return template_error("$repeat." + key + ": unknown key (allowed: count, item)");
    }
  }
  if (!spec.contains("count") || !spec["count"].is_number_integer() ||
      spec["count"].get<std::int64_t>() < 0 || spec["count"].get<std::int64_t>() > 100000) {
    return template_error("$repeat.count must be an integer 0..100000");
  }
  if (!spec.contains("item")) return template_error("$repeat.item is required");
  return ok_status();
}

std::string run_id(const TemplateContext& ctx, std::string_view name) {
  const std::string prefix = ctx.run_prefix + "-";
  if (name.substr(0, prefix.size()) == prefix) return std::string(name);
  return prefix + std::string(name);
}

Result<std::string> filled_run_id(const TemplateContext& ctx, std::string_view name,
                                  std::size_t length) {
  std::string id = run_id(ctx, name);
  if (id.size() > length) {
    return template_error("the run id " + id + " already has " + std::to_string(id.size()) +
                          " characters, more than " + std::to_string(length));
  }
  id.append(length - id.size(), '_');
  return id;
}

Result<std::string> padded_plaintext(const Json& data, const std::string& canary,
                                     std::size_t bytes) {
  if (bytes == 0) return std::string();  // the MAC alone: nothing to open to
  if (data.is_object()) {
    Json padded = canary.empty() ? data : with_canary(data, canary);
    padded[std::string(kPadField)] = "";
    const std::size_t frame = padded.dump().size();
    if (frame <= bytes) {
      padded[std::string(kPadField)] = std::string(bytes - frame, 'x');
      return padded.dump();
    }
  }
  // Too small for the canary and a pad field: the bare data, then JSON whitespace.
  std::string plain = data.dump();
  if (plain.size() > bytes) {
    return template_error(std::to_string(bytes) + " bytes of plaintext cannot hold " + plain +
                          " (use 16 for the MAC alone)");
  }
  plain.append(bytes - plain.size(), ' ');
  return plain;
}

Result<std::string> dump_padded(Json body, std::uint64_t size) {
  Json* target = &body;
  if (body.is_object() && body.contains("records") && body["records"].is_array() &&
      !body["records"].empty() && body["records"].back().is_object()) {
    target = &body["records"].back();
  }
  if (!target->is_object()) return template_error("pad_to: the body is not a JSON object");
  // Serialized once with a one-character stand-in that the padding then replaces in the text:
  // serializing megabytes of padding again would take longer than sending them.
  (*target)[std::string(kPadField)] = "\x01";
  std::string text = body.dump();
  const std::string stand_in = "\"" + std::string(kPadField) + "\":\"\\u0001\"";
  const auto at = text.find(stand_in);
  if (at == std::string::npos || text.find(stand_in, at + 1) != std::string::npos) {
    return template_error("pad_to: the body already holds a _pad field of \\u0001");
  }
  const std::size_t frame = text.size() - 6;  // without the stand-in \u0001
  if (frame > size) {
    return template_error("pad_to: the body has " + std::to_string(frame) +
                          " bytes with an empty pad, more than " + std::to_string(size));
  }
  text.replace(at + stand_in.size() - 7, 6, std::string(size - frame, 'x'));
  return text;
}

namespace {

// `${i}` is replaced first, so it may sit inside another template: `${id:t${i}}`.
std::string substitute_index(std::string_view text, const Locals& locals) {
  std::string out(text);
  if (!locals.index) return out;
  const std::string value = std::to_string(*locals.index);
  for (auto at = out.find("${i}"); at != std::string::npos; at = out.find("${i}", at)) {
    if (at > 0 && out[at - 1] == '$') {  // "$${i}" is literal text
      at += 4;
      continue;
    }
    out.replace(at, 4, value);
    at += value.size();
  }
  return out;
}

}  // namespace

Result<std::string> expand_text(std::string_view raw_text, TemplateContext& ctx, const Locals& locals,
                                bool url_encode) {
  const std::string substituted = substitute_index(raw_text, locals);
  const std::string_view text = substituted;
  auto refs = parse_templates(text);
  if (!refs) return refs.error();
  std::string out;
  std::size_t at = 0;
  for (const auto& ref : *refs) {
    out.append(text.substr(at, ref.begin - at));
    auto value = evaluate(ref, ctx, locals);
    if (!value) return value.error();
    out += url_encode ? percent_encode(as_text(*value)) : as_text(*value);
    at = ref.end;
  }
  out.append(text.substr(at));
  // "$${" stands for a literal "${".
  std::string result;
  result.reserve(out.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out.compare(k, 3, "$${") == 0) {
      result += "${";
      k += 2;
    } else {
      result.push_back(out[k]);
    }
  }
  return result;
}

Result<Json> expand_value(const Json& value, TemplateContext& ctx, const Locals& locals) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.find("${") == std::string::npos) return value;
    if (text == "${i}" && locals.index) return Json(*locals.index);
    const std::string substituted = substitute_index(text, locals);
    auto refs = parse_templates(substituted);
    if (!refs) return refs.error();
    if (refs->size() == 1 && refs->front().begin == 0 && refs->front().end == substituted.size()) {
      return evaluate(refs->front(), ctx, locals);
    }
    auto expanded = expand_text(text, ctx, locals);
    if (!expanded) return expanded.error();
    return Json(std::move(*expanded));
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value) {
      auto e = expand_value(item, ctx, locals);
      if (!e) return e.error();
      out.push_back(std::move(*e));
    }
    return out;
  }
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("$envelope")) {
      return seal_envelope(value["$envelope"], ctx, locals);
    }
    if (value.size() == 1 && value.contains("$repeat")) return unroll_repeat(value["$repeat"], ctx);
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) {
      auto e = expand_value(item, ctx, locals);
      if (!e) return e.error();
      out[key] = std::move(*e);
    }
    return out;
  }
  return value;
}

Json without_canary(Json data) {
  if (data.is_object()) {
    data.erase(std::string(kCanaryField));
    data.erase(std::string(kPadField));
  }
  return data;
}

Json with_canary(Json data, const std::string& canary) {
  if (data.is_object()) data[std::string(kCanaryField)] = canary;
  return data;
}

}  // namespace syncsuite::scenario
