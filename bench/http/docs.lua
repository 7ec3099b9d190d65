-- wrk script: GET /api/docs, a small static page that touches no storage, from varied client addresses: the host's
-- own rate, beside /api/health (which reads one entity from storage) and the matches.
dofile("bench/http/common.lua")

function request()
  n = n + 1
  return wrk.format("GET", "/api/docs", { ["X-Forwarded-For"] = string.format("192.0.%d.%d", (id * 7 + n) % 256, n % 250 + 1) })
end
