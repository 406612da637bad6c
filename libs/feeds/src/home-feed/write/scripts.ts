import { LUA_COMMON } from '../lua-common';
import { RedisScript } from '../redis-script';

/**
 * The projection's Lua scripts. Each call is atomic, so a reader's script never sees an event
 * half-done; each event's writes are idempotent, so a batch applied again (the checkpoint is saved
 * after the writes) leaves the view as it was. Keys are built inside the scripts from prefixes
 * (ARGV): fine on one Redis; a cluster would need hash tags per user and a fan-out per slot.
 *
 * `applyEvents` takes a run of events and applies them one after the other, each seeing the state
 * the previous left, each with its whole fan-out, as long as the author has at most `fanOutChunk`
 * followers; HomeFeedWriter sends a batch's runs as one pipeline. A call stops early, so that it
 * never keeps Redis long, when:
 * - an author has more followers than that: the call records the event, and hands its fan-out back
 *   ('fan-out') for the writer to do chunk by chunk (fanOutChunk);
 * - the feeds it wrote reach its budget ('partial').
 * Either way it sets the stall key to the pipeline's token, so every later call of the pipeline
 * does nothing ('skip'), and the writer sends the events after the stop again. Events are thus
 * applied exactly in log order, as if sent one by one.
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
`;

/** The events' own work, as functions of the settings `s` (see applyEvents). */
const APPLY_LUA = `${EVENT_LUA}
-- The change to the feeds of every follower of author, and the author's own. Returns the feeds
-- looked at and written, or, when the followers do not fit one chunk, the change to hand back.
local function fan_out(s, author, add_members, remove_members)
  if #add_members == 0 and #remove_members == 0 then return nil end
  local followers = s.followers .. author
  if redis.call('SCARD', followers) > s.inline_max then
    return {big = true, add = add_members, remove = remove_members}
  end
  local targets = redis.call('SMEMBERS', followers)
  targets[#targets + 1] = author
  local adds = {}
  for i, m in ipairs(add_members) do adds[2 * i - 1] = 0; adds[2 * i] = m end
  local written = write_feeds(targets, s.last_read, s.feed, s.floor, s.since, s.cap, s.slack,
    adds, #add_members, remove_members)
  return {targets = #targets, written = written}
end

-- A newly registered user's feed is empty by definition: trust it (floor ''), unless a feed or
-- floor exists already (this event applied again after others).
local function register(s, user)
  local feed, floor = s.feed .. user, s.floor .. user
  if redis.call('EXISTS', feed, floor) == 0 then redis.call('SET', floor, '') end
  return nil
end

-- Records the photo in the author's list BEFORE any follower is looked at (see fanOutChunk), then
-- fans it out (and the photo it pushed out of the author's recent ones out), unless the author is
-- a celebrity (merged at read time) or the photo is not among the author's recent ones (this
-- event applied again after newer posts).
local function post(s, author, member)
  local posts = s.posts .. author
  redis.call('ZADD', posts, 0, member)
  local rank = redis.call('ZREVRANK', posts, member)
  local pushed_out = redis.call('ZRANGE', posts, s.per_author, s.per_author, 'REV')[1]
  if redis.call('SISMEMBER', s.celebrities, author) == 1 or rank >= s.per_author then return nil end
  return fan_out(s, author, {member}, pushed_out and {pushed_out} or {})
end

-- Forgets the photo and fans out its removal, with the photo that now becomes the author's M-th
-- newest (added whether or not the deleted photo was among the recent ones: it always belongs,
-- and re-adding is a no-op). A celebrity's deletes are not fanned out: their photos are read from
-- their own list, and stored copies from before they became one are never shown and age out.
local function delete(s, author, member)
  local posts = s.posts .. author
  redis.call('ZREM', posts, member)
  local refill = redis.call('ZRANGE', posts, s.per_author - 1, s.per_author - 1, 'REV')[1]
  if redis.call('SISMEMBER', s.celebrities, author) == 1 then return nil end
  return fan_out(s, author, refill and {refill} or {}, {member})
end

-- Updates both sets and the followee's celebrity flag (derived from SCARD, never counted), then
-- the user's feed: a follow backfills the followee's recent photos (active user) or drops the feed
-- (inactive: rebuilt on the next read); an unfollow removes them. When the followee just stopped
-- being a celebrity, nothing merges their photos in any more: every follower gets them (becoming
-- one needs nothing: the reader takes a celebrity's photos from their own list).
local function change_follow(s, user, followee, follow)
  local following, followers = s.following .. user, s.followers .. followee
  local feed, floor = s.feed .. user, s.floor .. user
  if follow then
    redis.call('SADD', following, followee)
    redis.call('SADD', followers, user)
  else
    redis.call('SREM', following, followee)
    redis.call('SREM', followers, user)
  end
  local was_celebrity = redis.call('SISMEMBER', s.celebrities, followee) == 1
  local is_celebrity = redis.call('SCARD', followers) > s.celebrity_followers
  if is_celebrity and not was_celebrity then redis.call('SADD', s.celebrities, followee)
  elseif was_celebrity and not is_celebrity then redis.call('SREM', s.celebrities, followee) end
  local recent = redis.call('ZRANGE', s.posts .. followee, 0, s.per_author - 1, 'REV')
  if #recent > 0 then
    if not follow then
      redis.call('ZREM', feed, unpack(recent))
    elseif not is_celebrity then
      local last_read = redis.call('ZSCORE', s.last_read, user)
      if last_read and tonumber(last_read) >= s.since then
        local args = {}
        for i, member in ipairs(recent) do args[2 * i - 1] = 0; args[2 * i] = member end
        redis.call('ZADD', feed, unpack(args))
        trim_feed(feed, floor, '', s.cap, s.slack)
      else
        redis.call('DEL', feed, floor)
      end
    end
  end
  if was_celebrity and not is_celebrity then return fan_out(s, followee, recent, {}) end
  return nil
end
`;

/**
 * KEYS: stall. ARGV: token, then the prefixes of feed, floor, posts, followers and following keys,
 * the celebrities and last-read keys, activeSince, capacity, trimSlack, fanOutChunk, perAuthor,
 * celebrityFollowers, the call's budget of feeds, then the events: one line per event, three
 * fields separated by single spaces: kind ('r' registered, 'p' posted, 'd' deleted, 'f' followed,
 * 'u' unfollowed) and two ids (user '-' | author member | follower followee). One argument rather
 * than three per event: each argument costs the client and Redis an object of its own.
 *
 * Answers {'skip'} (a call before it stopped), or {status, events applied, fan-outs done, handed
 * back}: status 'done' (all of them), 'partial' (budget reached) or 'fan-out' (the last event
 * applied needs the fan-out handed back: {number of members to add, to add..., to remove...});
 * fan-outs done are (event number, feeds looked at, feeds written) triples, for reports.
 */
export const applyEvents = new RedisScript(
  'home-feed:apply-events',
  `${APPLY_LUA}
local token = ARGV[1]
if redis.call('GET', KEYS[1]) == token then return {'skip'} end
local s = {
  feed = ARGV[2], floor = ARGV[3], posts = ARGV[4], followers = ARGV[5], following = ARGV[6],
  celebrities = ARGV[7], last_read = ARGV[8], since = tonumber(ARGV[9]), cap = tonumber(ARGV[10]),
  slack = tonumber(ARGV[11]), inline_max = tonumber(ARGV[12]), per_author = tonumber(ARGV[13]),
  celebrity_followers = tonumber(ARGV[14])
}
local budget = tonumber(ARGV[15])
local reports, work, n = {}, 0, 0
local function stop(status, handed_back)
  redis.call('SET', KEYS[1], token, 'PX', 600000)
  return {status, n, reports, handed_back}
end
for kind, a, b in string.gmatch(ARGV[16], '(%S+) (%S+) (%S+)\\n') do
  if n > 0 and work >= budget then return stop('partial', {}) end
  n = n + 1
  local result
  if kind == 'p' then result = post(s, a, b)
  elseif kind == 'd' then result = delete(s, a, b)
  elseif kind == 'f' then result = change_follow(s, a, b, true)
  elseif kind == 'u' then result = change_follow(s, a, b, false)
  else result = register(s, a) end
  work = work + 1
  if result and result.big then
    local out = {#result.add}
    for _, m in ipairs(result.add) do out[#out + 1] = m end
    for _, m in ipairs(result.remove) do out[#out + 1] = m end
    return stop('fan-out', out)
  end
  if result then
    reports[#reports + 1] = n
    reports[#reports + 1] = result.targets
    reports[#reports + 1] = result.written
    work = work + result.targets
  end
end
return {'done', n, reports, {}}
`,
);

/**
 * KEYS: followers(author), lastRead. ARGV: feedPrefix, floorPrefix, authorId, SSCAN cursor,
 * chunk size, '1' to include the author, activeSince, capacity, trimSlack, number of members to
 * add, the members to add, then the members to remove.
 *
 * One chunk of a fan-out too big for one call of applyEvents: the next followers from SSCAN (kept
 * server side: no ids cross the network), then write_feeds for them.
 *
 * Race with a reader rebuilding their feed: applyEvents records the post in the author's list
 * BEFORE the first chunk runs, and a reader marks itself active and rebuilds in one script. So a
 * chunk either runs before the reader's script (inactive: the feed is dropped, and the rebuild sees
 * the recorded post) or after it (active: the post goes into the rebuilt feed). Checking activity
 * before recording the post would let a rebuild in between miss it for good.
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
