#pragma once
// The client checks judged from what a client under test sent (contract sections 2-6 and 8, as
// the scripted server's journal holds it), automatically after every client scenario. Pure: the
// journal, the accounts' keys and what the harness asked each device to do go in; one finding per
// judged item comes out (pass or fail), each naming the journal entry it judged.
//
// Attribution: a request belongs to the device whose operation was outstanding when the server
// received it (DeviceOp windows of journal sequence numbers). Requests outside the windows of
// devices under test (the harness's own probes, reference devices) are not judged.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockserver/journal.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"

namespace syncsuite::client_checks {

using Json = nlohmann::json;

struct AccountKeys {
  int index = 0;
  std::string label;  // mockserver::device_label of "Token <token>"
  crypto::PublicKey public_key;
  const crypto::RecordBox* box = nullptr;  // opens the account's records; not owned
};

// One thing the harness asked a device to do, and the journal entries it may have caused:
// those with after_seq < seq <= until_seq.
struct DeviceOp {
  std::string device;
  int account = 0;
  bool under_test = true;  // an adapter device (judged), or a reference device (not judged)
  std::string op;          // the section-9 op: init, put, delete, sync, resolve, foreground, ...
  std::uint64_t after_seq = 0;
  std::uint64_t until_seq = 0;
  bool ok = true;          // the device's answer
  // put, delete, resolve: the record; put and merged resolve: the data asked for (with canary).
  std::string table;
  std::string id;
  std::optional<Json> data;
};

struct JournalInput {
  std::vector<mockserver::JournalEntry> entries;  // oldest first
  std::vector<AccountKeys> accounts;
  std::vector<DeviceOp> ops;  // in the order they were started
  std::string canary;         // never in clear on the wire
};

struct Finding {
  std::string check;    // a check id of scenarios/checks.yaml
  bool ok = true;
  std::string device;   // the device judged
  std::string subject;  // what was judged, e.g. "push #7 records[2] notes/abc"
  std::string expected;
  std::string actual;   // on failure
  std::uint64_t seq = 0;  // the journal entry judged; 0 when none
};

// Every check id judge_journal can produce, for the registry and the docs.
const std::vector<std::string>& journal_check_ids();

std::vector<Finding> judge_journal(const JournalInput& input);

}  // namespace syncsuite::client_checks
