/**
 * People and records, the pure parts: the last-admin rule, an admin's change, the audit log's filters
 * and rows, the story change -> audit action mapping, and a FR and EN text for every action, field and
 * error code the pages and API can name.
 */
import { describe, expect, it } from 'vitest';
import { parseAdminChange, removesLastAdmin } from '../../src/accounts/rules/admin-users.ts';
import { auditRow, KNOWN_ACTIONS } from '../../src/audit/actions.ts';
import { parseAuditQuery } from '../../src/audit/query.ts';
import { auditAction } from '../../src/newsroom/service.ts';
import '../../src/portal.ts';
import { MESSAGES } from '../../src/web/i18n/index.ts';

const admin = { role: 'admin' as const, disabled: false, verified: true };

describe('the last-admin rule', () => {
  it('refuses to demote, disable or delete the only admin who can act', () => {
    expect(removesLastAdmin('a', admin, { ...admin, role: 'editor' }, ['a'])).toBe(true);
    expect(removesLastAdmin('a', admin, { ...admin, disabled: true }, ['a'])).toBe(true);
    expect(removesLastAdmin('a', admin, null, ['a'])).toBe(true);
  });
  it('allows it with another admin who can act, and for anyone who is not one', () => {
    expect(removesLastAdmin('a', admin, null, ['a', 'b'])).toBe(false);
    expect(removesLastAdmin('a', admin, { ...admin }, ['a'])).toBe(false);
    expect(removesLastAdmin('j', { ...admin, role: 'journalist' }, null, ['a'])).toBe(false);
    expect(removesLastAdmin('d', { ...admin, disabled: true }, null, ['a'])).toBe(false);
  });
});

describe('an admin’s change', () => {
  it('takes a role and disabled (boolean or form text) and names each bad field', () => {
    expect(parseAdminChange({ role: 'editor', disabled: 'true' })).toEqual({
      ok: true,
      change: { role: 'editor', disabled: true },
    });
    expect(parseAdminChange({ role: 'root', disabled: 1 })).toEqual({
      ok: false,
      errors: { role: 'invalid', disabled: 'invalid' },
    });
    expect(parseAdminChange({})).toEqual({ ok: false, errors: { body: 'required' } });
  });
});

describe('the audit log', () => {
  it('parses filters and names each bad one', () => {
    const ok = parseAuditQuery(
      {
        since: '2026-12-06T09:00:00+01:00',
        from: '2026-12-01',
        to: '2026-12-06',
        action: 'story',
        page: '2',
      },
      { limit: 50 },
    );
    expect(ok).toMatchObject({ ok: true, page: 2, query: { action: 'story', limit: 50, offset: 50 } });
    if (!ok.ok) throw new Error('unreachable');
    expect(ok.query.since?.toISOString()).toBe('2026-12-06T08:00:00.000Z');
    expect(ok.query.to?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(
      parseAuditQuery(
        { since: '2026-12-06', from: '2026-02-30', actor: "x'; --", limit: '501' },
        { limit: 50 },
      ),
    ).toEqual({
      ok: false,
      errors: { since: 'invalid_date', from: 'invalid_day', actor: 'invalid', limit: 'invalid' },
    });
  });
  it('refuses a malformed entry (a programming error) and keeps the actor’s name', () => {
    const at = new Date();
    expect(
      auditRow(
        { actor: { id: 'u', name: 'Ana' }, action: 'story.publish', target: { kind: 'story', id: 3 } },
        at,
      ),
    ).toMatchObject({
      actor_name: 'Ana',
      target_id: '3',
      target_label: '',
    });
    expect(() =>
      auditRow({ actor: { id: null, name: 'x' }, action: 'Publish', target: { kind: 'story', id: 1 } }, at),
    ).toThrow();
    expect(() =>
      auditRow({ actor: { id: null, name: 'x' }, action: 'a.b', target: { kind: 'Story!', id: 1 } }, at),
    ).toThrow();
  });
  it('maps a revision’s changes to the story action', () => {
    expect(auditAction(['created'])).toBe('story.create');
    expect(auditAction(['translations.fr.title', 'slug'])).toBe('story.edit');
    expect(auditAction(['published_on_schedule'])).toBe('story.publish');
    expect(auditAction(['unscheduled'])).toBe('story.unpublish');
    expect(auditAction(['scheduled'])).toBe('story.schedule');
    expect(auditAction(['restored:2'])).toBe('story.restore');
  });
  it('has FR and EN words for every known action, field and code', () => {
    const keys = [
      ...KNOWN_ACTIONS.map((a) => `audit.action.${a}`),
      ...['since', 'from', 'to', 'actor', 'action', 'limit', 'page'].map((f) => `audit.field.${f}`),
      ...['invalid_date', 'invalid_day', 'invalid'].map((c) => `audit.code.${c}`),
      ...['role', 'disabled', 'q', 'page', 'perPage', 'body'].map((f) => `admin.field.${f}`),
      ...['invalid', 'invalid_role', 'required', 'too_long'].map((c) => `admin.code.${c}`),
      ...['journalist', 'editor', 'admin'].map((r) => `admin.role.${r}`),
    ];
    for (const key of keys) {
      expect(MESSAGES.fr[key], `fr:${key}`).toBeTruthy();
      expect(MESSAGES.en[key], `en:${key}`).toBeTruthy();
    }
  });
});
