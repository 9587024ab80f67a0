#include "harness/load/measuring_transport.hpp"

#include <utility>

namespace syncsuite::load {

void MeasuringTransport::send(protocol::HttpRequest request, client::Completion done) {
  counters_->bytes += request.body.size();
  inner_.send(std::move(request), [counters = counters_, done = std::move(done)](
                                      Result<protocol::HttpResponse> answer) {
    if (answer) {
      counters->last_status = answer->status;
      counters->bytes += answer->body.size();
    } else {
      counters->last_status = 0;
    }
    done(std::move(answer));
  });
}

}  // namespace syncsuite::load
