#include "harness/load/measuring_transport.hpp"

#include <utility>

namespace syncsuite::load {

void MeasuringTransport::send(protocol::HttpRequest request, client::Completion done) {
  bytes_ += request.body.size();
  // The transport outlives its devices and their completions (the worker destroys it last).
  inner_.send(std::move(request), [this, done = std::move(done)](
                                      Result<protocol::HttpResponse> answer) {
    if (answer) {
      last_status_ = answer->status;
      bytes_ += answer->body.size();
    } else {
      last_status_ = 0;
    }
    done(std::move(answer));
  });
}

}  // namespace syncsuite::load
