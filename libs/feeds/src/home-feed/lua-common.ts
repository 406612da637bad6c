/**
 * Lua shared by the home feed's scripts (prepended to each). Members compare by their 19-digit id
 * prefix only, so no collation setting can bring punctuation or the author id into the order.
 */
export const LUA_COMMON = `
local function id_less(a, b)
  return string.sub(a, 1, 19) < string.sub(b, 1, 19)
end

-- Cuts the lowest k entries of a stored feed; returns the new floor: the higher of the old one
-- and the highest entry cut (the feed stays complete above its floor).
local function cut_lowest(feed, k, floor)
  local highest_cut = redis.call('ZRANGE', feed, k - 1, k - 1)[1]
  redis.call('ZREMRANGEBYRANK', feed, 0, k - 1)
  if floor == '' or id_less(floor, highest_cut) then return highest_cut end
  return floor
end

-- Lets a stored feed grow to cap + slack, then cuts it back to cap: one trim per slack inserts.
-- The floor's key is floor_prefix .. user, built only when needed (this is the fan-out's hot path).
local function trim_feed(feed, floor_prefix, user, cap, slack)
  local n = redis.call('ZCARD', feed)
  if n <= cap + slack then return end
  local floor_key = floor_prefix .. user
  local floor = redis.call('GET', floor_key)
  local new_floor = cut_lowest(feed, n - cap, floor or '')
  -- An absent floor marks an untrusted feed, which must stay untrusted.
  if floor then redis.call('SET', floor_key, new_floor) end
end
`;
