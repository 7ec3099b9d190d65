-- wrk script: GET /api/graduates/{id}/matches?top=20 for graduates of the demo university (SIM000000..),
-- each request for another graduate and from another client address (X-Forwarded-For), as the public site's
-- many visitors would be. Environment: LIUHU_KEY (the university's API key), LIUHU_GRADUATES (how many).
dofile("bench/http/common.lua")
local key = os.getenv("LIUHU_KEY") or ""
local graduates = tonumber(os.getenv("LIUHU_GRADUATES") or "2500")
local university = os.getenv("LIUHU_UNIVERSITY") or "4115010126"

function request()
  n = n + 1
  local graduate = string.format("%s-SIM%06d", university, math.random(0, graduates - 1))
  local address = string.format("198.51.%d.%d", (id * 7 + n) % 256, n % 250 + 1)
  return wrk.format("GET", "/api/graduates/" .. graduate .. "/matches?top=20",
    { ["X-Api-Key"] = key, ["X-Forwarded-For"] = address })
end
