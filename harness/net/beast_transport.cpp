#include "harness/net/beast_transport.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <optional>

#include "harness/net/connection.hpp"
#include "harness/net/tls_context.hpp"
#include "harness/net/wire_message.hpp"

namespace syncsuite::net {

namespace asio = boost::asio;
using Clock = Connection::Clock;

struct BeastTransport::Impl : std::enable_shared_from_this<Impl> {
  struct Pending {
    protocol::HttpRequest request;
    client::Completion done;
  };

  Impl(asio::io_context& io, TargetUrl target, TransportOptions opts)
      : strand(asio::make_strand(io)),
        url(std::move(target)),
        options(std::move(opts)),
        tls(url.tls() ? make_tls_context(options.tls) : Result<TlsContext>(TlsContext{})) {}

  asio::strand<asio::io_context::executor_type> strand;
  const TargetUrl url;
  const TransportOptions options;
  const Result<TlsContext> tls;  // an error here fails every request, naming the CA file

  std::deque<Pending> queue;     // waiting requests, FIFO
  bool busy = false;             // a request is in flight (current_* below are set)
  bool closed = false;           // the transport was destroyed: fail everything
  std::shared_ptr<Connection> connection;  // the keep-alive connection, or null

  client::Completion current_done;
  std::string current_what;  // "POST https://host/path", prefix of error messages
  WireRequest current_wire;
  bool current_head = false;
  bool current_retried = false;  // the one re-send on a fresh connection is used up
  Clock::time_point deadline{};

  void enqueue(Pending pending) {
    if (closed) {
      complete(std::move(pending.done), closed_error());
      return;
    }
    queue.push_back(std::move(pending));
    if (!busy) start_next();
  }

  void start_next() {
    if (queue.empty()) {
      busy = false;
      return;
    }
    busy = true;
    Pending pending = std::move(queue.front());
    queue.pop_front();
    current_done = std::move(pending.done);
    current_what = pending.request.method + " " + url.origin() + url.request_target(pending.request.target);
    current_head = pending.request.method == "HEAD";
    current_retried = false;
    deadline = Clock::now() + options.timeout;
    if (!tls) {
      finish(tls.error());
      return;
    }
    auto wire = to_wire(url, std::move(pending.request));
    if (!wire) {
      finish(wire.error());
      return;
    }
    current_wire = std::move(*wire);
    if (connection && connection->reusable()) {
      write(true);
    } else {
      open_then_write();
    }
  }

  void open_then_write() {
    if (connection) connection->close();
    connection = std::make_shared<Connection>(strand, url, tls.value());
    connection->open(deadline, [self = shared_from_this()](Status status) {
      if (!status) {
        self->connection.reset();
        self->finish(status.error());
        return;
      }
      self->write(false);
    });
  }

  void write(bool reused) {
    connection->write(current_wire, deadline, [self = shared_from_this(), reused](Status status, std::size_t bytes) {
      if (!status) {
        // Found closed before a byte went out: the server cannot have seen this request.
        if (reused && bytes == 0 && !self->current_retried && !self->closed) {
          self->connection->close();
          self->connection.reset();
          self->current_retried = true;
          self->open_then_write();
          return;
        }
        // A server may answer before reading the whole request (413, then close): read that
        // answer if it arrived; otherwise the write error stands.
        if (status.error().code == "io" && !self->closed) {
          self->read(status.error());
          return;
        }
        self->connection->close();
        self->connection.reset();
        self->finish(status.error());
        return;
      }
      self->read(std::nullopt);
    });
  }

  void read(std::optional<Error> write_error) {
    connection->read(current_head, options.body_limit, deadline,
                     [self = shared_from_this(), write_error](Result<protocol::HttpResponse> response,
                                                              bool keep_alive) {
                       if (response && keep_alive && !write_error && !self->closed) {
                         self->connection->set_idle();
                       } else {
                         self->connection->close();
                         self->connection.reset();
                       }
                       if (!response && write_error) response = *write_error;
                       self->finish(std::move(response));
                     });
  }

  void finish(Result<protocol::HttpResponse> result) {
    if (!result) {
      Error error = closed ? closed_error() : result.error();
      error.message = current_what + ": " + error.message;
      if (error.code == "timeout") {
        error.message += " (limit " + std::to_string(options.timeout.count()) + " ms)";
      }
      result = std::move(error);
    }
    complete(std::move(current_done), std::move(result));
    current_done = nullptr;
    current_wire = {};
    start_next();
  }

  // Completions always go through the io_context: never inline in send(), and a completion may
  // send again or destroy the transport without disturbing this object's state.
  void complete(client::Completion done, Result<protocol::HttpResponse> result) {
    asio::post(strand, [done = std::move(done), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  }

  void shutdown() {
    closed = true;
    for (auto& pending : queue) {
      Error error = closed_error();
      error.message = pending.request.method + " " + url.origin() + url.request_target(pending.request.target) +
                      ": " + error.message;
      complete(std::move(pending.done), std::move(error));
    }
    queue.clear();
    if (connection) connection->close();  // an operation in flight fails and finishes its request
    if (!busy) connection.reset();
  }

  static Error closed_error() { return make_error("io", "transport closed before the response"); }
};

BeastTransport::BeastTransport(asio::io_context& io, TargetUrl url, TransportOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(url), std::move(options))) {}

BeastTransport::~BeastTransport() {
  asio::dispatch(impl_->strand, [impl = impl_] { impl->shutdown(); });
}

void BeastTransport::send(protocol::HttpRequest request, client::Completion done) {
  asio::post(impl_->strand, [impl = impl_, pending = Impl::Pending{std::move(request), std::move(done)}]() mutable {
    impl->enqueue(std::move(pending));
  });
}

const TargetUrl& BeastTransport::url() const { return impl_->url; }

}  // namespace syncsuite::net
