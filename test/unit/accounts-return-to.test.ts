import { describe, expect, it } from 'vitest';
import { parseReturnTo, safeReturnTo } from '../../src/accounts/rules/return-to.ts';

describe('returnTo', () => {
  it('keeps same-site paths with query and fragment', () => {
    expect(safeReturnTo('/')).toBe('/');
    expect(safeReturnTo('/stories/nato-summit')).toBe('/stories/nato-summit');
    expect(safeReturnTo('/stories?lang=fr&page=2#videos')).toBe('/stories?lang=fr&page=2#videos');
    expect(safeReturnTo('/videos/abc/clips?in=00:00:01:00')).toBe('/videos/abc/clips?in=00:00:01:00');
    expect(safeReturnTo('/recherche/défense')).toBe('/recherche/d%C3%A9fense');
    expect(safeReturnTo('/a/%20b')).toBe('/a/%20b');
    expect(safeReturnTo('/stories?q=d%C3%A9fense%20otan&lang=fr')).toBe(
      '/stories?q=d%C3%A9fense%20otan&lang=fr',
    );
    expect(safeReturnTo('/stories?q=a//b')).toBe('/stories?q=a//b');
  });

  it('normalises dot segments', () => {
    expect(safeReturnTo('/a/b/../c')).toBe('/a/c');
    expect(safeReturnTo('/../../etc/passwd')).toBe('/etc/passwd');
  });

  const attacks = [
    '//evil.example',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'https://evil.example',
    'http://evil.example/x',
    'HTTPS://evil.example',
    '//evil.example@portal',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%2Fevil.example',
    '/%5Cevil.example',
    '/%5C%5Cevil.example',
    '%2F%5Cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F/evil.example',
    '/..//evil.example',
    '/./\\evil.example',
    '/.%2F/evil.example',
    '/a//b',
    '/x%3F//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    ' /path',
    '/path with space',
    '/\u0000x',
    '/\u200b/evil.example',
    '/\u202e/evil.example',
    '/\u3000/evil.example',
    '/%E2%80%AE/evil.example',
    'evil.example',
    'stories/x',
    '?next=/x',
    '#/x',
    '',
    '/%',
    '/%zz',
    `/${'a'.repeat(3000)}`,
  ];
  for (const attack of attacks) {
    it(`refuses ${JSON.stringify(attack).slice(0, 60)}`, () => {
      expect(parseReturnTo(attack)).toBeNull();
      expect(safeReturnTo(attack)).toBe('/');
    });
  }

  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 42, ['/x'], { path: '/x' }]) expect(parseReturnTo(v)).toBeNull();
  });

  it('falls back to the given default', () => {
    expect(safeReturnTo('//evil.example', { fallback: '/account' })).toBe('/account');
    expect(safeReturnTo(undefined, { fallback: '/account' })).toBe('/account');
  });

  it('refuses disallowed prefixes (no loop back to sign-in)', () => {
    const options = { disallowPrefixes: ['/sign-in', '/api'] };
    expect(parseReturnTo('/sign-in', options)).toBeNull();
    expect(parseReturnTo('/sign-in?returnTo=/x', options)).toBeNull();
    expect(parseReturnTo('/api/v1/account', options)).toBeNull();
    expect(parseReturnTo('/sign-in-help', options)).toBe('/sign-in-help');
    expect(parseReturnTo('/stories', options)).toBe('/stories');
  });
});
