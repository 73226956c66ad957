/**
 * The institution's identity in both languages: the portal's name (page titles, header, feeds, mail
 * sender and signature) and the institution's name and short name (footer, the default credit of its
 * own videos), from the environment (docs/configuration.md), overridden by what an admin stored in
 * the portal's settings (src/settings: tagline, logo, primary colour, contact address too) through
 * `withSettings`. Pure: parsing, merging and wording only.
 */
import { type Lang, type Translator, translate } from './i18n/index.ts';

export interface Identity {
  /** SITE_NAME_FR / SITE_NAME_EN: the portal's name. */
  readonly siteName: Readonly<Record<Lang, string>>;
  /** INSTITUTION_NAME_FR / INSTITUTION_NAME_EN: the institution that runs it. */
  readonly institution: Readonly<Record<Lang, string>>;
  /** INSTITUTION_SHORT_FR / INSTITUTION_SHORT_EN: its acronym or short name (credits). */
  readonly institutionShort: Readonly<Record<Lang, string>>;
  /** The tagline under the name (settings); the core message `site.tagline` when absent. */
  readonly tagline?: Readonly<Partial<Record<Lang, string>>>;
  /** The logo the header shows beside the name (settings), served by the settings feature. */
  readonly logo?: { readonly url: string; readonly width: number; readonly height: number } | null;
  /** A stylesheet setting the primary colour (`--brand`) after site.css (settings). */
  readonly themeUrl?: string | null;
  /** The address the footer offers for contact (settings). */
  readonly contactEmail?: string | null;
}

/** What the portal's settings override (src/settings gives it; absent or empty: the configuration). */
export interface IdentitySettings {
  name?: Partial<Record<Lang, string>>;
  institution?: Partial<Record<Lang, string>>;
  /** One short name for both languages. */
  shortName?: string;
  tagline?: Partial<Record<Lang, string>>;
  logo?: { url: string; width: number; height: number } | null;
  themeUrl?: string | null;
  contactEmail?: string | null;
}

/** The demo's fictional institution (every name invented). */
export const DEFAULT_IDENTITY: Identity = {
  siteName: { fr: 'Portail Médias', en: 'Media Portal' },
  institution: { fr: 'Union des États côtiers', en: 'Union of Coastal States' },
  institutionShort: { fr: 'UEC', en: 'UCS' },
};

export class IdentityError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const MAX_LENGTH = 120;

function pair(env: Env, prefix: string, fallback: Readonly<Record<Lang, string>>): Record<Lang, string> {
  const out = { fr: fallback.fr, en: fallback.en };
  for (const lang of ['fr', 'en'] as const) {
    const variable = `${prefix}_${lang.toUpperCase()}`;
    const raw = env[variable]?.trim();
    if (!raw) continue;
    // Names reach headers (mail From) and pages: one line of printable text.
    if (raw.length > MAX_LENGTH || /[\p{Cc}<>"]/u.test(raw))
      throw new IdentityError(variable, `must be one line of at most ${MAX_LENGTH} characters without < > "`);
    out[lang] = raw;
  }
  // One language set alone serves both (a portal named the same in both).
  const setFr = Boolean(env[`${prefix}_FR`]?.trim());
  const setEn = Boolean(env[`${prefix}_EN`]?.trim());
  if (setFr && !setEn) out.en = out.fr;
  if (setEn && !setFr) out.fr = out.en;
  return out;
}

export function parseIdentity(env: Env): Identity {
  return {
    siteName: pair(env, 'SITE_NAME', DEFAULT_IDENTITY.siteName),
    institution: pair(env, 'INSTITUTION_NAME', DEFAULT_IDENTITY.institution),
    institutionShort: pair(env, 'INSTITUTION_SHORT', DEFAULT_IDENTITY.institutionShort),
  };
}

/** The configuration's identity with the stored settings over it, language by language. */
export function withSettings(base: Identity, settings: IdentitySettings): Identity {
  const over = (pair: Readonly<Record<Lang, string>>, stored?: Partial<Record<Lang, string>>) => ({
    fr: stored?.fr || pair.fr,
    en: stored?.en || pair.en,
  });
  return {
    siteName: over(base.siteName, settings.name),
    institution: over(base.institution, settings.institution),
    institutionShort: settings.shortName
      ? { fr: settings.shortName, en: settings.shortName }
      : base.institutionShort,
    tagline: { ...base.tagline, ...settings.tagline },
    logo: settings.logo ?? base.logo ?? null,
    themeUrl: settings.themeUrl ?? base.themeUrl ?? null,
    contactEmail: settings.contactEmail ?? base.contactEmail ?? null,
  };
}

/** The credit of the institution's own videos, as a language writes it: "© Union of Coastal States / UCS". */
export function institutionCredit(identity: Identity, lang: Lang): string {
  const short = identity.institutionShort[lang];
  const name = identity.institution[lang];
  return short && short !== name ? `© ${name} / ${short}` : `© ${name}`;
}

/**
 * The language's translator where the portal's name and the institution's come from the identity:
 * `site.name` is the configured name, `site.tagline` the stored tagline when there is one, and every
 * message may say `{institution}`.
 */
export function identityTranslator(lang: Lang, identity: Identity): Translator {
  return (key, params) => {
    if (key === 'site.name') return identity.siteName[lang];
    if (key === 'site.tagline' && identity.tagline?.[lang]) return identity.tagline[lang];
    return translate(lang, key, { institution: identity.institution[lang], ...params });
  };
}
