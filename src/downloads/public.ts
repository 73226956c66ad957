/**
 * The downloads feature's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file): the one video access rule,
 * download facts and panels for the catalogue's pages, and the file delivery clips send their files
 * through.
 */
export type { DeliverableFile, FileDelivery, HistoryTarget } from './deliver-file.ts';
export { authorise } from './delivery.ts';
export { type DownloadFacts, loadDownloadFacts, usageJson } from './facts.ts';
export { extensionOf } from './file-name.ts';
export { downloadPanels } from './panels.ts';
export { createDownloadsRepository } from './repository.ts';
export { type Viewer, viewerClass, viewerOf } from './video-access.ts';
export { videoAccess } from './video-access-facts.ts';
