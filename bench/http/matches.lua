-- wrk script: GET /api/graduates/{id}/matches?top=20 for graduates of the demo university (SIM000000..),
-- each request for another graduate and from another client address (X-Forwarded-For), as the public site's
-- many visitors would be. Environment: LIUHU_KEY (the university's API key), LIUHU_GRADUATES (how many).
local key = os.getenv("LIUHU_KEY") or ""
local graduates = tonumber(os.getenv("LIUHU_GRADUATES") or "2500")
local university = os.getenv("LIUHU_UNIVERSITY") or "4115010126"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(1000 + id)
  n = 0
end

function request()
  n = n + 1
  local graduate = string.format("%s-SIM%06d", university, math.random(0, graduates - 1))
  local address = string.format("198.51.%d.%d", (id * 7 + n) % 256, n % 250 + 1)
  return wrk.format("GET", "/api/graduates/" .. graduate .. "/matches?top=20",
    { ["X-Api-Key"] = key, ["X-Forwarded-For"] = address })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
