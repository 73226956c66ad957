/**
 * The newsroom's back-office pages, both database modes: the form writes a story (FR and EN side by
 * side), a stale hidden revision shows the conflict and keeps what was typed (nothing overwritten),
 * another editor may edit, preview in both languages (editors only), schedule in a time zone from
 * a local date-time, revisions and restore, topics; anonymous is sent to sign-in, a journalist 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe.each(databaseModes())('newsroom pages (%s)', (mode) => {
  let t: TestPortal;
  let alice: Client;
  let bob: Client;

  async function user(email: string, role: string): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    alice = await user(`alice-p-${mode}@example.org`, 'editor');
    bob = await user(`bob-p-${mode}@example.org`, 'admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('sends anonymous visitors to sign-in and refuses journalists', async () => {
    const anon = await client(t.baseUrl).page('/en/admin/stories');
    expect(anon.response.status).toBe(303);
    expect(anon.response.headers.get('location')).toBe('/en/sign-in?returnTo=%2Fen%2Fadmin%2Fstories');
    const jo = await user(`jo-p-${mode}@example.org`, 'journalist');
    expect((await jo.page('/fr/admin/stories')).response.status).toBe(403);
    expect((await jo.page('/fr/admin/topics')).response.status).toBe(403);
  });

  it('writes, edits, shows a conflict, previews, schedules and restores through the forms', async () => {
    await alice.page('/fr/admin/topics');
    const topic = await alice.form('/fr/admin/topics', { fr: 'Océan', en: 'Ocean', slug: '' });
    expect(topic.status).toBe(200);
    expect(await topic.text()).toContain('Thème créé.');

    const form = await alice.page('/fr/admin/stories/new');
    expect(form.html).toContain('name="fr.title"');
    expect(form.html).toContain('name="en.title"');
    const empty = await alice.form('/fr/admin/stories', { 'fr.title': '', 'en.title': '', revision: '0' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('écrivez au moins un titre');

    await alice.page('/fr/admin/stories/new');
    const created = await alice.form('/fr/admin/stories', {
      'fr.title': 'Les phares de la côte',
      'fr.standfirst': 'Un chapô.',
      'fr.body': 'Premier paragraphe.\n\n## Intertitre',
      topics: 'ocean',
      revision: '0',
    });
    expect(created.status).toBe(303);
    const editUrl = created.headers.get('location') ?? '';
    const id = Number(/stories\/(\d+)/.exec(editUrl)?.[1]);
    const edit = await alice.page(editUrl);
    expect(edit.html).toContain('value="les-phares-de-la-cote"');
    expect(edit.html).toContain('name="revision" value="1"');
    const aliceCsrf = alice.lastCsrf;

    // Bob (another editor) adds the English translation from revision 1.
    await bob.page(`/en/admin/stories/${id}`);
    const bobSave = await bob.form(`/en/admin/stories/${id}`, {
      revision: '1',
      slug: 'les-phares-de-la-cote',
      'fr.title': 'Les phares de la côte',
      'fr.standfirst': 'Un chapô.',
      'fr.body': 'Premier paragraphe.\n\n## Intertitre',
      'en.title': 'Lighthouses of the coast',
      'en.body': 'First paragraph.',
      topics: 'ocean',
    });
    expect(bobSave.status).toBe(303);

    // Alice saves from her stale page: the conflict is shown, her text kept, nothing overwritten.
    const stale = await alice.form(
      `/fr/admin/stories/${id}`,
      {
        revision: '1',
        slug: 'les-phares-de-la-cote',
        'fr.title': 'Titre d’Alice',
        'fr.body': 'Texte d’Alice',
      },
      { csrf: aliceCsrf },
    );
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain('Conflit de modification');
    expect(staleHtml).toContain('value="Titre d’Alice"');
    expect(staleHtml).toContain('name="revision" value="1"');
    const stored = await (await alice.api('GET', `/stories/${id}`)).json();
    expect(stored.translations.fr.title).toBe('Les phares de la côte');
    expect(stored.translations.en.title).toBe('Lighthouses of the coast');

    // Previews in both languages, editors only.
    const fr = await alice.page(`/fr/admin/stories/${id}/preview`);
    expect(fr.html).toContain('<h1>Les phares de la côte</h1>');
    expect(fr.html).toContain('<h2>Intertitre</h2>');
    const en = await alice.page(`/en/admin/stories/${id}/preview`);
    expect(en.html).toContain('<h1>Lighthouses of the coast</h1>');
    expect((await client(t.baseUrl).page(`/en/admin/stories/${id}/preview`)).response.status).toBe(303);

    // Schedule from a local date-time in a time zone; the page shows it with the zone.
    await alice.page(`/fr/admin/stories/${id}`);
    const scheduled = await alice.form(`/fr/admin/stories/${id}/publish`, {
      revision: '2',
      mode: 'schedule',
      at: '2099-03-01T09:30',
      timeZone: 'America/New_York',
    });
    expect(scheduled.status).toBe(303);
    const after = await alice.page(`/fr/admin/stories/${id}`);
    expect(after.html).toContain('1 mars 2099 à 09:30 (America/New_York)');
    expect((await (await alice.api('GET', `/stories/${id}`)).json()).publishAt).toBe(
      '2099-03-01T14:30:00.000Z',
    );
    const badDate = await alice.form(`/fr/admin/stories/${id}/publish`, {
      revision: '3',
      mode: 'schedule',
      at: 'demain',
      timeZone: 'Europe/Paris',
    });
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('date et heure invalides');

    // Revisions: 3 saves so far; restore revision 1 (no English) as revision 4.
    const revisions = await alice.page(`/en/admin/stories/${id}/revisions`);
    expect(revisions.html).toContain('English version added');
    expect(revisions.html).toContain('scheduled');
    const restored = await alice.form(`/en/admin/stories/${id}/revisions/1/restore`, { revision: '3' });
    expect(restored.status).toBe(303);
    const now = await (await alice.api('GET', `/stories/${id}`)).json();
    expect(now.revision).toBe(4);
    expect(now.translations.en).toBeUndefined();
    expect(now.status).toBe('scheduled');

    const list = await alice.page('/en/admin/stories');
    expect(list.html).toContain('(no English version)');
    expect(list.html).toContain('Scheduled');
  });
});
