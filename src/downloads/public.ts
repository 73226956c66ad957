/**
 * The downloads feature's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file): the one video access rule,
 * download facts and panels for the catalogue's pages, the file delivery clips send their files
 * through (with the history) and the stored-file sender under it (audio: Range, ETag, nginx offload,
 * no history). What needs the catalogue's stories (the access rule, authorising a download) is bound
 * by `createDownloads` and handed to other features by the composition root.
 */
export type { DeliverableFile, FileDelivery, HistoryTarget } from './deliver-file.ts';
export type { DownloadAuthorisation } from './delivery.ts';
export { type DownloadFacts, loadDownloadFacts, usageJson } from './facts.ts';
export { extensionOf } from './file-name.ts';
export { downloadPanels } from './panels.ts';
export { createDownloadsRepository } from './repository.ts';
export type { StoredFileSender, StoredFileToSend } from './send-stored-file.ts';
export type { DownloadStories } from './stories.ts';
export { type VideoAccess, type Viewer, viewerClass, viewerOf } from './video-access.ts';
export type { VideoAccessFn } from './video-access-facts.ts';
