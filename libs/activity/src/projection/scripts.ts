import { LuaScript } from '../lua';

/**
 * The projection's writes: one Lua script call applies, in log order, every op of a batch for one
 * user (a few hundred at most per call), so each op is atomic and a batch is one pipelined round
 * trip with one call per user it touches (all of a user's keys share the user's hash tag: one
 * cluster slot per call).
 *
 * The view itself is built only from the log: actors are sorted-set members scored by their own
 * event time (ZADD overwrites), a group's time is recomputed from its actors (never incremented),
 * counts are ZCARDs. Those writes alone could be re-applied safely; trimming could not: which
 * groups are dropped (beyond `maxGroups`) depends on what is there when it runs, and re-applying
 * an old like re-creates a group that a later unlike had emptied, pushing the count over the limit
 * and dropping a group that should stay (the randomized test in activity-handle.int.spec.ts found
 * exactly that). So every user also keeps the log position of the last event applied to them, and
 * each op is skipped when its event is at or before it: re-applying any suffix of the log is then
 * a no-op, trims included. Positions come in log order (the runner reads the log in order), and a
 * rebuild under a new prefix starts with none.
 */

const OPS_LUA = `
-- Whether position comes after last, byte by byte: both are positionStamp()s, whose byte order is
-- the log's (no strcoll, whose order depends on the server's locale).
local function after(position, last)
  for i = 1, #position do
    local a, b = string.byte(position, i), string.byte(last, i)
    if a ~= b then return a > b end
  end
  return false
end

local function add(index, actors_prefix, group, actor, at_ms, max_groups, max_actors)
  local actors = actors_prefix .. group
  local new_group
  if redis.call('ZADD', actors, at_ms, actor) == 1 then
    local n = redis.call('ZCARD', actors)
    if n > max_actors then redis.call('ZREMRANGEBYRANK', actors, 0, n - max_actors - 1) end
    -- A group's time is its newest actor's: with one actor more, the later of the two (GT).
    new_group = redis.call('ZADD', index, 'GT', at_ms, group) == 1
  else
    -- The same actor again, maybe at an earlier time than before: read the newest back.
    local newest = redis.call('ZRANGE', actors, -1, -1, 'WITHSCORES')
    new_group = redis.call('ZADD', index, newest[2], group) == 1
  end
  -- An existing group changes no count: the index is within max_groups since its last trim.
  if not new_group then return end
  local groups = redis.call('ZCARD', index)
  if groups > max_groups then
    for _, old in ipairs(redis.call('ZRANGE', index, 0, groups - max_groups - 1)) do
      redis.call('UNLINK', actors_prefix .. old)
      redis.call('ZREM', index, old)
    end
  end
end

local function remove_actor(index, actors_prefix, groups_prefix, actor)
  for _, group in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    if string.find(group, groups_prefix, 1, true) == 1 then
      local actors = actors_prefix .. group
      if redis.call('ZREM', actors, actor) == 1 then
        local newest = redis.call('ZRANGE', actors, -1, -1, 'WITHSCORES')
        if #newest == 0 then redis.call('ZREM', index, group)
        else redis.call('ZADD', index, newest[2], group) end
      end
    end
  end
end

local function remove_groups(index, actors_prefix, groups_prefix)
  for _, group in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    if string.find(group, groups_prefix, 1, true) == 1 then
      redis.call('UNLINK', actors_prefix .. group)
      redis.call('ZREM', index, group)
    end
  end
end
`;

/**
 * KEYS: index, applied. ARGV: maxGroups, maxActors, actorsPrefix, ops: one line per op, five
 * fields separated by single spaces: kind ('a' add | 'r' remove actor | 'g' remove groups),
 * position, group ('a') or groups prefix, actor ('-' for 'g'), atMs ('-' unless 'a'). One argument
 * rather than five per op: each argument costs the client and Redis an object of its own, and no
 * field can hold a space (ids, digits, group ids). Returns how many ops were applied (not skipped).
 */
export const APPLY_OPS = new LuaScript(`${OPS_LUA}
local index, applied_key = KEYS[1], KEYS[2]
local max_groups, max_actors, actors_prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local last = redis.call('GET', applied_key)
-- Ops come in log order, so once one is past the user's last position every later one is too
-- (unless it shares the position just applied): the byte-wise comparison runs until then only.
local passed = not last
local applied = 0
for kind, position, target, actor, at_ms in string.gmatch(ARGV[4], '(%S+) (%S+) (%S+) (%S+) (%S+)\\n') do
  if (passed and position ~= last) or (not passed and after(position, last)) then
    passed = true
    last = position
    applied = applied + 1
    if kind == 'a' then
      add(index, actors_prefix, target, actor, at_ms, max_groups, max_actors)
    elseif kind == 'r' then
      remove_actor(index, actors_prefix, target, actor)
    else
      remove_groups(index, actors_prefix, target)
    end
  end
end
if applied > 0 then redis.call('SET', applied_key, last) end
return applied
`);

export const WRITE_SCRIPTS = [APPLY_OPS];
