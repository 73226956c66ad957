/** The request and clip-queue limits of the configuration: defaults, overrides and refusals. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('limits in the configuration', () => {
  it('has defaults that real use never meets', () => {
    expect(loadConfig({}).limits).toEqual({ clipQueuePerUser: 4, apiPerMinute: 1200, costlyPerMinute: 30 });
  });

  it('reads CLIP_QUEUE_PER_USER, RATE_LIMIT_API and RATE_LIMIT_COSTLY; 0 turns a rate limit off', () => {
    const config = loadConfig({ CLIP_QUEUE_PER_USER: '2', RATE_LIMIT_API: '0', RATE_LIMIT_COSTLY: ' 10 ' });
    expect(config.limits).toEqual({ clipQueuePerUser: 2, apiPerMinute: 0, costlyPerMinute: 10 });
  });

  it.each([
    [{ CLIP_QUEUE_PER_USER: '0' }, 'CLIP_QUEUE_PER_USER'],
    [{ CLIP_QUEUE_PER_USER: 'four' }, 'CLIP_QUEUE_PER_USER'],
    [{ RATE_LIMIT_API: '-1' }, 'RATE_LIMIT_API'],
    [{ RATE_LIMIT_API: '1.5' }, 'RATE_LIMIT_API'],
    [{ RATE_LIMIT_COSTLY: '99999999' }, 'RATE_LIMIT_COSTLY'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
    }
  });
});
