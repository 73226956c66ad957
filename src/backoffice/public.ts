/**
 * The back office's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file).
 */

export { backofficeAccess } from './access.ts';
export { backofficePageAllowed } from './page-guard.ts';
export { apiAccess } from './routes-api.ts';
export { type BackofficeTab, backofficeTabs } from './tabs.ts';
export { forbiddenView } from './views.ts';
