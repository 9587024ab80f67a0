#include "harness/load/error_kind.hpp"

namespace syncsuite::load {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::connect: return "connect";
    case ErrorKind::tls: return "tls";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::reset: return "reset";
    case ErrorKind::http_4xx: return "http_4xx";
    case ErrorKind::http_5xx: return "http_5xx";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::decrypt: return "decrypt";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::client: return "client";
    case ErrorKind::count_: break;
  }
  return "unknown";
}

ErrorKind classify(const Error& error, int last_status) {
  // Only on the failure path; codes are the documented words of client::Device and the transports.
  const std::string_view code = error.code;
  if (code == "connect") return ErrorKind::connect;
  if (code == "tls") return ErrorKind::tls;
  if (code == "timeout") return ErrorKind::timeout;
  if (code == "io" || code == "cancelled") return ErrorKind::reset;
  if (code == "http_status") {
    return last_status >= 400 && last_status < 500 ? ErrorKind::http_4xx : ErrorKind::http_5xx;
  }
  if (code == "bad_response") return ErrorKind::protocol;
  if (code == "decrypt_failed" || code == "bad_record") return ErrorKind::decrypt;
  if (code == "conflict") return ErrorKind::conflict;
  return ErrorKind::client;
}

}  // namespace syncsuite::load
