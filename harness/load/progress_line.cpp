#include "harness/load/progress_line.hpp"

#include <cstdio>

namespace syncsuite::load {

namespace {
std::string clock_text(std::chrono::milliseconds ms) {
  const auto s = ms.count() / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buf;
}
}  // namespace

std::string progress_line(const ProgressView& v) {
  char buf[256];
  if (v.final_check) {
    std::snprintf(buf, sizeof buf, "load final check | %llu/%llu device steps done",
                  static_cast<unsigned long long>(v.final_done),
                  static_cast<unsigned long long>(v.final_total));
    return buf;
  }
  const bool warming = v.elapsed < v.warmup;
  const double rate =
      v.requests > 0 ? 100.0 * static_cast<double>(v.errors) / static_cast<double>(v.requests) : 0;
  std::string line = "load " + clock_text(v.elapsed) + "/" + clock_text(v.planned) +
                     (warming ? " warm-up" : "");
  std::snprintf(buf, sizeof buf, " | %llu/%llu devices | %.0f req/s | errors %llu (%.2f%%)",
                static_cast<unsigned long long>(v.active),
                static_cast<unsigned long long>(v.devices), v.requests_per_s,
                static_cast<unsigned long long>(v.errors), rate);
  line += buf;
  if (v.dropped > 0) line += " | dropped " + std::to_string(v.dropped);
  if (v.p99_ms) {
    std::snprintf(buf, sizeof buf, " | p99 %.1f ms", *v.p99_ms);
    line += buf;
  }
  return line;
}

}  // namespace syncsuite::load
