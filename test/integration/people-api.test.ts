/**
 * People and records, the JSON API in both database modes: user management (`/admin/users`: list,
 * search, role filter, paging; role change; disable, whose sessions and API tokens stop at once and
 * whose sign-in fails; delete, and what it keeps), the last-admin rule (409, FR and EN), validation
 * (422 naming each bad field, FR and EN), permissions (anonymous 401, journalist 403, editor 403), and
 * the audit log (`/admin/audit?since=`): story, topic and user actions recorded with who, what, when
 * and the target, kept after the actor's account is deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

interface UserItem {
  id: string;
  email: string;
  role: string;
  disabled: boolean;
}
interface AuditItem {
  at: string;
  actor: { id: string | null; name: string };
  action: string;
  target: { kind: string; id: string; label: string };
}

describe.each(databaseModes())('people API (%s)', (mode) => {
  let t: TestPortal;
  let admin: Client;
  let adminFr: Client;
  let editor: Client;
  let journalist: Client;
  let anonymous: Client;
  const email = (name: string) => `${name}-${mode}@example.org`;

  async function user(name: string, role: string, lang = 'en'): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', {
      email: email(name),
      password: GOOD_PASSWORD,
      role,
      verified: true,
    });
    return signIn(name, lang);
  }
  async function signIn(name: string, lang = 'en'): Promise<Client> {
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email: email(name), password: GOOD_PASSWORD })).status).toBe(
      200,
    );
    return c;
  }
  async function find(name: string): Promise<UserItem> {
    const response = await admin.api('GET', `/admin/users?q=${encodeURIComponent(email(name))}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: UserItem[] };
    expect(body.items).toHaveLength(1);
    return body.items[0] as UserItem;
  }
  async function audit(query = ''): Promise<AuditItem[]> {
    const response = await admin.api('GET', `/admin/audit${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: AuditItem[] }).items;
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    admin = await user('root', 'admin');
    adminFr = client(t.baseUrl, 'fr');
    adminFr.jar.cookies.set(...([...admin.jar.cookies][0] as [string, string]));
    editor = await user('ed', 'editor');
    journalist = await user('jo', 'journalist');
    anonymous = client(t.baseUrl);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous (401), journalists (403) and editors (403) on every admin endpoint', async () => {
    const target = (await find('jo')).id;
    const calls: [string, string, unknown?][] = [
      ['GET', '/admin/users'],
      ['PATCH', `/admin/users/${target}`, { role: 'admin' }],
      ['DELETE', `/admin/users/${target}`],
      ['GET', '/admin/audit'],
    ];
    for (const [method, path, body] of calls) {
      expect((await anonymous.api(method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await journalist.api(method, path, body)).status, `${method} ${path}`).toBe(403);
      const byEditor = await editor.api(method, path, body);
      expect(byEditor.status, `${method} ${path}`).toBe(403);
      expect((await byEditor.json()).error.code).toBe('forbidden');
    }
    expect((await find('jo')).role).toBe('journalist');
  });

  it('lists users paged, searches by email or name, filters by role', async () => {
    for (let i = 0; i < 3; i += 1)
      await callOperator(t.dataDir, 'users/create', {
        email: email(`bulk${i}`),
        password: GOOD_PASSWORD,
        verified: true,
      });
    const all = await (await admin.api('GET', '/admin/users')).json();
    expect(all.total).toBe(6);
    expect(all.perPage).toBe(25);
    const first = await (await admin.api('GET', '/admin/users?perPage=4')).json();
    expect(first.items).toHaveLength(4);
    const second = await (await admin.api('GET', '/admin/users?perPage=4&page=2')).json();
    expect(second).toMatchObject({ page: 2, total: 6 });
    expect(second.items).toHaveLength(2);
    const ids = new Set(first.items.map((u: UserItem) => u.id));
    expect(second.items.some((u: UserItem) => ids.has(u.id))).toBe(false);
    const searched = await (await admin.api('GET', '/admin/users?q=BULK')).json();
    expect(searched.items.map((u: UserItem) => u.email).sort()).toEqual(
      [0, 1, 2].map((i) => email(`bulk${i}`)),
    );
    const editors = await (await admin.api('GET', '/admin/users?role=editor')).json();
    expect(editors.items.map((u: UserItem) => u.email)).toEqual([email('ed')]);
    // A search with LIKE wildcards matches them literally.
    expect((await (await admin.api('GET', '/admin/users?q=%25')).json()).total).toBe(0);
  });

  it('names each bad field (422, FR and EN), 404 for an unknown account', async () => {
    const jo = await find('jo');
    const bad = await admin.api('PATCH', `/admin/users/${jo.id}`, { role: 'boss', disabled: 'yes' });
    expect(bad.status).toBe(422);
    const en = (await bad.json()).error;
    expect(en.fields).toEqual({ role: 'invalid', disabled: 'invalid' });
    expect(en.messages.role).toMatch(/unknown role/);
    const fr = (await (await adminFr.api('PATCH', `/admin/users/${jo.id}`, { role: 'boss' })).json()).error;
    expect(fr.fields).toEqual({ role: 'invalid' });
    expect(fr.messages.role).toMatch(/rôle inconnu/);
    const empty = await admin.api('PATCH', `/admin/users/${jo.id}`, {});
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.fields).toEqual({ body: 'required' });
    const filter = await admin.api('GET', '/admin/users?role=boss&page=0&perPage=1000');
    expect(filter.status).toBe(422);
    expect((await filter.json()).error.fields).toEqual({
      role: 'invalid',
      page: 'invalid',
      perPage: 'invalid',
    });
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await admin.api('PATCH', `/admin/users/${id}`, { role: 'editor' })).status).toBe(404);
      expect((await admin.api('DELETE', `/admin/users/${id}`)).status).toBe(404);
    }
    expect((await find('jo')).role).toBe('journalist');
  });

  it('changes a role; disabling ends sessions and API tokens at once and blocks sign-in', async () => {
    const target = await user('dina', 'journalist');
    const token = await target.api('POST', '/account/tokens', { name: 'script' });
    expect(token.status).toBe(201);
    const secret = (await token.json()).token as string;
    const withToken = () =>
      fetch(`${t.baseUrl}/api/v1/account`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withToken()).status).toBe(200);
    const { id } = await find('dina');

    const promoted = await admin.api('PATCH', `/admin/users/${id}`, { role: 'editor' });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ id, role: 'editor', disabled: false });
    expect((await target.api('GET', '/topics')).status).toBe(200);

    const disabled = await admin.api('PATCH', `/admin/users/${id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect((await disabled.json()).disabled).toBe(true);
    expect((await target.api('GET', '/account')).status).toBe(401);
    expect((await withToken()).status).toBe(401);
    const again = client(t.baseUrl);
    const signIn = await again.api('POST', '/session', { email: email('dina'), password: GOOD_PASSWORD });
    expect(signIn.status).toBe(401);
    const wrong = await again.api('POST', '/session', {
      email: email('dina'),
      password: 'Wrong-password-1!',
    });
    // The same answer as a wrong password: nothing tells a disabled account apart.
    expect((await signIn.json()).error.code).toBe((await wrong.json()).error.code);

    expect((await admin.api('PATCH', `/admin/users/${id}`, { disabled: false })).status).toBe(200);
    const back = await client(t.baseUrl).api('POST', '/session', {
      email: email('dina'),
      password: GOOD_PASSWORD,
    });
    expect(back.status).toBe(200);
    // Revoked tokens stay revoked.
    expect((await withToken()).status).toBe(401);

    const entries = await audit('?action=user');
    const mine = entries.filter((e) => e.target.id === id).map((e) => e.action);
    expect(mine.sort()).toEqual(['user.disable', 'user.enable', 'user.role']);
    const role = entries.find((e) => e.target.id === id && e.action === 'user.role');
    expect(role?.actor.name).toBe(email('root'));
    expect(role?.target).toEqual({ kind: 'user', id, label: email('dina') });
  });

  it('never removes the last active admin (409 with a clear FR/EN message), allows it with two', async () => {
    const root = await find('root');
    for (const [method, body] of [
      ['PATCH', { role: 'editor' }],
      ['PATCH', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const response = await admin.api(method, `/admin/users/${root.id}`, body);
      expect(response.status, method).toBe(409);
      const error = (await response.json()).error;
      expect(error.code).toBe('last_admin');
      expect(error.message).toMatch(/last active administrator/);
    }
    const fr = await adminFr.api('PATCH', `/admin/users/${root.id}`, { role: 'journalist' });
    expect((await fr.json()).error.message).toMatch(/dernier administrateur actif/);
    expect((await find('root')).role).toBe('admin');

    // A disabled admin does not count: with one, root is still the last one who can act.
    await callOperator(t.dataDir, 'users/create', {
      email: email('second'),
      password: GOOD_PASSWORD,
      role: 'admin',
      verified: true,
    });
    const second = await find('second');
    expect((await admin.api('PATCH', `/admin/users/${second.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.api('PATCH', `/admin/users/${root.id}`, { role: 'editor' })).status).toBe(409);
    expect((await admin.api('PATCH', `/admin/users/${second.id}`, { disabled: false })).status).toBe(200);
    const other = await signIn('second');
    // Two admins at once try to demote each other: one of them wins, never both.
    const [a, b] = await Promise.all([
      admin.api('PATCH', `/admin/users/${second.id}`, { role: 'editor' }),
      other.api('PATCH', `/admin/users/${root.id}`, { role: 'editor' }),
    ]);
    // The loser is refused: 409 (the rule) or 403 (already no longer an admin).
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a.status, b.status].filter((s) => s !== 200).every((s) => s === 409 || s === 403)).toBe(true);
    // Which one wins depends on timing (PostgreSQL runs both at once): exactly the winner is left.
    const rootDemoted = b.status === 200;
    const winner = rootDemoted ? other : admin;
    const admins = (await (await winner.api('GET', '/admin/users?role=admin')).json()) as {
      items: UserItem[];
    };
    const active = admins.items.filter((u) => !u.disabled);
    expect(active.map((u) => u.id)).toEqual([rootDemoted ? second.id : root.id]);
    // The same state whoever won, for the following tests: root the admin, second an editor.
    if (rootDemoted) {
      expect((await other.api('PATCH', `/admin/users/${root.id}`, { role: 'admin' })).status).toBe(200);
      expect((await admin.api('PATCH', `/admin/users/${second.id}`, { role: 'editor' })).status).toBe(200);
    }
  });

  it('records story and topic actions with who, what, when and the target; `since` gives what follows', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const writer = await user('writer', 'editor');
    expect((await writer.api('POST', '/topics', { name: { fr: 'Énergie', en: 'Energy' } })).status).toBe(201);
    expect((await writer.api('PATCH', '/topics/energie', { name: { en: 'Power' } })).status).toBe(200);
    const created = await writer.api('POST', '/stories', {
      translations: { fr: { title: 'Audit du réseau', body: 'x' } },
    });
    expect(created.status).toBe(201);
    const story = await created.json();
    expect(
      (await writer.api('PATCH', `/stories/${story.id}`, { translations: { en: { title: 'Grid audit' } } }))
        .status,
    ).toBe(200);
    expect((await writer.api('POST', `/stories/${story.id}/publish`, {})).status).toBe(200);
    expect((await writer.api('POST', `/stories/${story.id}/unpublish`)).status).toBe(200);
    expect((await writer.api('POST', `/stories/${story.id}/revisions/1/restore`)).status).toBe(200);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await writer.api('POST', `/stories/${story.id}/publish`, { at: future })).status).toBe(200);
    expect((await writer.api('POST', `/stories/${story.id}/unpublish`)).status).toBe(200);
    expect((await writer.api('DELETE', `/stories/${story.id}`)).status).toBe(204);

    const entries = await audit(`?since=${encodeURIComponent(before)}`);
    const writerId = (await find('writer')).id;
    const theirs = entries.filter((e) => e.actor.id === writerId);
    expect(theirs.map((e) => `${e.action} ${e.target.kind}:${e.target.id}`)).toEqual([
      'topic.create topic:energie',
      'topic.edit topic:energie',
      `story.create story:${story.id}`,
      `story.edit story:${story.id}`,
      `story.publish story:${story.id}`,
      `story.unpublish story:${story.id}`,
      `story.restore story:${story.id}`,
      `story.schedule story:${story.id}`,
      `story.unpublish story:${story.id}`,
      `story.delete story:${story.id}`,
    ]);
    expect(theirs.every((e) => e.actor.name === email('writer'))).toBe(true);
    expect(theirs[2]?.target.label).toBe('Audit du réseau');
    // Oldest first, each at or after the previous one, all after `since`.
    const times = theirs.map((e) => Date.parse(e.at));
    expect(times.every((time, i) => i === 0 || time >= (times[i - 1] ?? 0))).toBe(true);
    expect(times[0]).toBeGreaterThan(Date.parse(before));
    const last = theirs.at(-1)?.at ?? '';
    expect(await audit(`?since=${encodeURIComponent(last)}&actor=${writerId}`)).toEqual([]);
    const onlyTopics = await audit(`?action=topic&actor=${writerId}`);
    expect(onlyTopics.map((e) => e.action)).toEqual(['topic.edit', 'topic.create']);

    // Deleting the writer keeps their audit entries (with their name) and the newsroom's stories.
    const kept = await writer.api('POST', '/stories', { translations: { en: { title: 'Stays' } } });
    const keptStory = await kept.json();
    expect((await admin.api('DELETE', `/admin/users/${writerId}`)).status).toBe(204);
    expect((await writer.api('GET', '/account')).status).toBe(401);
    expect((await admin.api('GET', `/admin/users?q=${encodeURIComponent(email('writer'))}`)).status).toBe(
      200,
    );
    expect(
      (await (await admin.api('GET', `/admin/users?q=${encodeURIComponent(email('writer'))}`)).json()).total,
    ).toBe(0);
    const story2 = await admin.api('GET', `/stories/${keptStory.id}`);
    expect(story2.status).toBe(200);
    const revisions = await (await admin.api('GET', `/stories/${keptStory.id}/revisions`)).json();
    expect(JSON.stringify(revisions)).toContain(email('writer'));
    const after = (await audit(`?actor=${writerId}&limit=500`)).map((e) => e.action);
    expect(after).toContain('story.delete');
    expect(after).toContain('story.create');
    const deletion = (await audit('?action=user.delete')).find((e) => e.target.id === writerId);
    expect(deletion).toMatchObject({ actor: { name: email('root') }, target: { label: email('writer') } });
    const tokens = await t.portal.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', writerId)
      .execute();
    expect(tokens).toEqual([]);
  });

  it('refuses bad audit filters (422 naming each, FR and EN)', async () => {
    const bad = await admin.api('GET', '/admin/audit?since=yesterday&limit=0&action=DROP%20TABLE');
    expect(bad.status).toBe(422);
    const error = (await bad.json()).error;
    expect(error.fields).toEqual({ since: 'invalid_date', limit: 'invalid', action: 'invalid' });
    expect(error.messages.since).toMatch(/ISO 8601/);
    const fr = await adminFr.api('GET', '/admin/audit?since=hier');
    expect((await fr.json()).error.messages.since).toMatch(/date invalide/);
  });
});
