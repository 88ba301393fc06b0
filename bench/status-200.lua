-- wrk script: counts the responses that are not a 200 and prints non_200=N at the end (wrk's own
-- "Non-2xx or 3xx" count misses a redirect, which is what the sign-in gate answers without a
-- session). bench/run.sh's signin workload runs it against both of its targets alike.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non_200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non_200")
  end
  io.write(string.format("non_200=%d\n", total))
end
