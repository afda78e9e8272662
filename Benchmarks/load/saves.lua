-- wrk script for the load test of issue 5 (P3): each request saves a draft of a different
-- (community, month) with version 0, so every answer should be 200. Arguments: the tokens file
-- ("UNITCODE TOKEN" per line), the step between a thread's requests (the number of threads), and
-- the seed's first month: saves go to the months before it, one month further back per round of
-- communities (after 2028-12 FormTemplates' reports have expired, so there is no room ahead).
local threads = {}
local nthreads = 0

function setup(thread)
  thread:set("id", nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
end

function init(args)
  units, tokens = {}, {}
  for line in io.lines(args[1]) do
    local code, token = line:match("(%S+) (%S+)")
    units[#units + 1] = code
    tokens[#tokens + 1] = token
  end
  i = 0
  step = tonumber(args[2] or "2")
  local y, mo = (args[3] or "2023-06"):match("(%d+)-(%d+)")
  first = tonumber(y) * 12 + tonumber(mo) - 1  -- the seed's first month, counted from year 0
  grid = args[4] == "1"  -- also 户籍人口's cells: a form of grids (issue 23)
end

function request()
  local k = i * step + id
  i = i + 1
  local n = #units
  local u = k % n + 1
  local m = math.floor(k / n)
  local back = first - 1 - m
  local month = string.format("%04d-%02d", math.floor(back / 12), back % 12 + 1)
  local body = string.format('{"values": {"pop_resident": %d, "households": %d, "pop_births": %d, "pop_deaths": %d, ' ..
    '"disputes_received": %d, "disputes_resolved": %d, "petitions": %d, "proposals": %d, "resident_meetings": %d}, "version": 0}',
    5000 + k % 1000, 2000 + k % 500, k % 7, k % 5, k % 9, k % 9, k % 4, k % 2, k % 6)
  if grid then
    -- Sexes and age bands of one total, so that the splits agree.
    local male, female = 2400 + k % 100, 2500 + k % 50
    local total = male + female
    local a0, a4, a60, a80 = 200 + k % 20, 700 + k % 30, 900, 300
    local a18 = total - a0 - a4 - a60 - a80
    body = body:gsub('}, "version"', string.format(', "pop_registered[sex.male]": %d, "pop_registered[sex.female]": %d, ' ..
      '"pop_registered[age.a0_3]": %d, "pop_registered[age.a4_17]": %d, "pop_registered[age.a18_59]": %d, ' ..
      '"pop_registered[age.a60_79]": %d, "pop_registered[age.a80]": %d}, "version"', male, female, a0, a4, a18, a60, a80), 1)
  end
  return wrk.format("PUT", "/api/v1/units/" .. units[u] .. "/forms/" .. month,
    {["Authorization"] = "Bearer " .. tokens[u], ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 200 and not shown then
    shown = true
    io.write("first non-200: " .. status .. " " .. body .. "\n")
  end
end

function done(summary, latency, requests)
  io.write(string.format("non2xx %d\n", summary.errors.status))
  local e = summary.errors
  io.write(string.format("answered200 %d\n", summary.requests - e.status - e.connect - e.read - e.write - e.timeout))
end
