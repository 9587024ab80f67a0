#include "harness/generated/shrink.hpp"

#include "reference/core/base64.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/protocol/envelope.hpp"

namespace syncsuite::generated {
namespace {

bool has_mark(const std::string& text) { return text.find('\x01') != std::string::npos; }

// The text without its first or without its last character (UTF-8 sequences kept whole).
std::vector<std::string> shorter(const std::string& text) {
  std::vector<std::string> out;
  if (text.size() < 2 || has_mark(text)) return out;
  std::size_t first = 1;
  while (first < text.size() && (static_cast<unsigned char>(text[first]) & 0xC0) == 0x80) ++first;
  std::size_t last = text.size() - 1;
  while (last > 0 && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
  if (first < text.size()) out.push_back(text.substr(first));
  if (last > 0) out.push_back(text.substr(0, last));
  return out;
}

std::size_t utf8_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool base64_of(const std::string& text, std::size_t min, std::size_t max) {
  const auto bytes = base64::decode(text);
  return bytes && bytes->size() >= min && bytes->size() <= max;
}

// Whether a shorter text still breaks the field's rule: a shrunk case must stay a bad case.
bool violates(Rule rule, const std::string& text) {
  switch (rule) {
    case Rule::table:
      return !protocol::valid_table(text);
    case Rule::record_id:
      return !protocol::valid_record_id(text);
    case Rule::timestamp:
      return !timestamp::valid(text);
    case Rule::nonce:
      return !base64_of(text, 24, 24);
    case Rule::ciphertext:
      return !base64_of(text, 16, 1024 * 1024);
    case Rule::public_key:
      return !base64_of(text, 32, 32);
    case Rule::device_id:
      return utf8_length(text) < 1 || utf8_length(text) > 64;
    case Rule::resolution:
      return text != "local" && text != "server" && text != "merged";
    case Rule::limit: {
      if (text.empty() || text.size() > 4) return true;
      int n = 0;
      for (char c : text) {
        if (c < '0' || c > '9') return true;
        n = n * 10 + (c - '0');
      }
      return n < 1 || n > 1000;
    }
    default:
      return false;  // no shorter form is known to stay bad
  }
}

}  // namespace

std::vector<Variant> shrink_candidates(const Variant& v) {
  std::vector<Variant> out;
  if (v.request == Request::push && v.neighbours > 0) {
    Variant alone = v;
    alone.neighbours = 0;
    out.push_back(alone);
  }
  if (v.edit == Edit::nest && v.depth > 1) {
    Variant shallower = v;
    shallower.depth = v.depth / 2;
    out.push_back(shallower);
  }
  const bool rule_kept = v.rule && v.expect != Expect::lenient;
  if (v.edit == Edit::set && v.value.is_string() && rule_kept) {
    for (auto& s : shorter(v.value.get<std::string>())) {
      if (!violates(*v.rule, s)) continue;
      Variant c = v;
      c.value = s;
      out.push_back(c);
    }
  }
  if (v.edit == Edit::text && rule_kept) {
    for (auto& s : shorter(v.text)) {
      if (!violates(*v.rule, s)) continue;
      Variant c = v;
      c.text = s;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace syncsuite::generated
