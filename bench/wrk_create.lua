-- POST /api/v1/tickets from wrk (driven by bench/api_create.py --client wrk).
--
-- wrk is C: its own CPU per request is a few microseconds, so on a two-core machine the
-- server gets nearly all of it. Bodies come from a file of JSON documents, one per line
-- (written by api_create.py from the same realistic corpus as the Python client); each
-- request picks one at random and, with keys on, carries a fresh Idempotency-Key.
--
-- Arguments after `--`: <bodies file> <bearer token> <keys: 0|1> <run id>

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

local bodies = {}
local token, keys, run
local sent = 0
statuses = {}

function init(args)
  local path = args[1]
  token, keys, run = args[2], args[3] == "1", args[4]
  for line in io.lines(path) do
    if #line > 0 then
      table.insert(bodies, line)
    end
  end
  math.randomseed(os.time() + thread_id * 7919)
end

function request()
  sent = sent + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }
  if keys then
    headers["Idempotency-Key"] = string.format("%s-%d-%d", run, thread_id, sent)
  end
  return wrk.format("POST", "/api/v1/tickets", headers, bodies[math.random(#bodies)])
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for code, n in pairs(seen) do
      counts[code] = (counts[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', code, n))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK-RESULT {"seconds": %.3f, "requests": %d, "statuses": {%s}, '
      .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d}, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
    summary.duration / 1e6, summary.requests, table.concat(parts, ", "),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.timeout
  ))
end
