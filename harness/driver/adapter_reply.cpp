#include "harness/driver/adapter_reply.hpp"

#include "harness/driver/printable.hpp"

namespace syncsuite::driver {

Result<Json> parse_adapter_reply(std::string_view line) {
  Json reply;
  try {
    reply = Json::parse(line);
  } catch (const Json::parse_error& e) {
    return make_error("garbage", "not JSON (parse error at byte " + std::to_string(e.byte) +
                                     "): " + quote_start(line));
  }
  if (!reply.is_object()) return make_error("garbage", "not a JSON object: " + quote_start(line));
  const auto ok = reply.find("ok");
  if (ok == reply.end() || !ok->is_boolean()) {
    return make_error("garbage", "no boolean \"ok\": " + quote_start(line));
  }
  return reply;
}

}  // namespace syncsuite::driver
