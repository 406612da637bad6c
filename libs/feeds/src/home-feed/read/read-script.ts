import { LUA_COMMON } from '../lua-common';
import { RedisScript } from '../redis-script';

/**
 * KEYS: feed(user), floor(user), following(user), celebrities, lastRead.
 * ARGV: userId, now, cursor ('' or the 19-digit id to read below), how many entries, perAuthor,
 * capacity, trimSlack, postsPrefix.
 *
 * One round trip per page:
 * 1. Marks the reader active, BEFORE anything else: a fan-out chunk runs wholly before this script
 *    (it saw the reader inactive and dropped the feed, so step 2 rebuilds it from the authors'
 *    lists, where the post was recorded before that chunk ran) or wholly after (it sees the reader
 *    active and writes into the feed built here). Were the mark after the rebuild, in another call,
 *    a chunk in between would drop the new feed and this page would be served from nothing.
 * 2. Rebuilds the stored feed if it is not trusted (no floor: never built, or dropped by a fan-out
 *    that skipped its inactive owner), from the following set and each author's newest photos.
 * 3. Walks the stored feed down from the cursor, keeping only entries that are valid now (author
 *    followed or the reader, not a celebrity, photo among the author's recent ones): stale copies,
 *    e.g. of an author who became a celebrity, are never shown. If the walk reaches the floor
 *    before it has enough, entries below may be missing (the feed was trimmed, then lost entries to
 *    deletes or unfollows): rebuild once and walk again.
 * 4. Takes the recent photos of the celebrities followed (and the reader's own, if one) below the
 *    cursor.
 * Returns {'' | 'untrusted' | 'floor' (why it rebuilt), stored entries, celebrities' entries};
 * the caller merges the two lists.
 */
export const readHomeFeed = new RedisScript(
  'home-feed:read',
  `${LUA_COMMON}
local feed, floor_key, following, celebrities = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local user, cursor, need = ARGV[1], ARGV[3], tonumber(ARGV[4])
local m, cap, slack, posts_prefix = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local max = '+'
if cursor ~= '' then max = '(' .. cursor end

redis.call('ZADD', KEYS[5], 'GT', ARGV[2], user)

local function is_celebrity(author)
  return redis.call('SISMEMBER', celebrities, author) == 1
end

local function rebuild()
  redis.call('DEL', feed)
  local authors = redis.call('SMEMBERS', following)
  authors[#authors + 1] = user
  local floor = ''
  for _, author in ipairs(authors) do
    if not is_celebrity(author) then
      local recent = redis.call('ZRANGE', posts_prefix .. author, 0, m - 1, 'REV')
      -- Once the feed holds cap entries, an entry below its lowest can never make the top cap.
      local lowest = nil
      if redis.call('ZCARD', feed) >= cap then lowest = redis.call('ZRANGE', feed, 0, 0)[1] end
      local args = {}
      for _, member in ipairs(recent) do
        if lowest and id_less(member, lowest) then
          if floor == '' or id_less(floor, member) then floor = member end
          break
        end
        args[#args + 1] = 0
        args[#args + 1] = member
      end
      if #args > 0 then redis.call('ZADD', feed, unpack(args)) end
      local n = redis.call('ZCARD', feed)
      if n > cap + slack then floor = cut_lowest(feed, n - cap, floor) end
    end
  end
  local n = redis.call('ZCARD', feed)
  if n > cap then floor = cut_lowest(feed, n - cap, floor) end
  redis.call('SET', floor_key, floor)
  return floor
end

-- Whether an author's entries may show: followed (or the reader) and not a celebrity. Decided for
-- all new authors of a batch at once: two SMISMEMBER calls, not two SISMEMBER calls per author.
local author_ok = {}
local function check_authors(entries)
  local fresh, seen = {}, {}
  for _, member in ipairs(entries) do
    local author = string.sub(member, 21)
    if author_ok[author] == nil and not seen[author] then
      seen[author] = true
      fresh[#fresh + 1] = author
    end
  end
  if #fresh == 0 then return end
  local followed = redis.call('SMISMEMBER', following, unpack(fresh))
  local celebrity = redis.call('SMISMEMBER', celebrities, unpack(fresh))
  for i, author in ipairs(fresh) do
    author_ok[author] = (author == user or followed[i] == 1) and celebrity[i] == 0
  end
end

local function valid(member)
  local author = string.sub(member, 21)
  if not author_ok[author] then return false end
  local rank = redis.call('ZREVRANK', posts_prefix .. author, member)
  return rank ~= false and rank ~= nil and rank < m
end

-- Returns the valid entries below the cursor, down to the floor, at most need; and whether the
-- walk stopped at the floor short of need.
local function walk(floor)
  local min = '-'
  if floor ~= '' then min = '(' .. floor end
  local found, from = {}, max
  local batch = math.max(need, 16)
  while true do
    local entries = redis.call('ZRANGE', feed, from, min, 'BYLEX', 'REV', 'LIMIT', 0, batch)
    check_authors(entries)
    for _, member in ipairs(entries) do
      if valid(member) then
        found[#found + 1] = member
        if #found >= need then return found, false end
      end
    end
    if #entries < batch then return found, floor ~= '' end
    from = '(' .. entries[#entries]
  end
end

local reason = ''
local floor = redis.call('GET', floor_key)
if not floor then
  floor = rebuild()
  reason = 'untrusted'
end
local stored, short = walk(floor)
if short and reason == '' then
  floor = rebuild()
  reason = 'floor'
  stored = walk(floor)
end

local merged = {}
local celebs = redis.call('SINTER', following, celebrities)
if is_celebrity(user) then celebs[#celebs + 1] = user end
for _, author in ipairs(celebs) do
  local posts = posts_prefix .. author
  local oldest_recent = redis.call('ZRANGE', posts, m - 1, m - 1, 'REV')[1]
  local min = '-'
  if oldest_recent then min = '[' .. oldest_recent end
  local entries = redis.call('ZRANGE', posts, max, min, 'BYLEX', 'REV', 'LIMIT', 0, need)
  for _, member in ipairs(entries) do merged[#merged + 1] = member end
end
return {reason, stored, merged}
`,
);
