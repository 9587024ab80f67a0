#include "reference/server/key_handler.hpp"

#include "reference/core/base64.hpp"
#include "reference/protocol/limits.hpp"
#include "reference/server/json_response.hpp"
#include "reference/server/request_body.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_key(RequestContext& ctx) {
  nlohmann::json body;
  if (auto refusal = read_json_object(ctx.request, ctx.mutations, body)) return *refusal;
  const auto key = body.find("public_key");
  std::optional<base64::Bytes> bytes;
  if (key != body.end() && key->is_string() && key->get_ref<const std::string&>().size() <= 64) {
    bytes = base64::decode(key->get_ref<const std::string&>());
  }
  if (!bytes || bytes->size() != protocol::kPublicKeyBytes) {
    return error_response(400, "public_key: must be standard base64 of exactly 32 bytes");
  }
  const std::string text = key->get<std::string>();
  if (auto st = ctx.account_writes.run(
          ctx.accounts_db, [&](ServerDb& db) { return db.set_public_key(ctx.account.user, text); });
      !st) {
    return store_failure(st.error());
  }
  return json_response(200, {{"public_key", text}});
}

}  // namespace syncsuite::server
