/**
 * The search feature's public module: what other features may use of it (the rule in
 * docs/architecture.md). The newsletter sends saved-search alerts with these.
 */
export {
  type AlertingSearch,
  alertingSearch,
  alertingSearches,
  newMatches,
  stopAlert,
} from './alert-source.ts';
export type { SearchItem, VideoAccessFn } from './service.ts';
