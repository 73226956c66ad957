/**
 * The institution's identity (issue 15): names per language from the environment, used by pages
 * (translator), credits and the mail sender; and the time zones an account may choose.
 */
import { describe, expect, it } from 'vitest';
import { parseTimeZone, timeZoneNames } from '../../src/accounts/rules/time-zones.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { toNodemailer } from '../../src/platform/mail/smtp.ts';
import { senderLine } from '../../src/platform/mail/types.ts';
import {
  DEFAULT_IDENTITY,
  identityTranslator,
  institutionCredit,
  parseIdentity,
} from '../../src/web/identity.ts';

const message = { to: 'a@example.org', subject: 'S', text: 'T', html: '<p>T</p>' };

describe('identity', () => {
  it('defaults to the demo institution, in each language', () => {
    const identity = parseIdentity({});
    expect(identity).toEqual(DEFAULT_IDENTITY);
    expect(institutionCredit(identity, 'fr')).toBe('© Union des États côtiers / UEC');
    expect(institutionCredit(identity, 'en')).toBe('© Union of Coastal States / UCS');
  });

  it('reads each language, one language alone serving both', () => {
    const identity = parseIdentity({
      SITE_NAME_FR: ' Portail de la Commission ',
      SITE_NAME_EN: 'Commission Media Portal',
      INSTITUTION_NAME_EN: 'The Commission',
      INSTITUTION_SHORT_FR: 'COM',
    });
    expect(identity.siteName).toEqual({ fr: 'Portail de la Commission', en: 'Commission Media Portal' });
    expect(identity.institution).toEqual({ fr: 'The Commission', en: 'The Commission' });
    expect(institutionCredit(identity, 'en')).toBe('© The Commission / COM');
  });

  it('refuses a name that could break a header or a page, naming the variable', () => {
    expect(() => loadConfig({ SITE_NAME_FR: 'Portail <x>' }, '/tmp')).toThrow(ConfigError);
    expect(() => loadConfig({ INSTITUTION_NAME_EN: 'a\r\nBcc: x@example.org' }, '/tmp')).toThrow(
      /INSTITUTION_NAME_EN/,
    );
    expect(loadConfig({ SITE_NAME_EN: 'Portal' }, '/tmp').identity.siteName.en).toBe('Portal');
  });

  it('gives pages the configured portal name and the institution in their language', () => {
    const identity = parseIdentity({ SITE_NAME_EN: 'Coastal Media', SITE_NAME_FR: 'Médias côtiers' });
    expect(identityTranslator('en', identity)('site.name')).toBe('Coastal Media');
    expect(identityTranslator('fr', identity)('site.name')).toBe('Médias côtiers');
    expect(identityTranslator('en', identity)('footer.about')).toBe(
      'Union of Coastal States · media service',
    );
    expect(identityTranslator('fr', identity)('footer.about')).toBe(
      'Union des États côtiers · service aux médias',
    );
  });

  it('sends mail under the portal name of the mail’s language, from MAIL_FROM’s address', () => {
    const sender = (language: 'fr' | 'en') => ({
      name: DEFAULT_IDENTITY.siteName[language],
      address: 'no-reply@example.org',
    });
    expect(toNodemailer(sender, { ...message, language: 'fr' }).from).toEqual({
      name: 'Portail Médias',
      address: 'no-reply@example.org',
    });
    expect(senderLine(sender, 'en')).toBe('Media Portal <no-reply@example.org>');
    // MAIL_FROM as written when no name per language is given.
    expect(toNodemailer('X <x@example.org>', { ...message, language: 'en' }).from).toBe('X <x@example.org>');
  });
});

describe('time zones an account may choose', () => {
  it('takes IANA names and UTC, empty for the portal’s, refuses the rest', () => {
    expect(parseTimeZone('America/New_York')).toBe('America/New_York');
    expect(parseTimeZone('UTC')).toBe('UTC');
    expect(parseTimeZone('')).toBeNull();
    for (const bad of ['Mars/Olympus', 'europe/paris', '../etc', 'x'.repeat(80), 3])
      expect(parseTimeZone(bad), String(bad)).toBeUndefined();
    const names = timeZoneNames();
    expect(names).toContain('Europe/Brussels');
    expect(names).toContain('UTC');
  });
});
