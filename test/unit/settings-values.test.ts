/**
 * The portal's settings, pure rules (src/settings): stored values over the configuration's identity
 * language by language, the WCAG contrast rule for the primary colour, and how a change applies
 * (empty or null clears; fields not named are kept, so concurrent writes of other fields survive),
 * and which SVG logos are drawn.
 */
import { describe, expect, it } from 'vitest';
import { contrastRatio, weakestContrast } from '../../src/settings/contrast.ts';
import { DEMO_LOGO_SVG } from '../../src/settings/demo-logo.ts';
import { svgRefusal } from '../../src/settings/logo.ts';
import { checkChange, parseStored } from '../../src/settings/values.ts';
import {
  DEFAULT_IDENTITY,
  identityTranslator,
  institutionCredit,
  withSettings,
} from '../../src/web/identity.ts';

describe('settings values', () => {
  it('overrides the configuration language by language, the rest kept', () => {
    const identity = withSettings(DEFAULT_IDENTITY, {
      name: { en: 'Council Press Room' },
      shortName: 'CPR',
      tagline: { fr: 'Images du Conseil.' },
    });
    expect(identity.siteName).toEqual({ fr: 'Portail Médias', en: 'Council Press Room' });
    expect(institutionCredit(identity, 'en')).toBe('© Union of Coastal States / CPR');
    expect(identityTranslator('fr', identity)('site.tagline')).toBe('Images du Conseil.');
    expect(identityTranslator('en', identity)('site.tagline')).toBe(
      'Broadcast-quality video for media professionals.',
    );
    expect(identityTranslator('en', identity)('site.name')).toBe('Council Press Room');
  });

  it('measures contrast as WCAG 2 does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    // The stylesheet's own brand colour passes against white and the soft grey.
    expect(weakestContrast('#0b4f8a')).toBeGreaterThanOrEqual(4.5);
    expect(weakestContrast('#767676')).toBeLessThan(4.5); // passes on white, not on the soft grey
  });

  it('applies a change onto the stored values: empty clears, unnamed fields kept', () => {
    const stored = {
      name: { fr: 'A', en: 'B' },
      contactEmail: 'a@example.org',
      colours: { primary: '#0b4f8a' },
    };
    const checked = checkChange({ name: { fr: '' }, colours: { primary: '#1B5E20' } });
    if (checked.kind !== 'ok') throw new Error('expected ok');
    expect(checked.apply(stored)).toEqual({
      name: { en: 'B' },
      contactEmail: 'a@example.org',
      colours: { primary: '#1b5e20' },
    });
    expect(stored.name.fr).toBe('A'); // not mutated
    const bad = checkChange({ colours: { primary: '#0b4f8' }, privacy: { en: 'bell \u0007' } });
    expect(bad).toEqual({
      kind: 'invalid',
      errors: { 'colours.primary': { code: 'invalid_colour' }, 'privacy.en': { code: 'control_characters' } },
    });
  });

  it('reads back only well-formed stored values', () => {
    expect(
      parseStored(
        JSON.stringify({
          name: { fr: 'X', de: 'Y' },
          colours: { primary: 'red' },
          logo: { key: '../etc/passwd' },
        }),
      ),
    ).toEqual({ name: { fr: 'X' } });
    expect(parseStored('not json')).toEqual({});
  });
});

describe('SVG logos', () => {
  it('draws a self-contained SVG, refuses entities and anything outside it', () => {
    expect(svgRefusal(DEMO_LOGO_SVG)).toBeNull();
    expect(svgRefusal('<svg><a href="#top"><rect/></a><rect fill="url(#g)"/></svg>')).toBeNull();
    expect(svgRefusal('<svg><image href="data:image/png;base64,iVBORw0KGgo="/></svg>')).toBeNull();
    for (const bad of [
      '<svg><image href="file:///etc/passwd"/></svg>',
      '<svg><image xlink:href="https://tracker.example/x.png"/></svg>',
      "<svg><use href='other.svg#a'/></svg>",
      '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
      '<svg><style>@import "https://x.example/a.css";</style></svg>',
      '<svg><rect style="fill: url(https://x.example/p.png)"/></svg>',
    ])
      expect(svgRefusal(bad), bad).toBe('svg_external');
  });
});
