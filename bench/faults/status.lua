-- wrk script of the fault runs: counts every response by status (wrk itself only counts
-- non-2xx) and prints one line, "FAULTS {json}", with the statuses and wrk's socket errors.
-- WRK_DELAY_MS paces each connection (moderate load for the soak).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local pace = tonumber(os.getenv("WRK_DELAY_MS") or "")
if pace then
  function delay()
    return pace
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'FAULTS {"statuses": {%s}, "requests": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    table.concat(parts, ", "), summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
end
