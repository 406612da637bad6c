import { LUA_COMMON } from '../lua-common';
import { RedisScript } from '../redis-script';

/**
 * The projection's Lua scripts. Each is atomic, so a reader's script never sees one half-done;
 * each is idempotent, so a batch applied again (the checkpoint is saved after the writes) leaves
 * the view as it was. Keys of followers' feeds are built inside the scripts from prefixes (ARGV):
 * fine on one Redis; a cluster would need hash tags per user and a fan-out per slot.
 */

/**
 * KEYS: posts(author), celebrities. ARGV: member, perAuthor, authorId.
 * Records the photo in the author's list (BEFORE any follower is looked at: see fanOutChunk).
 * Returns {rank among the author's photos (0 = newest), the photo this one pushed out of the recent
 * ones ('' if none), 1 if the author is a celebrity}.
 */
export const recordPost = new RedisScript(
  'home-feed:record-post',
  `
redis.call('ZADD', KEYS[1], 0, ARGV[1])
local m = tonumber(ARGV[2])
local rank = redis.call('ZREVRANK', KEYS[1], ARGV[1])
local pushed_out = redis.call('ZRANGE', KEYS[1], m, m, 'REV')[1] or ''
return {rank, pushed_out, redis.call('SISMEMBER', KEYS[2], ARGV[3])}
`,
);

/**
 * KEYS: posts(author), celebrities. ARGV: member, perAuthor, authorId.
 * Forgets the photo; returns {the photo that now becomes the author's M-th newest ('' if none),
 * 1 if the author is a celebrity}.
 */
export const removePost = new RedisScript(
  'home-feed:remove-post',
  `
redis.call('ZREM', KEYS[1], ARGV[1])
local m = tonumber(ARGV[2])
local refill = redis.call('ZRANGE', KEYS[1], m - 1, m - 1, 'REV')[1] or ''
return {refill, redis.call('SISMEMBER', KEYS[2], ARGV[3])}
`,
);

/**
 * KEYS: feed(user), floor(user). A newly registered user's feed is empty by definition: trust it
 * (floor ''), unless a feed or floor exists already (this event applied again after others).
 */
export const registerUser = new RedisScript(
  'home-feed:register-user',
  `
if redis.call('EXISTS', KEYS[1], KEYS[2]) == 0 then redis.call('SET', KEYS[2], '') end
return 1
`,
);

/**
 * KEYS: following(user), followers(followee), celebrities, posts(followee), feed(user),
 * floor(user), lastRead. ARGV: userId, followeeId, '1' follow | '0' unfollow, celebrityFollowers,
 * perAuthor, activeSince, capacity, trimSlack.
 * Updates both sets and the followee's celebrity flag (derived from SCARD, never counted), then
 * the user's feed: a follow backfills the followee's recent photos (active user) or drops the feed
 * (inactive: rebuilt on the next read); an unfollow removes them. Returns the followee's recent
 * photos when the followee just stopped being a celebrity (the caller backfills every follower),
 * else an empty list.
 */
export const changeFollow = new RedisScript(
  'home-feed:change-follow',
  `${LUA_COMMON}
local user, followee, follow = ARGV[1], ARGV[2], ARGV[3] == '1'
if follow then
  redis.call('SADD', KEYS[1], followee)
  redis.call('SADD', KEYS[2], user)
else
  redis.call('SREM', KEYS[1], followee)
  redis.call('SREM', KEYS[2], user)
end
local was_celebrity = redis.call('SISMEMBER', KEYS[3], followee) == 1
local is_celebrity = redis.call('SCARD', KEYS[2]) > tonumber(ARGV[4])
if is_celebrity then redis.call('SADD', KEYS[3], followee) else redis.call('SREM', KEYS[3], followee) end
local recent = redis.call('ZRANGE', KEYS[4], 0, tonumber(ARGV[5]) - 1, 'REV')
if #recent > 0 then
  if not follow then
    redis.call('ZREM', KEYS[5], unpack(recent))
  elseif not is_celebrity then
    local last_read = redis.call('ZSCORE', KEYS[7], user)
    if last_read and tonumber(last_read) >= tonumber(ARGV[6]) then
      local args = {}
      for i, member in ipairs(recent) do args[2 * i - 1] = 0; args[2 * i] = member end
      redis.call('ZADD', KEYS[5], unpack(args))
      trim_feed(KEYS[5], KEYS[6], '', tonumber(ARGV[7]), tonumber(ARGV[8]))
    else
      redis.call('DEL', KEYS[5], KEYS[6])
    end
  end
end
if was_celebrity and not is_celebrity then return recent end
return {}
`,
);

/**
 * KEYS: followers(author), lastRead. ARGV: feedPrefix, floorPrefix, authorId, SSCAN cursor,
 * chunk size, '1' to include the author, activeSince, capacity, trimSlack, number of members to
 * add, the members to add, then the members to remove.
 *
 * One chunk of a fan-out: the next followers from SSCAN (kept server side: no ids cross the
 * network), their last reads in one ZMSCORE, then per active follower: remove, add, trim. An
 * inactive follower's feed is dropped instead, so their next read rebuilds it.
 *
 * Race with a reader rebuilding their feed: the caller records the post in the author's list
 * BEFORE the first chunk runs, and a reader marks itself active and rebuilds in one script. So a
 * chunk either runs before the reader's script (inactive: the feed is dropped, and the rebuild sees
 * the recorded post) or after it (active: the post goes into the rebuilt feed). Checking activity
 * before recording the post would let a rebuild in between miss it for good.
 * Returns {next cursor ('0' = done), followers looked at, feeds written}.
 */
export const fanOutChunk = new RedisScript(
  'home-feed:fan-out-chunk',
  `${LUA_COMMON}
local scan = redis.call('SSCAN', KEYS[1], ARGV[4], 'COUNT', ARGV[5])
local targets = scan[2]
if ARGV[6] == '1' then targets[#targets + 1] = ARGV[3] end
if #targets == 0 then return {scan[1], 0, 0} end
local since, cap, slack = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local n_adds = tonumber(ARGV[10])
local adds, removes = {}, {}
for i = 1, n_adds do adds[2 * i - 1] = 0; adds[2 * i] = ARGV[10 + i] end
for i = 11 + n_adds, #ARGV do removes[#removes + 1] = ARGV[i] end
local last_reads = redis.call('ZMSCORE', KEYS[2], unpack(targets))
local written = 0
for i, user in ipairs(targets) do
  local feed = ARGV[1] .. user
  local last_read = last_reads[i]
  if last_read and tonumber(last_read) >= since then
    if #removes > 0 then redis.call('ZREM', feed, unpack(removes)) end
    if n_adds > 0 then
      redis.call('ZADD', feed, unpack(adds))
      trim_feed(feed, ARGV[2], user, cap, slack)
    end
    written = written + 1
  else
    redis.call('DEL', feed, ARGV[2] .. user)
  end
end
return {scan[1], #targets, written}
`,
);
