export { publishSiteData, type PublishOptions } from './publish.js';
export { MarkdownRenderer, loadGfm, type Heading, type RenderedMarkdown } from './markdown.js';
export { gateWords, duration, conditionWords, envelopeLines } from './words.js';
export { fileHistory, remoteWebUrl, webUrlOf, currentBranch } from './git.js';
export { listDownloads, DownloadsError } from './downloads.js';
export type * from './types.js';
