#pragma once
// The parts of a Worker that hold Asio objects, shared by worker.cpp and worker_raw.cpp only
// (kept out of worker.hpp, which the rest of the harness includes).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>

#include "harness/load/worker.hpp"
#include "harness/net/beast_transport.hpp"
#include "harness/net/raw_connection.hpp"

namespace syncsuite::load {

struct Worker::Slot {
  Slot(boost::asio::io_context& io, const net::TargetUrl& url, const net::TransportOptions& options)
      : transport(io, url, options), timer(io) {}
  net::BeastTransport transport;
  boost::asio::steady_timer timer;  // think time (closed model)
};

struct Worker::Timers {
  explicit Timers(boost::asio::io_context& io) : arrivals(io), ticks(io), end(io), raw_sweep(io) {}
  boost::asio::steady_timer arrivals;
  boost::asio::steady_timer ticks;
  boost::asio::steady_timer end;
  boost::asio::steady_timer raw_sweep;  // raw mode: cuts requests over the timeout
};

// Raw mode: one device.
struct Worker::RawSlot {
  RawSlot(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
          const std::string& authority, std::uint64_t body_limit, net::RawConnection::Listener& listener)
      : connection(io, endpoint, authority, body_limit, listener), timer(io) {}
  net::RawConnection connection;
  boost::asio::steady_timer timer;  // think time (closed model)
  std::size_t account = 0;          // index into raw_requests_
  std::size_t entry = 0;            // the mix entry in flight
  SteadyClock::time_point intended{};
  bool looping = false;             // closed model: still in its loop
};

}  // namespace syncsuite::load
