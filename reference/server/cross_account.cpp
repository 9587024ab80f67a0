#include "reference/server/cross_account.hpp"

namespace syncsuite::server {

std::int64_t first_owner(ServerDb& db, std::int64_t fallback) {
  auto first = db.first_account();
  return first && *first ? (*first)->user : fallback;
}

std::int64_t owner_ignoring_account(ServerDb& db, std::string_view table, std::string_view id,
                                    std::int64_t own) {
  const std::int64_t first = first_owner(db, own);
  auto found = db.find_record(first, table, id);
  return found && *found ? first : own;
}

protocol::Envelope copy_ignoring_account(ServerDb& db, const protocol::Envelope& own) {
  auto found = db.find_record(first_owner(db, -1), own.table, own.id);
  return found && *found ? (*found)->envelope : own;
}

}  // namespace syncsuite::server
