// The feeds rendering core: pure functions from releases to the bytes of feed files.
export { entryId, feedId, releaseIdFromEntryId } from './entry-id.ts';
export { type FeedContext } from './feed-context.ts';
export {
  archiveFileOwner,
  cacheControlFor,
  contentTypeFor,
  DIRECTORY_PATH,
  directoryPath,
  FEED_CACHE_CONTROL,
  feedFile,
  feedFilePaths,
  renderDirectoryFiles,
  renderFeedFiles,
  type FeedFile,
} from './feed-files.ts';
export { feedDescription, feedTitle } from './feed-titles.ts';
export { feedUrls, type FeedUrls } from './feed-urls.ts';
export { renderAtom } from './render-atom.ts';
export { renderDirectory, type DirectoryInput } from './render-directory.ts';
export { renderHtmlPage } from './render-html-page.ts';
export { renderJsonFeed } from './render-json-feed.ts';
export { renderRss } from './render-rss.ts';
export { resolveFeed, type EntryCategory, type FeedEntry, type ResolvedFeed } from './resolve-feed.ts';
