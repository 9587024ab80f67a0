#include "mockserver/accounts_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace syncsuite::mockserver {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

Status io_error(const std::filesystem::path& path, const char* what) {
  return make_error("io", "cannot " + std::string(what) + " " + path.string() + ": " +
                              std::strerror(errno));
}

}  // namespace

std::string accounts_yaml(const std::vector<std::string>& tokens) {
  std::string out = tokens.empty() ? "accounts: []\n" : "accounts:\n";
  for (const auto& token : tokens) {
    out += "  - token: " + quoted(token) + "\n";
  }
  return out;
}

Status write_accounts_file(const std::filesystem::path& path,
                           const std::vector<std::string>& tokens) {
  const std::string text = accounts_yaml(tokens);
  const std::filesystem::path temp =
      path.string() + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return io_error(temp, "create");
  }
  // A file left by an earlier crash keeps its old mode under O_CREAT: set it again.
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t written = 0;
  while (ok && written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    ok = n > 0;
    written += ok ? static_cast<std::size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  auto status = ok ? ok_status() : io_error(temp, "write");
  ::close(fd);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = io_error(path, "write");
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
  }
  return status;
}

}  // namespace syncsuite::mockserver
