-- wrk script: the trivial endpoint GET /api/health, from varied client addresses, for the baseline rate.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  return wrk.format("GET", "/api/health", { ["X-Forwarded-For"] = string.format("203.0.%d.%d", (id * 7 + n) % 256, n % 250 + 1) })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
