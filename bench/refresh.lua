-- refresh_token rotation: each thread (one connection each) follows its own chain.
local tokens = {}
for line in io.lines(os.getenv("GH_TOKENS")) do
  if #line > 0 then table.insert(tokens, line) end
end
local next_index = 1
function setup(thread)
  thread:set("token", tokens[next_index])
  thread:set("basic", os.getenv("GH_BASIC"))
  next_index = next_index + 1
end
function request()
  return wrk.format("POST", "/token", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = basic,
  }, "grant_type=refresh_token&refresh_token=" .. token)
end
function response(status, headers, body)
  local t = body:match('"refresh_token":"([^"]+)"')
  if t then token = t end
end
