#pragma once
#include <functional>
#include <nlohmann/json.hpp>
namespace syncsuite::driver {
using Json = nlohmann::json;
// `reply` is a section-9 answer object ({"ok":true,...} or {"ok":false,"error":"..."}).
using ReplyCallback = std::function<void(Json reply)>;
// One virtual device, driven by section-9 requests (contract 9), answered through a completion
// on the driver's io_context, exactly once per call, never inline inside call().
class DeviceDriver {
 public:
  virtual ~DeviceDriver() = default;
  virtual void call(Json request, ReplyCallback reply) = 0;
};
}  // namespace syncsuite::driver
