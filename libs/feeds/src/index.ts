export {
  HOME_FEED_DEFAULTS,
  type FanOutChunkReport,
  type HomeFeedOptions,
} from './home-feed/options';
export { decodeMember, encodeMember, HomeFeedKeys, type FeedEntry } from './home-feed/keys';
export { homeFeedProjection, HOME_FEED_EVENT_TYPES } from './home-feed/write/home-feed-projection';
export {
  HomeFeedReader,
  type HomeFeedPageRequest,
  type HomeFeedReaderOptions,
  type RebuildReason,
} from './home-feed/read/home-feed-reader';
export {
  ReferenceHomeFeed,
  type HomeFeedSourceEvent,
} from './home-feed/reference/reference-home-feed';
