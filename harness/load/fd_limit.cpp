#include "harness/load/fd_limit.hpp"

#include <sys/resource.h>


namespace syncsuite::load {

Status ensure_fd_limit(std::uint64_t needed) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return ok_status();  // cannot tell: try anyway
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur >= needed) return ok_status();
  rlimit raised = limit;
  raised.rlim_cur = static_cast<rlim_t>(needed);
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) {
    raised.rlim_max = static_cast<rlim_t>(needed);  // allowed with CAP_SYS_RESOURCE (root)
  }
  if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return ok_status();
  return make_error(
      "fd_limit",
      "this run needs about " + std::to_string(needed) +
          " open files (one connection per device, twice with the embedded server), but the "
          "limit is " + std::to_string(limit.rlim_cur) + " (hard limit " +
          (limit.rlim_max == RLIM_INFINITY ? std::string("unlimited")
                                           : std::to_string(limit.rlim_max)) +
          "). Raise it (as root: ulimit -Hn " + std::to_string(needed) + "; ulimit -n " +
          std::to_string(needed) +
          "; under systemd: LimitNOFILE=; in a container: --ulimit nofile=" +
          std::to_string(needed) + "), or split the run with --shard I/N over more processes");
}

}  // namespace syncsuite::load
