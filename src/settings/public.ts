/**
 * The settings feature's public module: what other features may use of it (a feature imports another
 * only through this file). Other features read the settings through the identity the composition root
 * hands them (web/identity.ts), not through this module; it names the types and the pure checks.
 */

export { contrastRatio, MIN_CONTRAST, weakestContrast } from './contrast.ts';
export type { Settings } from './module.ts';
export type { SettingsChange, StoredSettings } from './values.ts';
