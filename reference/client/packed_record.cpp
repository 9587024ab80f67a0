#include "reference/client/packed_record.hpp"

#include <array>
#include <cstdint>

#include "reference/core/base64.hpp"
#include "reference/core/timestamp.hpp"

namespace syncsuite::client::packed {
namespace {

// Layout: [status][flags: 2 bytes LE][version: 8 bytes LE]?[server version: 8 bytes LE]?
// then each field as a LEB128 length and its bytes: id, updated_at, nonce, ciphertext, data and,
// with a server copy, its updated_at, nonce, ciphertext, data.
enum Flag : std::uint16_t {
  kDeleted = 1 << 0,
  kHasVersion = 1 << 1,
  kHasServer = 1 << 2,
  kServerDeleted = 1 << 3,
  kServerHasVersion = 1 << 4,
  // The field is kept decoded (timestamp as 8 bytes of millis, base64 as its bytes).
  kTimeCompact = 1 << 5,
  kNonceCompact = 1 << 6,
  kCipherCompact = 1 << 7,
  kServerTimeCompact = 1 << 8,
  kServerNonceCompact = 1 << 9,
  kServerCipherCompact = 1 << 10,
};
constexpr std::size_t kHeaderBytes = 3;

enum class Kind { text, time, base64 };

// A field as it will be packed: the original text, or its decoded form when that restores it.
struct Field {
  std::string_view text;
  std::string compact;  // empty unless packed decoded
  bool is_compact = false;
  std::string_view bytes() const { return is_compact ? std::string_view(compact) : text; }
};

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_u64(std::string_view in, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  }
  return v;
}

Field make_field(std::string_view text, Kind kind) {
  Field f{text, {}, false};
  if (kind == Kind::time) {
    if (auto ms = timestamp::parse(text); ms && timestamp::format(*ms) == text) {
      put_u64(f.compact, static_cast<std::uint64_t>(*ms));
      f.is_compact = true;
    }
  } else if (kind == Kind::base64) {
    // decode() accepts canonical text only, so encoding the bytes gives the text back; checked
    // anyway, since a record must be re-sent byte for byte.
    if (auto raw = base64::decode(text); raw && base64::encode(*raw) == text) {
      f.compact.assign(raw->begin(), raw->end());
      f.is_compact = true;
    }
  }
  return f;
}

std::string restore(std::string_view bytes, bool compact, Kind kind) {
  if (!compact) return std::string(bytes);
  if (kind == Kind::time)
    return timestamp::format(static_cast<timestamp::Millis>(get_u64(bytes, 0)));
  return base64::encode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::size_t varint_size(std::size_t n) {
  std::size_t size = 1;
  while (n >= 0x80) {
    n >>= 7;
    ++size;
  }
  return size;
}

void put_field(std::string& out, std::string_view bytes) {
  std::size_t n = bytes.size();
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  out.append(bytes);
}

// Reads the fields of a row in order.
class Reader {
 public:
  Reader(std::string_view row, std::size_t at) : row_(row), at_(at) {}
  std::string_view next() {
    std::size_t n = 0;
    int shift = 0;
    for (;;) {
      const auto b = static_cast<unsigned char>(row_[at_++]);
      n |= static_cast<std::size_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
      shift += 7;
    }
    auto bytes = row_.substr(at_, n);
    at_ += n;
    return bytes;
  }

 private:
  std::string_view row_;
  std::size_t at_;
};

std::uint16_t flags_of(std::string_view row) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(row[1]) |
                                    (static_cast<unsigned char>(row[2]) << 8));
}

// Where the fields start: after the header and the versions present.
std::size_t fields_at(std::uint16_t flags) {
  return kHeaderBytes + ((flags & kHasVersion) ? 8 : 0) + ((flags & kServerHasVersion) ? 8 : 0);
}

}  // namespace

std::string pack(const StoredRecord& record) {
  const auto& e = record.envelope;
  const Field time = make_field(e.updated_at, Kind::time);
  const Field nonce = make_field(e.nonce, Kind::base64);
  const Field cipher = make_field(e.ciphertext, Kind::base64);
  std::uint16_t flags = 0;
  if (e.deleted) flags |= kDeleted;
  if (e.version) flags |= kHasVersion;
  if (time.is_compact) flags |= kTimeCompact;
  if (nonce.is_compact) flags |= kNonceCompact;
  if (cipher.is_compact) flags |= kCipherCompact;
  std::array<std::string_view, 9> fields = {e.id, time.bytes(), nonce.bytes(), cipher.bytes(),
                                            record.data};
  std::size_t field_count = 5;
  Field server_time;
  Field server_nonce;
  Field server_cipher;
  if (record.server) {
    const auto& s = record.server->envelope;
    server_time = make_field(s.updated_at, Kind::time);
    server_nonce = make_field(s.nonce, Kind::base64);
    server_cipher = make_field(s.ciphertext, Kind::base64);
    flags |= kHasServer;
    if (s.deleted) flags |= kServerDeleted;
    if (s.version) flags |= kServerHasVersion;
    if (server_time.is_compact) flags |= kServerTimeCompact;
    if (server_nonce.is_compact) flags |= kServerNonceCompact;
    if (server_cipher.is_compact) flags |= kServerCipherCompact;
    fields[field_count++] = server_time.bytes();
    fields[field_count++] = server_nonce.bytes();
    fields[field_count++] = server_cipher.bytes();
    fields[field_count++] = record.server->data;
  }
  std::size_t size = fields_at(flags);
  for (std::size_t i = 0; i < field_count; ++i)
    size += varint_size(fields[i].size()) + fields[i].size();
  std::string row;
  row.reserve(size);  // one exact allocation per record
  row.push_back(static_cast<char>(record.status));
  row.push_back(static_cast<char>(flags & 0xff));
  row.push_back(static_cast<char>(flags >> 8));
  if (e.version) put_u64(row, static_cast<std::uint64_t>(*e.version));
  if (record.server && record.server->envelope.version) {
    put_u64(row, static_cast<std::uint64_t>(*record.server->envelope.version));
  }
  for (std::size_t i = 0; i < field_count; ++i) put_field(row, fields[i]);
  return row;
}

StoredRecord unpack(std::string_view row, std::string_view table) {
  const auto flags = flags_of(row);
  StoredRecord r;
  r.status = status_of(row);
  std::size_t at = kHeaderBytes;
  auto& e = r.envelope;
  e.table = std::string(table);
  e.deleted = (flags & kDeleted) != 0;
  if (flags & kHasVersion) {
    e.version = static_cast<std::int64_t>(get_u64(row, at));
    at += 8;
  }
  std::optional<std::int64_t> server_version;
  if (flags & kServerHasVersion) server_version = static_cast<std::int64_t>(get_u64(row, at));
  Reader in(row, fields_at(flags));
  e.id = std::string(in.next());
  e.updated_at = restore(in.next(), (flags & kTimeCompact) != 0, Kind::time);
  e.nonce = restore(in.next(), (flags & kNonceCompact) != 0, Kind::base64);
  e.ciphertext = restore(in.next(), (flags & kCipherCompact) != 0, Kind::base64);
  r.data = std::string(in.next());
  if (flags & kHasServer) {
    ServerCopy copy;
    auto& s = copy.envelope;
    s.table = e.table;
    s.id = e.id;
    s.deleted = (flags & kServerDeleted) != 0;
    s.version = server_version;
    s.updated_at = restore(in.next(), (flags & kServerTimeCompact) != 0, Kind::time);
    s.nonce = restore(in.next(), (flags & kServerNonceCompact) != 0, Kind::base64);
    s.ciphertext = restore(in.next(), (flags & kServerCipherCompact) != 0, Kind::base64);
    copy.data = std::string(in.next());
    r.server = std::move(copy);
  }
  return r;
}

std::string_view id_of(std::string_view row) {
  return Reader(row, fields_at(flags_of(row))).next();
}

RecordStatus status_of(std::string_view row) {
  return static_cast<RecordStatus>(static_cast<unsigned char>(row[0]));
}

void set_status(std::string& row, RecordStatus status) { row[0] = static_cast<char>(status); }

}  // namespace syncsuite::client::packed
