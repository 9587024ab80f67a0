// The raw mode of a worker (see runs_raw in worker.hpp): the load generator with nothing but the
// generator in it, so that it can be measured against wrk (bench/vs-wrk.sh). Per request: pick
// the mix entry, write its bytes (serialized once per account), parse the answer's status and
// framing, record the latency from the intended start. Nothing is allocated on that path; the
// next request of a closed-model device with no think time starts from the answer's handler.
#include <algorithm>
#include <boost/asio/ip/address.hpp>

#include "harness/load/worker.hpp"
#include "harness/load/worker_parts.hpp"
#include "harness/net/wire_message.hpp"

namespace syncsuite::load {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

bool runs_raw(const LoadProfile& profile, const net::TargetUrl& url) {
  return !url.tls() && !profile.mix.empty() &&
         std::all_of(profile.mix.begin(), profile.mix.end(),
                     [](const MixEntry& e) { return e.action == Action::raw; });
}

namespace {

// The request of a raw entry, as VirtualDevice would send it: the account's token, and the body
// (POST and PUT) as JSON.
protocol::HttpRequest raw_request(const MixEntry& entry, const std::string& token) {
  protocol::HttpRequest request;
  request.method = entry.method;
  request.target = entry.path;
  request.headers.push_back({"Authorization", "Token " + token});
  if (entry.body) {
    request.body = *entry.body;
    request.headers.push_back({"Content-Type", "application/json"});
  }
  return request;
}

Result<tcp::endpoint> endpoint_of(asio::io_context& io, const net::TargetUrl& url) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(url.host, ec);
  if (!ec) return tcp::endpoint(address, url.port);
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec || results.empty()) {
    return make_error("connect", "resolving host '" + url.host + "' failed: " +
                                     (ec ? ec.message() : std::string("no address")));
  }
  return results.begin()->endpoint();
}

}  // namespace

// All connections are opened here, before the run: connecting is not part of any request's
// latency, and a target that does not answer stops the run before it starts.
Status Worker::setup_raw() {
  auto endpoint = endpoint_of(loop_.io(), plan_.url);
  if (!endpoint) return endpoint.error();
  for (const auto& entry : profile_.mix) raw_body_bytes_.push_back(entry.body ? entry.body->size() : 0);
  for (std::size_t a = 0; a < plan_.accounts.size(); ++a) {
    const auto& plan = plan_.accounts[a];
    auto& requests = raw_requests_.emplace_back();
    for (const auto& entry : profile_.mix) {
      auto bytes = net::to_wire_bytes(plan_.url, raw_request(entry, plan.token));
      if (!bytes) return make_error("client", entry.name + ": " + bytes.error().message);
      requests.push_back(std::move(*bytes));
    }
    for (std::uint32_t i = 0; i < plan.device_count; ++i) {
      net::RawConnection::Listener& listener = *this;
      auto slot = std::make_unique<RawSlot>(loop_.io(), *endpoint, plan_.url.authority(),
                                            plan_.transport.body_limit, listener);
      slot->account = a;
      slot->connection.slot = raw_slots_.size();
      raw_slots_.push_back(std::move(slot));
    }
  }
  const auto deadline = SteadyClock::now() + plan_.transport.timeout;
  raw_opening_ = raw_slots_.size();
  for (auto& slot : raw_slots_) slot->connection.open(deadline);
  arm_raw_sweep();  // bounds the connects too
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(plan_.transport.timeout + 5s);
  if (!loop_.run_until([&] { return raw_opening_ == 0 || raw_open_failure_; }, limit)) {
    return make_error("timeout", "connecting took over " + std::to_string(limit.count() / 1000) + " s");
  }
  if (raw_open_failure_) return *raw_open_failure_;
  return ok_status();
}

void Worker::raw_opened(net::RawConnection&, const std::optional<Error>& error) {
  --raw_opening_;
  if (error && !raw_open_failure_) raw_open_failure_ = error;
}

// One sweep for all connections, a few times per timeout: a request over the limit is cut at most
// a quarter of the timeout (and never over 250 ms) late, and answered requests cost no timer.
void Worker::arm_raw_sweep() {
  const auto period = std::clamp<std::chrono::milliseconds>(profile_.timeout / 4, 1ms, 250ms);
  timers_->raw_sweep.expires_after(period);
  timers_->raw_sweep.async_wait([this](boost::system::error_code ec) {
    if (ec || closing_) return;
    const auto now = SteadyClock::now();
    for (auto& slot : raw_slots_) slot->connection.expire(now);
    arm_raw_sweep();
  });
}

// The measured part. The loop runs flat out (no check between handlers); the last answer after
// the end, or the end itself when nothing is in flight, stops it.
void Worker::run_raw(std::chrono::milliseconds limit) {
  if (profile_.model == Model::closed) {
    start_raw_closed();
  } else {
    start_arrivals();
  }
  auto& io = loop_.io();
  const auto deadline = SteadyClock::now() + limit;
  while (!(stopping_ && in_flight_ == 0) && SteadyClock::now() < deadline) {
    io.restart();
    io.run_for(deadline - SteadyClock::now());
  }
  io.restart();
  timers_->raw_sweep.cancel();
}

void Worker::start_raw_closed() {
  // As start_closed: the first requests spread over one think time.
  const auto spread = std::max(profile_.think_time.max, 0ms);
  for (auto& slot : raw_slots_) {
    slot->looping = true;
    ++looping_;
    const auto delay = spread.count() > 0
                           ? std::chrono::milliseconds(rng_() % static_cast<std::uint64_t>(spread.count() + 1))
                           : 0ms;
    slot->timer.expires_at(start_ + delay);
    RawSlot* s = slot.get();
    slot->timer.async_wait([this, s](boost::system::error_code) {
      if (!closing_) raw_act(*s, SteadyClock::now());
    });
  }
}

void Worker::raw_act(RawSlot& slot, SteadyClock::time_point now) {
  if (stopping_ || now >= end_) {
    slot.looping = false;
    --looping_;
    return;
  }
  raw_start(slot, pick(), now, now);
}

void Worker::raw_start(RawSlot& slot, std::size_t entry, SteadyClock::time_point intended,
                       SteadyClock::time_point now) {
  slot.entry = entry;
  slot.intended = intended;
  ++in_flight_;
  slot.connection.send(raw_requests_[slot.account][entry], now, intended + profile_.timeout);
}

void Worker::raw_arrival(std::size_t entry, SteadyClock::time_point intended) {
  if (raw_free_.empty()) {
    if (intended >= measure_start_) stats_.drop(entry, second_of(intended));
    return;
  }
  RawSlot* slot = raw_free_.front();
  raw_free_.pop_front();
  raw_start(*slot, entry, intended, SteadyClock::now());
}

void Worker::raw_answered(net::RawConnection& connection, const net::RawConnection::Answer& answer) {
  if (closing_) return;
  const auto finished = connection.answered_at();
  RawSlot& slot = *raw_slots_[connection.slot];
  --in_flight_;
  const bool ok = !answer.error && answer.status >= 200 && answer.status <= 299;
  // As start_action: measured when the intended start falls in the measured part.
  if (slot.intended >= measure_start_) {
    WorkerStats::Finished f;
    f.latency_us = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(finished - slot.intended).count());
    f.status = answer.status;
    f.ok = ok;
    f.bytes = raw_body_bytes_[slot.entry] + answer.body_bytes;
    if (!ok) {
      // The failure path only: the message is built for the first error of each kind.
      const Error error = answer.error ? *answer.error
                                       : make_error("http_status", "HTTP " + std::to_string(answer.status));
      f.error = classify(error, answer.status);
      const bool seen = std::any_of(first_errors_.begin(), first_errors_.end(),
                                    [&](const auto& e) { return e.first == f.error; });
      if (!seen) {
        first_errors_.emplace_back(f.error, profile_.mix[slot.entry].method + " " +
                                                profile_.mix[slot.entry].path + ": " + error.message);
      }
    }
    stats_.record(slot.entry, f, second_of(finished));
  } else {
    ++warmup_requests_;
    if (!ok) ++warmup_errors_;
  }
  if (profile_.model == Model::closed) {
    raw_think(slot, finished);
  } else {
    raw_free_.push_back(&slot);
  }
  if (stopping_ && in_flight_ == 0) loop_.io().stop();
}

void Worker::raw_think(RawSlot& slot, SteadyClock::time_point now) {
  const auto& t = profile_.think_time;
  if (t.max.count() == 0 || stopping_) return raw_act(slot, now);
  auto pause = t.min;
  if (t.max > t.min) {
    pause += std::chrono::milliseconds(rng_() % static_cast<std::uint64_t>((t.max - t.min).count() + 1));
  }
  slot.timer.expires_at(now + pause);
  slot.timer.async_wait([this, &slot](boost::system::error_code) {
    if (!closing_) raw_act(slot, SteadyClock::now());
  });
}

}  // namespace syncsuite::load
