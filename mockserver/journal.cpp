#include "mockserver/journal.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace syncsuite::mockserver {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::answered:
      return "answered";
    case Outcome::rejected:
      return "rejected";
    case Outcome::dropped:
      return "dropped";
    case Outcome::reset:
      return "reset";
    case Outcome::dropped_after_commit:
      return "dropped_after_commit";
    case Outcome::truncated:
      return "truncated";
  }
  return "unknown";
}

nlohmann::json to_json(const JournalEntry& entry) {
  return {{"seq", entry.seq},
          {"connection", entry.connection},
          {"received_at", entry.received_at},
          {"duration_us", entry.duration_us},
          {"method", entry.method},
          {"target", entry.target},
          {"device", entry.device},
          {"status", entry.status},
          {"request_bytes", entry.request_bytes},
          {"response_bytes", entry.response_bytes},
          {"fault", entry.fault},
          {"outcome", outcome_name(entry.outcome)},
          {"handled", entry.handled},
          {"headers", [&] {
             nlohmann::json headers = nlohmann::json::array();
             for (const auto& h : entry.headers) headers.push_back({h.name, h.value});
             return headers;
           }()},
          {"request_body", entry.request_body},
          {"response_body", entry.response_body}};
}

std::vector<protocol::Header> journal_headers(const std::vector<protocol::Header>& headers) {
  std::vector<protocol::Header> out = headers;
  for (auto& h : out) {
    if (h.name.size() == 13 && std::equal(h.name.begin(), h.name.end(), "authorization",
                                          [](char a, char b) {
                                            return std::tolower(static_cast<unsigned char>(a)) == b;
                                          })) {
      h.value = "Token " + device_label(h.value);
    }
  }
  return out;
}

std::string device_label(std::optional<std::string_view> authorization) {
  if (!authorization) {
    return "";
  }
  std::string_view token = *authorization;
  constexpr std::string_view kScheme = "Token ";
  if (token.substr(0, kScheme.size()) == kScheme) {
    token.remove_prefix(kScheme.size());
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return "unhashable";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 8 && i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

Journal::Journal(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void Journal::record(JournalEntry entry) {
  std::lock_guard lock(mutex_);
  entry.seq = ++total_;
  if (entries_.size() == capacity_) {
    entries_.pop_front();
  }
  entries_.push_back(std::move(entry));
}

std::vector<JournalEntry> Journal::entries(std::uint64_t after) const {
  std::lock_guard lock(mutex_);
  std::vector<JournalEntry> out;
  for (const auto& entry : entries_) {
    if (entry.seq > after) {
      out.push_back(entry);
    }
  }
  return out;
}

std::uint64_t Journal::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

nlohmann::json Journal::to_json(std::uint64_t after) const {
  std::lock_guard lock(mutex_);  // one snapshot: total and entries agree
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : entries_) {
    if (entry.seq > after) {
      list.push_back(mockserver::to_json(entry));
    }
  }
  return {{"total", total_}, {"capacity", capacity_}, {"entries", std::move(list)}};
}

}  // namespace syncsuite::mockserver
