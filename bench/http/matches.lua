-- wrk script: GET /api/graduates/{id}/matches?top=20 for graduates of the demo university who can be matched
-- (the ids run-wrk.sh found consenting to matching, one a line in LIUHU_GRADUATE_FILE), each request for another
-- graduate and from another client address (X-Forwarded-For), as the public site's many visitors would be.
-- Environment: LIUHU_KEY (the university's API key), LIUHU_GRADUATE_FILE.
dofile("bench/http/common.lua")
local key = os.getenv("LIUHU_KEY") or ""
local graduates = {}
for line in io.lines(os.getenv("LIUHU_GRADUATE_FILE") or ".liuhu/wrk-graduates.txt") do
  if #line > 0 then graduates[#graduates + 1] = line end
end

function request()
  n = n + 1
  local graduate = graduates[math.random(1, #graduates)]
  local address = string.format("198.51.%d.%d", (id * 7 + n) % 256, n % 250 + 1)
  return wrk.format("GET", "/api/graduates/" .. graduate .. "/matches?top=20",
    { ["X-Api-Key"] = key, ["X-Forwarded-For"] = address })
end
