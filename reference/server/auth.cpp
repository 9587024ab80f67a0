#include "reference/server/auth.hpp"

#include <cctype>
#include <vector>

#include "reference/server/json_response.hpp"
#include "reference/server/token_hash.hpp"

namespace syncsuite::server {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if (std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

protocol::HttpResponse unauthorized(std::string_view detail) {
  auto response = error_response(401, detail);
  response.headers.push_back({"WWW-Authenticate", "Token"});
  return response;
}

}  // namespace

Result<std::string> parse_token_header(std::optional<std::string_view> header) {
  const auto words = header ? split_words(*header) : std::vector<std::string_view>{};
  if (words.empty() || !iequals(words[0], "token")) {
    return make_error("unauthorized", "Authentication credentials were not provided.");
  }
  if (words.size() == 1) {
    return make_error("unauthorized", "Invalid token header. No credentials provided.");
  }
  if (words.size() > 2) {
    return make_error("unauthorized",
                      "Invalid token header. Token string should not contain spaces.");
  }
  return std::string(words[1]);
}

std::optional<protocol::HttpResponse> authenticate(ServerDb& db,
                                                   const protocol::HttpRequest& request,
                                                   const Mutations& mutations, Account& account) {
  auto token = parse_token_header(request.header("Authorization"));
  std::optional<std::string> refusal;
  if (token) {
    auto found = db.account_by_token_hash(hash_token(*token));
    if (!found) return store_failure(found.error());
    if (*found) {
      account = **found;
      return std::nullopt;
    }
    refusal = "Invalid token.";
  } else {
    refusal = token.error().message;
  }
  if (mutations.auth_ignored) {
    auto first = db.first_account();
    if (!first) return store_failure(first.error());
    if (*first) {
      account = **first;
      return std::nullopt;
    }
  }
  return unauthorized(*refusal);
}

}  // namespace syncsuite::server
