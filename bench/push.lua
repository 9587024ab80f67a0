-- wrk script for bench/push-vs.sh: every request POSTs /api/v1/sync/push/ with a 500-record batch
-- of ids never used before (run prefix, wrk thread, request counter, record index), so each
-- request stores 500 new records instead of replaying retries. The nonce and ciphertext are fixed
-- valid standard base64 (24 and 48 bytes): the server validates but never decrypts them.
-- Requests take the accounts in turn (thread i's request k pushes as account (i + k) mod n), as
-- many users' devices would, rather than each thread's connections writing for one account.
-- Environment: TOKENS (comma-separated), RUN (an id prefix).
local batch = 500
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  local tokens = {}
  for token in string.gmatch(os.getenv("TOKENS") or "", "[^,]+") do table.insert(tokens, token) end
  headers_of = {}
  for i, token in ipairs(tokens) do
    headers_of[i] = {["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token}
  end
  prefix = (os.getenv("RUN") or "r") .. "t" .. thread_index .. "q"
  counter = 0
  non200 = 0
  ok = 0
end

local nonce = string.rep("A", 32)  -- 24 bytes
local ciphertext = string.rep("B", 64)     -- 48 bytes

function request()
  counter = counter + 1
  local parts = {}
  local head = '{"table":"bench","id":"' .. prefix .. counter .. "n"
  local tail = '","updated_at":"2026-11-24T10:00:00.123Z","deleted":false,"nonce":"' .. nonce ..
      '","ciphertext":"' .. ciphertext .. '"}'
  for i = 1, batch do parts[i] = head .. i .. tail end
  local body = '{"device_id":"bench-' .. thread_index .. '","records":[' .. table.concat(parts, ",") .. "]}"
  return wrk.format("POST", "/api/v1/sync/push/", headers_of[((thread_index + counter) % #headers_of) + 1], body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_bad = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_bad = total_bad + thread:get("non200")
  end
  io.write(string.format("push_ok_requests=%d\npush_non200=%d\nrecords_per_s=%.0f\n", total_ok,
      total_bad, total_ok * batch / (summary.duration / 1e6)))
end
