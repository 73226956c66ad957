/**
 * People and records, the back-office pages in both database modes: the editors' dashboard (drafts,
 * a scheduled story with its time in the editor's zone, a recent upload, a failed ingest with its
 * reason in FR and EN, each linking to its page), user management by form (search, role filter, role
 * change, disable, deletion needing its confirmation, the last admin kept with a clear FR message),
 * the audit page with its filters (a bad date named, FR), and who may open each page.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { waitFor } from '../support/time-scale.ts';

describe.each(databaseModes())('people pages (%s)', (mode) => {
  let t: TestPortal;
  let admin: Client;
  let editor: Client;
  let journalist: Client;
  const email = (name: string) => `${name}-p-${mode}@example.org`;
  let failedId = '';

  async function user(name: string, role: string, lang = 'en'): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', {
      email: email(name),
      password: GOOD_PASSWORD,
      role,
      verified: true,
    });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email: email(name), password: GOOD_PASSWORD })).status).toBe(
      200,
    );
    return c;
  }
  async function userId(name: string): Promise<string> {
    const { items } = await (
      await admin.api('GET', `/admin/users?q=${encodeURIComponent(email(name))}`)
    ).json();
    return items[0].id;
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    admin = await user('root', 'admin');
    editor = await user('ed', 'editor');
    journalist = await user('jo', 'journalist');
    // A file that is no video: ingest refuses it (a real probe), the dashboard says why.
    const junk = join(t.dataDir, 'notes.mxf');
    await writeFile(junk, 'these are meeting notes, not a master\n'.repeat(50));
    failedId = (await t.portal.ingest({ path: junk, title: 'Notes du comité' })).id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lets editors and admins open the dashboard; journalists get 403, visitors the sign-in page', async () => {
    expect((await editor.page('/en/admin')).response.status).toBe(200);
    expect((await admin.page('/fr/admin')).response.status).toBe(200);
    expect((await journalist.page('/en/admin')).response.status).toBe(403);
    const anonymous = await client(t.baseUrl).page('/fr/admin');
    expect(anonymous.response.status).toBe(303);
    expect(anonymous.response.headers.get('location')).toBe('/fr/sign-in?returnTo=%2Ffr%2Fadmin');
  });

  it('shows drafts, a scheduled story in its zone, uploads and failed ingests, each linked', async () => {
    const draft = await (
      await editor.api('POST', '/stories', { translations: { en: { title: 'Draft on ports' } } })
    ).json();
    const later = await (
      await editor.api('POST', '/stories', { translations: { fr: { title: 'Sommet de Lisbonne' } } })
    ).json();
    const at = '2031-03-04T18:30:00-05:00';
    const scheduled = await editor.api('POST', `/stories/${later.id}/publish`, {
      at,
      timeZone: 'America/New_York',
    });
    expect((await scheduled.json()).status).toBe('scheduled');
    await waitFor(
      async () => (await admin.api('GET', `/videos/${failedId}`).then((r) => r.json())).status === 'failed',
      60_000,
      'the junk upload to fail',
    );

    const en = (await editor.page('/en/admin')).html;
    expect(en).toContain('<h1>Dashboard</h1>');
    const drafts = en.slice(en.indexOf('id="dash-drafts"'), en.indexOf('id="dash-scheduled"'));
    expect(drafts).toContain(`href="/en/admin/stories/${draft.id}"`);
    expect(drafts).toContain('Draft on ports');
    const sched = en.slice(en.indexOf('id="dash-scheduled"'), en.indexOf('id="dash-uploads"'));
    expect(sched).toContain(`href="/en/admin/stories/${later.id}"`);
    expect(sched).toContain('(no English version)');
    expect(sched).toContain('Publishes on 4 Mar 2031, 18:30 (America/New_York)');
    const uploads = en.slice(en.indexOf('id="dash-uploads"'), en.indexOf('id="dash-failed"'));
    expect(uploads).toContain(`href="/en/videos/${failedId}"`);
    const failed = en.slice(en.indexOf('id="dash-failed"'));
    expect(failed).toContain(`href="/en/admin/videos#video-${failedId}"`);
    expect(failed).toContain('Notes du comité');
    expect(failed).toMatch(/data-error-code="not_media">This file is not a video/);
    // Editors do not see the admins' tabs.
    expect(en).not.toContain('/en/admin/users');

    const fr = (await admin.page('/fr/admin')).html;
    expect(fr).toContain('Publication le 4 mars 2031, 18:30 (America/New_York)');
    expect(fr).toMatch(/data-error-code="not_media">Ce fichier n’est pas une vidéo/);
    expect(fr).toContain('href="/fr/admin/users"');
    expect(fr).toContain('href="/fr/admin/audit"');
  });

  it('lists, searches and filters users; only admins may open the pages', async () => {
    expect((await editor.page('/en/admin/users')).response.status).toBe(403);
    expect((await journalist.page('/en/admin/audit')).response.status).toBe(403);
    expect((await client(t.baseUrl).page('/en/admin/users')).response.status).toBe(303);
    const all = (await admin.page('/en/admin/users')).html;
    for (const name of ['root', 'ed', 'jo']) expect(all).toContain(email(name));
    const searched = (await admin.page(`/en/admin/users?q=${encodeURIComponent('ed-p')}`)).html;
    expect(searched).toContain(email('ed'));
    expect(searched).not.toContain(email('jo'));
    const journalists = (await admin.page('/en/admin/users?role=journalist')).html;
    expect(journalists).toContain(email('jo'));
    expect(journalists).not.toContain(email('ed'));
    const bad = await admin.page('/fr/admin/users?role=chef');
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain('Rôle : rôle inconnu');
  });

  it('changes a role, disables and deletes by form; keeps the last admin with a clear message', async () => {
    const victim = await user('vic', 'journalist');
    const id = await userId('vic');
    await admin.page(`/en/admin/users/${id}`);
    const promoted = await admin.form(`/en/admin/users/${id}`, { role: 'editor' });
    expect(promoted.status).toBe(200);
    expect(await promoted.text()).toContain('Role changed: Editor.');
    const disabled = await admin.form(`/en/admin/users/${id}`, { disabled: 'true' });
    expect(await disabled.text()).toContain('Account disabled');
    expect((await victim.page('/en/account')).response.status).toBe(303);

    const noConfirm = await admin.form(`/fr/admin/users/${id}/delete`, {});
    expect(noConfirm.status).toBe(422);
    expect(await noConfirm.text()).toContain('Cochez la case pour confirmer la suppression.');
    expect(await userId('vic')).toBe(id);
    const deleted = await admin.form(`/en/admin/users/${id}/delete`, { confirm: 'yes' });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain(`The account ${email('vic')} was deleted.`);
    expect((await admin.page(`/en/admin/users/${id}`)).response.status).toBe(404);

    const rootId = await userId('root');
    await admin.page(`/fr/admin/users/${rootId}`);
    const last = await admin.form(`/fr/admin/users/${rootId}`, { role: 'editor' });
    expect(last.status).toBe(409);
    expect(await last.text()).toContain('c’est le dernier administrateur actif');
    const bad = await admin.form(`/en/admin/users/${rootId}`, { role: 'owner' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('unknown role');
    // Without the form token nothing happens.
    expect((await admin.form(`/en/admin/users/${rootId}`, { role: 'editor' }, { csrf: null })).status).toBe(
      403,
    );
  });

  it('shows the audit log with filters; a bad date is named', async () => {
    /** The table's rows (the action filter's options name every action too). */
    const rows = async (path: string) => {
      const html = (await admin.page(path)).html;
      return html.includes('<tbody>') ? html.slice(html.indexOf('<tbody>')) : html;
    };
    expect((await admin.page('/en/admin/audit')).html).toContain('<h1>Audit log</h1>');
    const page = await rows('/en/admin/audit');
    expect(page).toContain('deleted the account of');
    expect(page).toContain(email('vic'));
    expect(page).toContain('created the story');
    const users = await rows('/en/admin/audit?action=user');
    expect(users).not.toContain('created the story');
    expect(users).toContain('changed the role of');
    const edId = await userId('ed');
    const byEditor = await rows(`/en/admin/audit?actor=${edId}`);
    expect(byEditor).toContain('scheduled the story');
    expect(byEditor).not.toContain('deleted the account of');
    const future = await rows('/en/admin/audit?from=2099-01-01');
    expect(future).toContain('No action matches.');
    const bad = await admin.page('/fr/admin/audit?from=2026-02-31');
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain('Du : date invalide (attendu : AAAA-MM-JJ).');
  });
});
