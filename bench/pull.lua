-- wrk script for bench/push-vs.sh's pull part: GET /api/v1/sync/pull/?limit=1000 with `since`
-- taken round-robin from CURSORS (comma-separated; the empty first entry means from the start),
-- each of which the script checked leads to a full 1,000-record page. Environment: TOKEN, CURSORS.
local page = 1000
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  cursors = {}
  for cursor in string.gmatch(os.getenv("CURSORS") or "", "([^,]*)") do table.insert(cursors, cursor) end
  headers = {["Authorization"] = "Token " .. os.getenv("TOKEN")}
  index = 0
  ok = 0
  non200 = 0
end

function request()
  index = index % #cursors + 1
  return wrk.format("GET", "/api/v1/sync/pull/?limit=" .. page .. "&since=" .. cursors[index], headers)
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
  io.write(string.format("pull_ok_requests=%d\npull_non200=%d\nrecords_per_s=%.0f\n", total_ok,
      total_bad, total_ok * page / (summary.duration / 1e6)))
end
