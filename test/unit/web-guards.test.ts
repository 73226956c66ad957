import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName } from '../../src/web/allowed-hosts.ts';
import { holdsControlCharacters, urlHoldsControlCharacters } from '../../src/web/control-characters.ts';

describe('allowed hosts', () => {
  const allowed = hostAllowed('https://Portal.Example');

  it('takes PUBLIC_URL’s name with or without a port, and loopback names', () => {
    for (const host of [
      'portal.example',
      'PORTAL.example:443',
      'localhost:8080',
      '127.0.0.1',
      '127.0.0.5:80',
      '[::1]:8080',
    ])
      expect(allowed(host), host).toBe(true);
  });

  it('refuses any other name and malformed values', () => {
    for (const host of [
      undefined,
      '',
      'evil.example',
      'portal.example.evil.example',
      'portal.example@evil.example',
      'a/b',
      '10.0.0.1',
    ])
      expect(allowed(host), String(host)).toBe(false);
    expect(hostName('portal.example/x')).toBeNull();
  });
});

describe('control characters', () => {
  it('finds them in URLs, raw or percent-encoded, and nothing else', () => {
    expect(urlHoldsControlCharacters('/a?q=%00')).toBe(true);
    expect(urlHoldsControlCharacters('/a%0a')).toBe(true);
    expect(urlHoldsControlCharacters('/a%7F')).toBe(true);
    expect(urlHoldsControlCharacters('/a%2500?q=caf%C3%A9%20%7E')).toBe(false);
  });

  it('finds them in body strings and keys at any depth, but lets tab, CR and LF be', () => {
    expect(holdsControlCharacters({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(holdsControlCharacters({ 'k\u001b': 1 })).toBe(true);
    expect(holdsControlCharacters('del\u007f')).toBe(true);
    expect(holdsControlCharacters({ text: 'line\r\nnext\tcell', n: 1, ok: true, none: null })).toBe(false);
    expect(holdsControlCharacters(undefined)).toBe(false);
  });
});
