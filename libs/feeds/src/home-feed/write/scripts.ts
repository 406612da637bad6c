import { LUA_COMMON } from '../lua-common';
import { RedisScript } from '../redis-script';

/**
 * The projection's Lua scripts. Each is atomic, so a reader's script never sees one half-done;
 * each is idempotent, so a batch applied again (the checkpoint is saved after the writes) leaves
 * the view as it was. Keys of followers' feeds are built inside the scripts from prefixes (ARGV):
 * fine on one Redis; a cluster would need hash tags per user and a fan-out per slot.
 *
 * One script per event, and a batch's scripts are sent as one pipeline (HomeFeedWriter). Each
 * event's script does all of that event's work, its fan-out included, as long as the author has at
 * most `fanOutChunk` followers (one script never writes more feeds than one chunk would). A bigger
 * fan-out STALLS the pipeline: the script records the event, sets the stall key to the pipeline's
 * token and hands the fan-out back; every later script of that pipeline sees the token and does
 * nothing ('skip'). The writer then fans out chunk by chunk (fanOutChunk) and sends the skipped
 * events again. So events are applied exactly in log order, each seeing the state the previous
 * left, as if sent one by one.
 *
 * Every event script answers {'skip'}, {'done', targets, written} (targets -1: no fan-out ran),
 * or {'fan-out', n, members to add (n of them)..., members to remove...}.
 */

const EVENT_LUA = `${LUA_COMMON}
-- The fan-out's inner loop, for one list of targets: their last reads in one ZMSCORE, then per
-- active target remove, add, trim; an inactive target's feed is dropped (rebuilt on its next read),
-- many per DEL (most of a fan-out's targets are inactive: one call each was a third of its calls).
local function write_feeds(targets, last_read_key, feed_prefix, floor_prefix, since, cap, slack, adds, n_adds, removes)
  local last_reads = redis.call('ZMSCORE', last_read_key, unpack(targets))
  local written = 0
  local dropped = {}
  for i, user in ipairs(targets) do
    local feed = feed_prefix .. user
    local last_read = last_reads[i]
    if last_read and tonumber(last_read) >= since then
      if #removes > 0 then redis.call('ZREM', feed, unpack(removes)) end
      if n_adds > 0 then
        redis.call('ZADD', feed, unpack(adds))
        trim_feed(feed, floor_prefix, user, cap, slack)
      end
      written = written + 1
    else
      dropped[#dropped + 1] = feed
      dropped[#dropped + 1] = floor_prefix .. user
      if #dropped >= 1000 then
        redis.call('DEL', unpack(dropped))
        dropped = {}
      end
    end
  end
  if #dropped > 0 then redis.call('DEL', unpack(dropped)) end
  return written
end

-- f: {followers_key, last_read_key, stall_key, token, author, feed_prefix, floor_prefix, since,
-- cap, slack, inline_max}. The change to every follower's feed and the author's: done here when
-- the followers fit in one chunk, else the pipeline stalls and the change is handed back.
local function fan_out(f, add_members, remove_members)
  if #add_members == 0 and #remove_members == 0 then return {'done', -1, 0} end
  if redis.call('SCARD', f.followers_key) > f.inline_max then
    redis.call('SET', f.stall_key, f.token, 'PX', 600000)
    local out = {'fan-out', #add_members}
    for _, m in ipairs(add_members) do out[#out + 1] = m end
    for _, m in ipairs(remove_members) do out[#out + 1] = m end
    return out
  end
  local targets = redis.call('SMEMBERS', f.followers_key)
  targets[#targets + 1] = f.author
  local adds = {}
  for i, m in ipairs(add_members) do adds[2 * i - 1] = 0; adds[2 * i] = m end
  local written = write_feeds(targets, f.last_read_key, f.feed_prefix, f.floor_prefix, f.since,
    f.cap, f.slack, adds, #add_members, remove_members)
  return {'done', #targets, written}
end

-- The fan-out settings every event script takes first: KEYS[1..3] followers(author), lastRead,
-- stall; ARGV[1..8] token, author, feedPrefix, floorPrefix, activeSince, capacity, trimSlack,
-- fanOutChunk (inline_max).
local function settings()
  return {
    followers_key = KEYS[1], last_read_key = KEYS[2], stall_key = KEYS[3],
    token = ARGV[1], author = ARGV[2], feed_prefix = ARGV[3], floor_prefix = ARGV[4],
    since = tonumber(ARGV[5]), cap = tonumber(ARGV[6]), slack = tonumber(ARGV[7]),
    inline_max = tonumber(ARGV[8])
  }
end

local function stalled(stall_key, token)
  return redis.call('GET', stall_key) == token
end
`;

/**
 * KEYS: followers(author), lastRead, stall, posts(author), celebrities.
 * ARGV: the fan-out settings (token, authorId, ... fanOutChunk), member, perAuthor.
 * Records the photo in the author's list BEFORE any follower is looked at (see fanOutChunk), then
 * fans it out (and the photo it pushed out of the author's recent ones out), unless the author is
 * a celebrity (merged at read time) or the photo is not among the author's recent ones (this
 * event applied again after newer posts).
 */
export const postPhoto = new RedisScript(
  'home-feed:post-photo',
  `${EVENT_LUA}
local f = settings()
if stalled(f.stall_key, f.token) then return {'skip'} end
local member, m = ARGV[9], tonumber(ARGV[10])
redis.call('ZADD', KEYS[4], 0, member)
local rank = redis.call('ZREVRANK', KEYS[4], member)
local pushed_out = redis.call('ZRANGE', KEYS[4], m, m, 'REV')[1]
if redis.call('SISMEMBER', KEYS[5], f.author) == 1 or rank >= m then return {'done', -1, 0} end
return fan_out(f, {member}, pushed_out and {pushed_out} or {})
`,
);

/**
 * KEYS: followers(author), lastRead, stall, posts(author), celebrities.
 * ARGV: the fan-out settings, member, perAuthor.
 * Forgets the photo and fans out its removal, with the photo that now becomes the author's M-th
 * newest (added whether or not the deleted photo was among the recent ones: it always belongs, and
 * re-adding is a no-op). A celebrity's deletes are not fanned out: their photos are read from
 * their own list, and stored copies from before they became one are never shown and age out.
 */
export const deletePhoto = new RedisScript(
  'home-feed:delete-photo',
  `${EVENT_LUA}
local f = settings()
if stalled(f.stall_key, f.token) then return {'skip'} end
local member, m = ARGV[9], tonumber(ARGV[10])
redis.call('ZREM', KEYS[4], member)
local refill = redis.call('ZRANGE', KEYS[4], m - 1, m - 1, 'REV')[1]
if redis.call('SISMEMBER', KEYS[5], f.author) == 1 then return {'done', -1, 0} end
return fan_out(f, refill and {refill} or {}, {member})
`,
);

/**
 * KEYS: feed(user), floor(user), stall. ARGV: token.
 * A newly registered user's feed is empty by definition: trust it (floor ''), unless a feed or
 * floor exists already (this event applied again after others).
 */
export const registerUser = new RedisScript(
  'home-feed:register-user',
  `
if redis.call('GET', KEYS[3]) == ARGV[1] then return {'skip'} end
if redis.call('EXISTS', KEYS[1], KEYS[2]) == 0 then redis.call('SET', KEYS[2], '') end
return {'done', -1, 0}
`,
);

/**
 * KEYS: followers(followee), lastRead, stall, following(user), celebrities, posts(followee),
 * feed(user), floor(user).
 * ARGV: the fan-out settings with the FOLLOWEE as author, userId, '1' follow | '0' unfollow,
 * celebrityFollowers, perAuthor.
 * Updates both sets and the followee's celebrity flag (derived from SCARD, never counted), then
 * the user's feed: a follow backfills the followee's recent photos (active user) or drops the feed
 * (inactive: rebuilt on the next read); an unfollow removes them. When the followee just stopped
 * being a celebrity, nothing merges their photos in any more: every follower gets them (becoming
 * one needs nothing: the reader takes a celebrity's photos from their own list).
 */
export const changeFollow = new RedisScript(
  'home-feed:change-follow',
  `${EVENT_LUA}
local f = settings()
if stalled(f.stall_key, f.token) then return {'skip'} end
local user, followee, follow = ARGV[9], f.author, ARGV[10] == '1'
if follow then
  redis.call('SADD', KEYS[4], followee)
  redis.call('SADD', KEYS[1], user)
else
  redis.call('SREM', KEYS[4], followee)
  redis.call('SREM', KEYS[1], user)
end
local was_celebrity = redis.call('SISMEMBER', KEYS[5], followee) == 1
local is_celebrity = redis.call('SCARD', KEYS[1]) > tonumber(ARGV[11])
if is_celebrity then redis.call('SADD', KEYS[5], followee) else redis.call('SREM', KEYS[5], followee) end
local recent = redis.call('ZRANGE', KEYS[6], 0, tonumber(ARGV[12]) - 1, 'REV')
if #recent > 0 then
  if not follow then
    redis.call('ZREM', KEYS[7], unpack(recent))
  elseif not is_celebrity then
    local last_read = redis.call('ZSCORE', f.last_read_key, user)
    if last_read and tonumber(last_read) >= f.since then
      local args = {}
      for i, member in ipairs(recent) do args[2 * i - 1] = 0; args[2 * i] = member end
      redis.call('ZADD', KEYS[7], unpack(args))
      trim_feed(KEYS[7], KEYS[8], '', f.cap, f.slack)
    else
      redis.call('DEL', KEYS[7], KEYS[8])
    end
  end
end
if was_celebrity and not is_celebrity then return fan_out(f, recent, {}) end
return {'done', -1, 0}
`,
);

/** Every script a pipeline may run, to load them all at once (NOSCRIPT). */
export const EVENT_SCRIPTS = [postPhoto, deletePhoto, registerUser, changeFollow];

/**
 * KEYS: followers(author), lastRead. ARGV: feedPrefix, floorPrefix, authorId, SSCAN cursor,
 * chunk size, '1' to include the author, activeSince, capacity, trimSlack, number of members to
 * add, the members to add, then the members to remove.
 *
 * One chunk of a fan-out too big for one event script: the next followers from SSCAN (kept server
 * side: no ids cross the network), then write_feeds for them.
 *
 * Race with a reader rebuilding their feed: the event's script records the post in the author's
 * list BEFORE the first chunk runs, and a reader marks itself active and rebuilds in one script.
 * So a chunk either runs before the reader's script (inactive: the feed is dropped, and the
 * rebuild sees the recorded post) or after it (active: the post goes into the rebuilt feed).
 * Checking activity before recording the post would let a rebuild in between miss it for good.
 * Returns {next cursor ('0' = done), followers looked at, feeds written}.
 */
export const fanOutChunk = new RedisScript(
  'home-feed:fan-out-chunk',
  `${EVENT_LUA}
local scan = redis.call('SSCAN', KEYS[1], ARGV[4], 'COUNT', ARGV[5])
local targets = scan[2]
if ARGV[6] == '1' then targets[#targets + 1] = ARGV[3] end
if #targets == 0 then return {scan[1], 0, 0} end
local n_adds = tonumber(ARGV[10])
local adds, removes = {}, {}
for i = 1, n_adds do adds[2 * i - 1] = 0; adds[2 * i] = ARGV[10 + i] end
for i = 11 + n_adds, #ARGV do removes[#removes + 1] = ARGV[i] end
local written = write_feeds(targets, KEYS[2], ARGV[1], ARGV[2], tonumber(ARGV[7]),
  tonumber(ARGV[8]), tonumber(ARGV[9]), adds, n_adds, removes)
return {scan[1], #targets, written}
`,
);
