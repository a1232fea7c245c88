-- wrk script: every connection submits a report to one program and, once it is acknowledged, a
-- connection of the same thread verifies it. Two commands per report, both POST, both counted by wrk.
-- Environment: PROGRAM, AGENCIES (how many enrolled, A00..), SUBMITTER and VERIFIER ("user:password").

local counter = 1
local threads = {}

function setup(thread)
   thread:set("tid", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local function basic(credentials)
   -- base64 of "user:password"
   local b = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
   return 'Basic ' .. ((credentials:gsub('.', function(x)
      local r, byte = '', x:byte()
      for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and '1' or '0') end
      return r
   end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
      if #x < 6 then return '' end
      local c = 0
      for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
      return b:sub(c + 1, c + 1)
   end) .. ({ '', '==', '=' })[#credentials % 3 + 1])
end

function init(args)
   program = os.getenv("PROGRAM")
   agencies = tonumber(os.getenv("AGENCIES") or "16")
   submitter = basic(os.getenv("SUBMITTER"))
   verifier = basic(os.getenv("VERIFIER"))
   run = os.getenv("RUN") or "r"
   n = 0
   ready = {}
   submitted, verified, other = 0, 0, 0
end

function request()
   if #ready > 0 then
      local id = table.remove(ready, 1)
      return wrk.format("POST", "/api/programs/" .. program .. "/reports/" .. id .. "/verification",
         { ["Authorization"] = verifier, ["Content-Type"] = "application/json" }, "{}")
   end
   n = n + 1
   local id = run .. "-" .. tid .. "-" .. n
   local body = string.format('{"reportId":"%s","agencyId":"A%02d","groupRef":"G-%s","sourceMarket":"MY",'
      .. '"tourists":%d,"nights":2,"arrivalDate":"2025-05-02"}', id, n % agencies, id, 5 + n % 30)
   return wrk.format("POST", "/api/programs/" .. program .. "/reports",
      { ["Authorization"] = submitter, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
   if status == 201 then
      local id = body:match('"reportId"%s*:%s*"([^"]+)"')
      if id then table.insert(ready, id) end
      submitted = submitted + 1
   elseif status == 200 then
      verified = verified + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local s, v, o = 0, 0, 0
   for _, t in ipairs(threads) do
      s = s + t:get("submitted"); v = v + t:get("verified"); o = o + t:get("other")
   end
   local secs = summary.duration / 1e6
   io.write(string.format("submitted %d, verified %d, other %d, commands/s %.1f, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms\n",
      s, v, o, (s + v) / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000))
end
