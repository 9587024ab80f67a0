#pragma once
// The request journal: what the mock server received and what it did with it, one entry per
// request, kept in memory and bounded (oldest entries go first). For checking clients after a run
// (did they retry, reuse connections, send what they should). Tokens never enter it: a device is
// named by a hash of its token.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/protocol/http_message.hpp"

namespace syncsuite::mockserver {

enum class Outcome {
  answered,              // a full response was handed to the connection
  rejected,              // refused by the HTTP front end (malformed, header or body too large)
  dropped,               // fault: closed before handling, nothing answered
  reset,                 // fault: aborted (RST) before handling, nothing answered
  dropped_after_commit,  // fault: handled, then closed without answering
  truncated,             // fault: handled, only part of the response sent
};
std::string_view outcome_name(Outcome outcome);  // "answered", "dropped_after_commit", ...

struct JournalEntry {
  std::uint64_t seq = 0;         // 1, 2, ... in the order entries were recorded; set by record()
  std::uint64_t connection = 0;  // server connection number: equal numbers = one connection
  std::string received_at;       // RFC 3339 ms, when the request's header had been read
  std::int64_t duration_us = 0;  // from received_at to the response being handed over (or close)
  std::string method;            // "" when the request line could not be parsed
  std::string target;            // path and query as received
  std::string device;            // device_label() of the Authorization header; "" without one
  int status = 0;                // status produced; 0 when none was (drop, reset)
  std::size_t request_bytes = 0;   // request body bytes
  std::size_t response_bytes = 0;  // response body bytes produced (sent fully or not)
  std::string fault;             // fault action applied ("drop", ...); "" for none
  Outcome outcome = Outcome::answered;
  bool handled = false;          // the server core saw it (its effects may be committed)
  // The whole exchange, kept when ServerOptions::journal_exchanges is set (clients are checked
  // from it: "re-sent byte for byte"). Headers as received, except that the Authorization
  // token is replaced by the device label ("Token <label>"): tokens never enter the journal.
  std::vector<protocol::Header> headers;
  std::string request_body;
  std::string response_body;     // as produced (also when a fault cut or dropped the answer)
};

// The request headers to journal: as received, the Authorization token replaced by its label.
std::vector<protocol::Header> journal_headers(const std::vector<protocol::Header>& headers);

nlohmann::json to_json(const JournalEntry& entry);

// First 16 hex digits of SHA-256 of the token in "Token <token>" (of the whole header value if
// it has another form); "" for no header. Stable, so one device's requests can be grouped.
std::string device_label(std::optional<std::string_view> authorization);

class Journal {
 public:
  explicit Journal(std::size_t capacity = 10000);

  // Thread-safe. Assigns entry.seq; evicts the oldest entry when full.
  void record(JournalEntry entry);
  // Entries still held with seq > after, oldest first.
  std::vector<JournalEntry> entries(std::uint64_t after = 0) const;
  std::uint64_t total() const;  // entries ever recorded (== seq of the newest), evicted included
  std::size_t capacity() const { return capacity_; }
  void clear();  // forgets the entries; seq numbers keep counting

  // {"total": n, "capacity": c, "entries": [...]} of entries(after).
  nlohmann::json to_json(std::uint64_t after = 0) const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<JournalEntry> entries_;
  std::uint64_t total_ = 0;
};

}  // namespace syncsuite::mockserver
