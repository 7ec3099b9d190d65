-- wrk script: the trivial endpoint GET /api/health, from varied client addresses, for the baseline rate.
dofile("bench/http/common.lua")

function request()
  n = n + 1
  return wrk.format("GET", "/api/health", { ["X-Forwarded-For"] = string.format("203.0.%d.%d", (id * 7 + n) % 256, n % 250 + 1) })
end
