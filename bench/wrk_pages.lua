-- wrk script for bench/bench_scale.py: one page, signed in, every response checked.
--
--   BENCH_COOKIE="session=..." wrk -t2 -c8 -d10s --timeout 30s -s bench/wrk_pages.lua URL
--
-- Sends the Cookie header from BENCH_COOKIE (a signed-in session) and the User-Agent
-- the session was made with (BENCH_USER_AGENT, so Flask-Login's session protection sees
-- the same client). Counts every response that is not 2xx as a failure, including a
-- redirect to the sign-in page (a session that did not work), and prints one line,
-- "BENCH_JSON {...}", with the counts and wrk's latency percentiles (microseconds).

local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
wrk.headers["User-Agent"] = os.getenv("BENCH_USER_AGENT") or "bench-scale"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non_2xx = 0
  to_sign_in = 0
  server_errors = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    if status >= 500 then
      server_errors = server_errors + 1
    end
    local location = headers["Location"] or headers["location"] or ""
    if string.find(location, "/sign-in", 1, true) then
      to_sign_in = to_sign_in + 1
    end
  end
end

function done(summary, latency, requests)
  local bad, sign_in, server = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non_2xx")
    sign_in = sign_in + thread:get("to_sign_in")
    server = server + thread:get("server_errors")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, ' ..
    '"to_sign_in": %d, "server_errors": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, bad, sign_in, server,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
