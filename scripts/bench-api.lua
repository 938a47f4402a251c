-- wrk script for scripts/bench-api.sh: prints one JSON line with the request rate and latency percentiles (ms).
-- BENCH_SEARCH=unique appends a search term no request has used before (each wrk thread has its own prefix);
-- BENCH_SEARCH=<term> appends that same term on every request; unset leaves the path as given.
local search = os.getenv("BENCH_SEARCH")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local counter = 0
local prefix

function init(args)
  prefix = "zq" .. tostring(tid or 0) .. "n"
end

if search == "unique" then
  request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. "&search=" .. prefix .. counter)
  end
elseif search ~= nil and search ~= "" then
  request = function()
    return wrk.format(nil, wrk.path .. "&search=" .. search)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50":%.2f,"p90":%.2f,"p95":%.2f,"p99":%.2f,"bytes":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.bytes, e.connect + e.read + e.write + e.timeout, e.status))
end
