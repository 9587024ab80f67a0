#include "harness/driver/reference_driver.hpp"

#include <sodium.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <optional>
#include <utility>

#include "harness/driver/device_answers.hpp"
#include "harness/driver/request_fields.hpp"
#include "harness/net/beast_transport.hpp"
#include "harness/net/target_url.hpp"
#include "reference/client/device.hpp"
#include "reference/client/local_store.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"

namespace syncsuite::driver {
namespace {

// Reads init's secret key and wipes its text from the request, whatever happens.
Result<crypto::SecretKey> take_secret_key(Json& request) {
  auto it = request.find("secret_key");
  if (it == request.end() || it->is_null()) {
    return make_error("bad_request", "init: field \"secret_key\" is missing");
  }
  if (!it->is_string())
    return make_error("bad_request", "init: field \"secret_key\" must be a string");
  auto& text = it->get_ref<std::string&>();
  auto key = crypto::SecretKey::from_base64(text);
  sodium_memzero(text.data(), text.size());
  *it = nullptr;
  if (!key) return make_error("bad_request", "init: secret_key: " + key.error().message);
  return key;
}

void remove_device_file(const std::filesystem::path& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix, ignored);
  }
}

}  // namespace

struct ReferenceDriver::Impl {
  using Handler = void (Impl::*)(Json& request, const ReplyCallback& reply);

  explicit Impl(ReferenceDriverOptions o) : options(std::move(o)) {}
  ~Impl() { close(); }

  ReferenceDriverOptions options;
  std::unique_ptr<client::Transport> transport;
  std::unique_ptr<client::Device> device;  // declared after `transport`: destroyed first
  // The manual clock of the clock request; nullopt: the system clock.
  std::shared_ptr<std::optional<timestamp::Millis>> clock =
      std::make_shared<std::optional<timestamp::Millis>>();
  bool quit = false;

  std::filesystem::path file() const { return options.dir / options.file_name; }

  void close() {
    device.reset();
    transport.reset();  // pending requests complete with errors when the loop runs again
    remove_device_file(file());
  }

  // Every answer leaves through here: on the loop, never inside call().
  void answer(const ReplyCallback& reply, Json value) const {
    post_answer(*options.io, reply, std::move(value));
  }
  static void post_answer(boost::asio::io_context& io, ReplyCallback reply, Json value) {
    boost::asio::post(io, [reply = std::move(reply), value = std::move(value)]() mutable {
      reply(std::move(value));
    });
  }
  // A completion for the device's async operations: it outlives the driver safely.
  template <typename Build>
  auto later(const ReplyCallback& reply, Build build) const {
    return [io = options.io, reply, build = std::move(build)](auto result) {
      post_answer(*io, reply, build(result));
    };
  }

  void dispatch(Json request, const ReplyCallback& reply) {
    if (!request.is_object()) return answer(reply, error_answer("request must be a JSON object"));
    const auto op = request.find("op");
    if (op == request.end() || !op->is_string()) {
      return answer(reply, error_answer("request must have an \"op\" string"));
    }
    const std::string name = op->get<std::string>();
    static const std::map<std::string, Handler> kOps = {
        {"init", &Impl::init},
        {"put", &Impl::put},
        {"delete", &Impl::remove},
        {"sync", &Impl::sync},
        {"records", &Impl::records},
        {"resolve", &Impl::resolve},
        {"quit", &Impl::do_quit},
        {"clock", &Impl::set_clock},
        {"foreground", &Impl::foreground},
        {"state", &Impl::state},
        {"push", &Impl::push},
        {"pull", &Impl::pull},
        {"records_detail", &Impl::records_detail},
        {"cursor", &Impl::cursor},
    };
    const auto handler = kOps.find(name);
    if (handler == kOps.end()) return answer(reply, error_answer("unknown op " + name));
    if (quit) return answer(reply, error_answer(name + ": the device has quit"));
    const bool needs_device = name != "init" && name != "clock" && name != "quit";
    if (needs_device && !device) {
      return answer(reply, error_answer(name + ": no device yet; send init first"));
    }
    (this->*handler->second)(request, reply);
  }

  // ---- init ----

  void init(Json& request, const ReplyCallback& reply) {
    auto secret = take_secret_key(request);
    auto server = string_field(request, "init", "server");
    auto token = string_field(request, "init", "token");
    auto public_text = string_field(request, "init", "public_key");
    auto device_id = string_field(request, "init", "device_id");
    auto upload = optional_bool(request, "init", "upload_key", true);
    auto start_cursor = optional_string(request, "init", "cursor");
    auto pull_limit = optional_int(request, "init", "pull_limit", 1, protocol::kMaxPullLimit);
    auto push_batch = optional_int(request, "init", "push_batch", 1,
                                   static_cast<std::int64_t>(protocol::kMaxBatchRecords));
    for (const Error* e :
         {secret ? nullptr : &secret.error(), server ? nullptr : &server.error(),
          token ? nullptr : &token.error(), public_text ? nullptr : &public_text.error(),
          device_id ? nullptr : &device_id.error(), upload ? nullptr : &upload.error(),
          start_cursor ? nullptr : &start_cursor.error(),
          pull_limit ? nullptr : &pull_limit.error(), push_batch ? nullptr : &push_batch.error()}) {
      if (e != nullptr) return answer(reply, error_answer(e->message));
    }
    auto public_key = crypto::PublicKey::from_base64(*public_text);
    if (!public_key) {
      return answer(reply, error_answer("init: public_key: " + public_key.error().message));
    }
    auto keys = crypto::KeyPair::from_secret(std::move(secret).value());
    if (!(keys.public_key == *public_key)) {
      return answer(reply, error_answer("init: public_key is not the key of secret_key"));
    }
    close();  // a fresh, empty device every time
    transport = make_transport(*server, *token);
    if (!transport) return answer(reply, error_answer("init: cannot use server URL " + *server));
    if (*start_cursor) {
      // Set before the device opens, as if an earlier pull had ended there.
      auto store = client::LocalStore::open({file(), *device_id, options.durable});
      if (!store) return answer(reply, error_answer(store.error()));
      if (auto st = (*store)->set_meta("cursor", **start_cursor); !st) {
        return answer(reply, error_answer(st.error()));
      }
    }
    client::DeviceOptions device_options;
    device_options.db_path = file();
    device_options.device_id = *device_id;
    device_options.token = *token;
    device_options.keys = std::move(keys);
    device_options.clock = [clock = clock] {
      if (!*clock) return timestamp::system_now();
      return (**clock)++;
    };
    device_options.pull_limit = static_cast<int>(pull_limit->value_or(options.pull_limit));
    device_options.push_batch = static_cast<std::size_t>(
        push_batch->value_or(static_cast<std::int64_t>(options.push_batch)));
    device_options.durable = options.durable;
    device_options.mutations = options.mutations;
    auto opened = client::Device::open(*transport, std::move(device_options));
    if (!opened) {
      transport.reset();
      return answer(reply, error_answer(opened.error()));
    }
    device = std::move(opened).value();
    if (!*upload) return answer(reply, ok_answer());
    device->upload_key(later(reply, [](const Status& st) {
      return st ? ok_answer() : error_answer("init: key upload failed: " + st.error().message);
    }));
  }

  std::unique_ptr<client::Transport> make_transport(const std::string& url,
                                                    const std::string& token) const {
    if (options.transport) return options.transport(url, token);
    auto target = net::TargetUrl::parse(url);
    if (!target) return nullptr;
    return std::make_unique<net::BeastTransport>(*options.io, std::move(target).value(),
                                                 options.transport_options);
  }

  // ---- local edits and reads ----

  void put(Json& request, const ReplyCallback& reply) {
    auto table = string_field(request, "put", "table");
    auto id = string_field(request, "put", "id");
    auto data = object_field(request, "put", "data");
    auto at = optional_string(request, "put", "updated_at");
    for (const Error* e : {table ? nullptr : &table.error(), id ? nullptr : &id.error(),
                           data ? nullptr : &data.error(), at ? nullptr : &at.error()}) {
      if (e != nullptr) return answer(reply, error_answer(e->message));
    }
    const Status st = device->put(*table, *id, *data, *at);
    answer(reply, st ? ok_answer() : error_answer(st.error()));
  }

  void remove(Json& request, const ReplyCallback& reply) {
    auto table = string_field(request, "delete", "table");
    auto id = string_field(request, "delete", "id");
    auto at = optional_string(request, "delete", "updated_at");
    for (const Error* e : {table ? nullptr : &table.error(), id ? nullptr : &id.error(),
                           at ? nullptr : &at.error()}) {
      if (e != nullptr) return answer(reply, error_answer(e->message));
    }
    const Status st = device->remove(*table, *id, *at);
    answer(reply, st ? ok_answer() : error_answer(st.error()));
  }

  void records(Json&, const ReplyCallback& reply) {
    auto all = device->records();
    answer(reply, all ? records_answer(*all) : error_answer(all.error()));
  }

  void records_detail(Json&, const ReplyCallback& reply) {
    auto all = device->records();
    if (!all) return answer(reply, error_answer(all.error()));
    auto conflicts = device->conflicts();
    if (!conflicts) return answer(reply, error_answer(conflicts.error()));
    answer(reply, records_detail_answer(*all, *conflicts));
  }

  void cursor(Json&, const ReplyCallback& reply) {
    auto value = device->cursor();
    if (!value) return answer(reply, error_answer(value.error()));
    Json a = ok_answer();
    a["cursor"] = *value;
    answer(reply, std::move(a));
  }

  void state(Json&, const ReplyCallback& reply) { answer(reply, state_answer(device->state())); }

  // ---- network operations ----

  void sync(Json&, const ReplyCallback& reply) {
    device->sync(later(reply, [](const client::SyncReport& r) { return report_answer(r); }));
  }
  void push(Json&, const ReplyCallback& reply) {
    device->push(later(reply, [](const client::SyncReport& r) { return report_answer(r); }));
  }
  void pull(Json&, const ReplyCallback& reply) {
    device->pull(later(reply, [](const client::SyncReport& r) { return report_answer(r); }));
  }

  void foreground(Json&, const ReplyCallback& reply) {
    if (!device->should_auto_sync(true)) {
      Json a = ok_answer();
      a["synced"] = false;
      return answer(reply, std::move(a));
    }
    device->sync(later(reply, [](const client::SyncReport& r) {
      Json a = report_answer(r);
      a["synced"] = true;
      return a;
    }));
  }

  void resolve(Json& request, const ReplyCallback& reply) {
    auto table = string_field(request, "resolve", "table");
    auto id = string_field(request, "resolve", "id");
    auto choice_text = string_field(request, "resolve", "choice");
    for (const Error* e : {table ? nullptr : &table.error(), id ? nullptr : &id.error(),
                           choice_text ? nullptr : &choice_text.error()}) {
      if (e != nullptr) return answer(reply, error_answer(e->message));
    }
    const auto choice = client::parse_resolution(*choice_text);
    if (!choice) {
      return answer(reply, error_answer("resolve: field \"choice\" must be \"local\", \"server\" "
                                        "or \"merged\""));
    }
    std::optional<Json> data;
    if (*choice == client::Resolution::merged) {
      auto merged = object_field(request, "resolve", "data");
      if (!merged) return answer(reply, error_answer(merged.error().message));
      data = std::move(merged).value();
    }
    device->resolve(*table, *id, *choice, std::move(data), later(reply, [](const Status& st) {
      return st ? ok_answer() : error_answer(st.error());
    }));
  }

  // ---- clock and quit ----

  void set_clock(Json& request, const ReplyCallback& reply) {
    auto now = string_field(request, "clock", "now");
    if (!now) return answer(reply, error_answer(now.error().message));
    const auto ms = timestamp::parse(*now);
    if (!ms) {
      return answer(reply, error_answer("clock: field \"now\" must be RFC 3339 UTC with "
                                        "milliseconds, e.g. 2026-11-24T10:00:00.123Z"));
    }
    *clock = *ms;
    answer(reply, ok_answer());
  }

  void do_quit(Json&, const ReplyCallback& reply) {
    close();
    quit = true;
    answer(reply, ok_answer());
  }
};

ReferenceDriver::ReferenceDriver(ReferenceDriverOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

ReferenceDriver::~ReferenceDriver() = default;

void ReferenceDriver::call(Json request, ReplyCallback reply) {
  impl_->dispatch(std::move(request), reply);
}

bool ReferenceDriver::has_quit() const { return impl_->quit; }

}  // namespace syncsuite::driver
