import { LuaScript } from '../lua';

/**
 * The projection's writes: one Lua script per op, so each op is atomic and a batch is one
 * pipelined round trip.
 *
 * The view itself is built only from the log: actors are sorted-set members scored by their own
 * event time (ZADD overwrites), a group's time is recomputed from its actors (never incremented),
 * counts are ZCARDs. Those writes alone could be re-applied safely; trimming could not: which
 * groups are dropped (beyond `maxGroups`) depends on what is there when it runs, and re-applying
 * an old like re-creates a group that a later unlike had emptied, pushing the count over the limit
 * and dropping a group that should stay (the randomized test in activity-handle.int.spec.ts found
 * exactly that). So every user also keeps the log position of the last event applied to them, and
 * each script first skips an event at or before it: re-applying any suffix of the log is then a
 * no-op, trims included. Positions come in log order (the runner reads the log in order), and a
 * rebuild under a new prefix starts with none.
 */

/** Skips the event when the user has seen its position; otherwise records it. */
const ONCE_PER_USER = `
local function applied(key, position)
  local last = redis.call('GET', key)
  if last then
    for i = 1, #position do
      local a, b = string.byte(position, i), string.byte(last, i)
      if a ~= b then
        if a < b then return true end
        redis.call('SET', key, position)
        return false
      end
    end
    return true
  end
  redis.call('SET', key, position)
  return false
end
`;

/** KEYS: index, applied, actors. ARGV: position, group, actor, atMs, maxGroups, maxActors, actorsPrefix. */
export const ADD = new LuaScript(`${ONCE_PER_USER}
if applied(KEYS[2], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
local actors = redis.call('ZCARD', KEYS[3])
local maxActors = tonumber(ARGV[6])
if actors > maxActors then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, actors - maxActors - 1) end
local newest = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
redis.call('ZADD', KEYS[1], newest[2], ARGV[2])
local groups = redis.call('ZCARD', KEYS[1])
local maxGroups = tonumber(ARGV[5])
if groups > maxGroups then
  for _, group in ipairs(redis.call('ZRANGE', KEYS[1], 0, groups - maxGroups - 1)) do
    redis.call('UNLINK', ARGV[7] .. group)
    redis.call('ZREM', KEYS[1], group)
  end
end
return 1
`);

/** KEYS: index, applied. ARGV: position, groupsPrefix, actor, actorsPrefix. */
export const REMOVE_ACTOR = new LuaScript(`${ONCE_PER_USER}
if applied(KEYS[2], ARGV[1]) then return 0 end
for _, group in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(group, 1, #ARGV[2]) == ARGV[2] then
    local actors = ARGV[4] .. group
    if redis.call('ZREM', actors, ARGV[3]) == 1 then
      local newest = redis.call('ZRANGE', actors, -1, -1, 'WITHSCORES')
      if #newest == 0 then redis.call('ZREM', KEYS[1], group)
      else redis.call('ZADD', KEYS[1], newest[2], group) end
    end
  end
end
return 1
`);

/** KEYS: index, applied. ARGV: position, groupsPrefix, actorsPrefix. */
export const REMOVE_GROUPS = new LuaScript(`${ONCE_PER_USER}
if applied(KEYS[2], ARGV[1]) then return 0 end
for _, group in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(group, 1, #ARGV[2]) == ARGV[2] then
    redis.call('UNLINK', ARGV[3] .. group)
    redis.call('ZREM', KEYS[1], group)
  end
end
return 1
`);

export const WRITE_SCRIPTS = [ADD, REMOVE_ACTOR, REMOVE_GROUPS];
