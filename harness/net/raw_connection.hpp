#pragma once
// A lean keep-alive HTTP/1.1 connection for the raw mode of a load run (as wrk's connection): it
// writes request bytes serialized once for the whole run and reads each answer with a parser that
// keeps only the status and the body's size. The read buffer is the connection's own and reused;
// completions go to a listener (an interface, not a std::function per request), so a request
// costs no allocation once the connection is warm. Plain TCP only (https goes through
// BeastTransport).
//
// One request at a time. A request is never sent twice: a failure ends it with an error and the
// next request opens a fresh connection. A connection idle for a while (think time, a quiet open
// model) is first checked with a peek, so that one the server closed meanwhile is replaced rather
// than failing the request; back-to-back requests skip that system call. Timeouts are the owner's: it calls expire() now and then
// (one sweep for all connections, rather than a timer armed and cancelled per request).
// Errors: "connect", "timeout", "io" (write, read, a bad response), naming host:port and the step.
//
// Lifetime: close() before destruction, then let the io_context run the cancelled handlers (or
// destroy it) before destroying the connection: handlers refer to it.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/net/status_only_parser.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::net {

class RawConnection {
 public:
  using Clock = std::chrono::steady_clock;

  struct Answer {
    int status = 0;                // 0: no answer
    std::uint64_t body_bytes = 0;  // of the answer
    std::optional<Error> error;    // the request failed (no complete answer)
  };

  class Listener {
   public:
    // open() finished: `error` is empty when connected.
    virtual void raw_opened(RawConnection& connection, const std::optional<Error>& error) = 0;
    // send() finished, exactly once per send.
    virtual void raw_answered(RawConnection& connection, const Answer& answer) = 0;

   protected:
    ~Listener() = default;
  };

  RawConnection(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint endpoint,
                std::string authority, std::uint64_t body_limit, Listener& listener);
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Connects; raw_opened once. Ahead of the run, so that connecting is not timed.
  void open(Clock::time_point deadline);
  // Sends `request` (whole HTTP bytes; must stay alive until raw_answered) and reads the answer;
  // connects first when not connected. Never completes inside this call. `now`: the caller's
  // clock reading (one per request is enough).
  void send(std::string_view request, Clock::time_point now, Clock::time_point deadline);
  // Cuts the request in flight when its deadline is past (it ends with "timeout").
  void expire(Clock::time_point now);
  bool busy() const { return phase_ != Phase::idle; }
  // When the last request ended (answered or failed), read once, for the caller to time it by.
  Clock::time_point answered_at() const { return answered_at_; }
  bool connected() const { return connected_; }
  void close();

  // Opaque to the connection: the owner's index of it.
  std::size_t slot = 0;

 private:
  enum class Phase { idle, opening, connecting, writing, reading };

  void connect();
  void on_connect(const boost::system::error_code& ec);
  void write();
  void start_reading();
  void read();
  void on_read(const boost::system::error_code& ec, std::size_t bytes);
  bool parse(boost::system::error_code& ec);
  bool still_open();
  void fail(const boost::system::error_code& ec, const char* code, const char* step);
  void answered();

  boost::asio::ip::tcp::socket socket_;
  const boost::asio::ip::tcp::endpoint endpoint_;
  const std::string authority_;
  const std::uint64_t body_limit_;
  Listener& listener_;
  boost::beast::flat_buffer buffer_;
  std::optional<StatusOnlyParser> parser_;  // of the answer being read (emplaced: no allocation)
  std::string_view request_;
  Clock::time_point deadline_{};
  Clock::time_point answered_at_{};  // the last answer: how long the connection has been idle
  Phase phase_ = Phase::idle;
  bool connected_ = false;
  bool timed_out_ = false;
  bool closed_ = false;  // close() was called: handlers still to come report nothing
};

}  // namespace syncsuite::net
