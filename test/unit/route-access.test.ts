import { describe, expect, it } from 'vitest';
import { checkRouteDeclared, routeKey } from '../../src/route-access.ts';

describe('route access table', () => {
  it('names pages of both languages once, and HEAD with its GET', () => {
    expect(routeKey('GET', '/fr/account')).toBe('GET /{lang}/account');
    expect(routeKey('HEAD', '/en/account')).toBe('GET /{lang}/account');
    expect(routeKey('HEAD', '/api/v1/uploads/:id')).toBe('HEAD /api/v1/uploads/:id');
  });

  it('stops the portal on a route that states nothing', () => {
    expect(() => checkRouteDeclared('POST', '/api/v1/new-thing')).toThrow(/not in src\/route-access.ts/);
    expect(() => checkRouteDeclared('DELETE', '/fr/videos/:id')).toThrow();
  });
});
