/**
 * The newsroom's API, both database modes: create, edit with If-Match (412 when stale), slug_taken
 * (409), publish/schedule/unpublish, revisions and restore, delete, topics; validation (422 naming
 * each bad field, FR and EN); permissions (anonymous 401, journalist 403, another editor may edit:
 * the newsroom is shared); XSS payloads never reach a page; public pages show published stories only,
 * old slugs redirect, a one-language story says so in the other language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

/** Public story pages are cached for up to a second (catalog/routes-pages.ts): wait that out. */
const settle = () => new Promise((r) => setTimeout(r, 1100));

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
].join('\n\n');

describe.each(databaseModes())('newsroom API (%s)', (mode) => {
  let t: TestPortal;
  let alice: Client;
  let bob: Client;
  let journalist: Client;
  let anonymous: Client;

  async function user(email: string, role: string, lang = 'en'): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    alice = await user(`alice-${mode}@example.org`, 'editor');
    bob = await user(`bob-${mode}@example.org`, 'editor', 'fr');
    journalist = await user(`jo-${mode}@example.org`, 'journalist');
    anonymous = client(t.baseUrl);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous (401) and journalists (403) on every newsroom endpoint', async () => {
    const calls: [string, string, unknown?][] = [
      ['POST', '/stories', { translations: { fr: { title: 'x' } } }],
      ['GET', '/stories/1'],
      ['PATCH', '/stories/1', {}],
      ['POST', '/stories/1/publish', {}],
      ['POST', '/stories/1/unpublish'],
      ['GET', '/stories/1/revisions'],
      ['POST', '/stories/1/revisions/1/restore'],
      ['DELETE', '/stories/1'],
      ['GET', '/topics'],
      ['POST', '/topics', { name: { fr: 'a', en: 'a' } }],
      ['PATCH', '/topics/x', {}],
    ];
    for (const [method, path, body] of calls) {
      expect((await anonymous.api(method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await journalist.api(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
  });

  it('creates a draft with a derived slug, edits it with If-Match, 412 when stale', async () => {
    const topic = await alice.api('POST', '/topics', { name: { fr: 'Défense', en: 'Defence' } });
    expect(topic.status).toBe(201);
    expect((await topic.json()).slug).toBe('defense');
    const created = await alice.api('POST', '/stories', {
      translations: {
        fr: { title: 'L’Union adopte un plan à 5 ans', standfirst: 'Chapô', body: 'Texte **gras**.' },
      },
      topics: ['defense'],
    });
    expect(created.status).toBe(201);
    const story = await created.json();
    expect(story).toMatchObject({
      slug: 'l-union-adopte-un-plan-a-5-ans',
      status: 'draft',
      revision: 1,
      topics: ['defense'],
    });
    expect(created.headers.get('etag')).toBe('"1"');

    // Another editor (the newsroom is shared) edits it with the right revision.
    const edited = await bob.api(
      'PATCH',
      `/stories/${story.id}`,
      { translations: { en: { title: 'Union adopts a five-year plan', body: 'Text.' } } },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect((await edited.json()).revision).toBe(2);

    // Alice still holds revision 1: refused, nothing written, message in her language.
    const stale = await alice.api(
      'PATCH',
      `/stories/${story.id}`,
      { translations: { fr: { title: 'Écrasé ?' } } },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    const staleBody = await stale.json();
    expect(staleBody.error.code).toBe('stale_revision');
    expect(staleBody.error.message).toMatch(/Someone else changed this story/);
    const staleFr = await bob.api('PATCH', `/stories/${story.id}`, { slug: 'x' }, { 'if-match': '1' });
    expect((await staleFr.json()).error.message).toMatch(/modifié par quelqu’un d’autre/);
    const read = await alice.api('GET', `/stories/${story.id}`);
    expect(read.status).toBe(200);
    const now = await read.json();
    expect(now.translations.fr.title).toBe('L’Union adopte un plan à 5 ans');
    expect(now.revision).toBe(2);

    const revisions = await (await alice.api('GET', `/stories/${story.id}/revisions`)).json();
    expect(revisions.items.map((r: { n: number }) => r.n)).toEqual([2, 1]);
    expect(revisions.items[0].changes).toEqual(['added.en']);
    expect(revisions.items[0].author).toMatch(/\S/);
    expect(revisions.items[1].summary).toBe('created');

    // Restore revision 1 (a new revision 3, the English version gone again).
    const restored = await alice.api('POST', `/stories/${story.id}/revisions/1/restore`, undefined, {
      'if-match': '"2"',
    });
    expect(restored.status).toBe(200);
    const r = await restored.json();
    expect(r.revision).toBe(3);
    expect(r.translations.en).toBeUndefined();
    expect((await alice.api('POST', `/stories/${story.id}/revisions/99/restore`)).status).toBe(404);
  });

  it('names each bad field in 422, in French and in English, writing nothing', async () => {
    const before = await t.portal.database.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = {
      translations: {
        fr: { title: '', body: 'x' },
        en: { title: 'x'.repeat(201), standfirst: 's'.repeat(601) },
      },
      slug: 'Pas Un Slug',
      topics: ['nope'],
    };
    const en = await alice.api('POST', '/stories', bad);
    expect(en.status).toBe(422);
    const body = await en.json();
    expect(body.error.fields).toMatchObject({
      'translations.fr.title': 'required',
      'translations.en.title': 'too_long',
      'translations.en.standfirst': 'too_long',
      slug: 'invalid',
    });
    expect(body.error.messages['translations.fr.title']).toBe('Title (French): required.');
    const fr = await (await bob.api('POST', '/stories', bad)).json();
    expect(fr.error.messages['translations.fr.title']).toBe('Titre (français) : obligatoire.');
    expect(fr.error.messages.slug).toMatch(/minuscules/);
    // Topics and videos that do not exist; a lead that is not among the media; an embed of another video.
    const refs = await (
      await alice.api('POST', '/stories', { translations: { en: { title: 'T' } }, topics: ['nope'] })
    ).json();
    expect(refs.error.fields).toEqual({ topics: 'unknown_topic' });
    const vids = await (
      await alice.api('POST', '/stories', {
        translations: { en: { title: 'T' } },
        media: [{ kind: 'video', id: 'missing' }],
      })
    ).json();
    expect(vids.error.fields).toEqual({ media: 'unknown_video' });
    const embed = await (
      await alice.api('POST', '/stories', { translations: { en: { title: 'T', body: '{{video:other}}' } } })
    ).json();
    expect(embed.error.fields).toEqual({ 'translations.en.body': 'unknown_embed' });
    const empty = await (await alice.api('POST', '/stories', {})).json();
    expect(empty.error.fields).toEqual({ translations: 'no_translation' });
    const typed = await alice.api('POST', '/stories', { translations: { fr: 'text' } });
    expect(typed.status).toBe(422);
    const at = await alice.api('POST', '/stories/1/publish', { at: 'tomorrow' });
    expect(at.status).toBe(422);
    expect((await at.json()).error.fields).toEqual({ at: 'invalid_date' });
    const zone = await alice.api('POST', '/stories/1/publish', {
      at: '2099-01-01T10:00:00+01:00',
      timeZone: 'Mars/Olympus',
    });
    expect((await zone.json()).error.fields).toEqual({ timeZone: 'invalid_time_zone' });
    const after = await t.portal.database.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('409 slug_taken for a slug in use, derived slugs get a suffix; old slugs redirect once published', async () => {
    const a = await (
      await alice.api('POST', '/stories', { translations: { en: { title: 'Same title', body: 'A' } } })
    ).json();
    const b = await (
      await alice.api('POST', '/stories', { translations: { en: { title: 'Same title', body: 'B' } } })
    ).json();
    expect([a.slug, b.slug]).toEqual(['same-title', 'same-title-2']);
    const taken = await alice.api('PATCH', `/stories/${b.id}`, { slug: 'same-title' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe('slug_taken');
    expect(
      (await alice.api('POST', '/stories', { slug: 'same-title', translations: { en: { title: 'x' } } }))
        .status,
    ).toBe(409);

    // Published: visible; renamed: the old address redirects (301) and stays reserved.
    expect((await anonymous.page('/en/stories/same-title')).response.status).toBe(404);
    const published = await alice.api('POST', `/stories/${a.id}/publish`);
    expect((await published.json()).status).toBe('published');
    await settle();
    expect((await anonymous.page('/en/stories/same-title')).response.status).toBe(200);
    expect((await alice.api('PATCH', `/stories/${a.id}`, { slug: 'renamed-title' })).status).toBe(200);
    await settle();
    const old = await anonymous.page('/en/stories/same-title');
    expect(old.response.status).toBe(301);
    expect(old.response.headers.get('location')).toBe('/en/stories/renamed-title');
    expect((await alice.api('PATCH', `/stories/${b.id}`, { slug: 'same-title' })).status).toBe(409);
    const list = await (await anonymous.api('GET', '/stories?lang=en')).json();
    expect(list.items.map((s: { slug: string }) => s.slug)).toContain('renamed-title');
    expect(list.items.map((s: { slug: string }) => s.slug)).not.toContain('same-title-2');

    // Delete: refused while published, allowed once unpublished.
    expect((await alice.api('DELETE', `/stories/${a.id}`)).status).toBe(409);
    expect((await (await bob.api('POST', `/stories/${a.id}/unpublish`)).json()).status).toBe('unpublished');
    await settle();
    expect((await anonymous.page('/en/stories/renamed-title')).response.status).toBe(404);
    expect((await alice.api('DELETE', `/stories/${a.id}`)).status).toBe(204);
    expect((await alice.api('GET', `/stories/${a.id}`)).status).toBe(404);
  });

  it('sanitises the body: no editor HTML, no javascript: links, on the page and in the preview', async () => {
    const s = await (
      await alice.api('POST', '/stories', {
        translations: {
          en: {
            title: 'XSS <b>bold</b>',
            standfirst: '<script>alert(2)</script>',
            body: `## Heading\n\n${XSS}\n\n[ok](https://example.org)`,
          },
        },
      })
    ).json();
    const preview = await alice.page(`/en/admin/stories/${s.id}/preview`);
    expect(preview.response.status).toBe(200);
    await alice.api('POST', `/stories/${s.id}/publish`);
    const page = await anonymous.page(`/en/stories/${s.slug}`);
    expect(page.response.status).toBe(200);
    for (const html of [preview.html, page.html]) {
      const article = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
      expect(article).toContain('<h2>Heading</h2>');
      expect(article).toContain('<a href="https://example.org" rel="noopener noreferrer">ok</a>');
      // Only tags we allow: no script, image, svg, frame, event handler or javascript:/data: link.
      expect(article).not.toMatch(/<(script|img|svg|iframe|b)\b/i);
      expect(article).not.toMatch(/<[a-z][^>]*\son\w+=/i);
      expect(article).not.toMatch(/<a\b[^>]*href="(javascript|data):/i);
      expect(article).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('a story in one language: the other language’s page says so and links to it', async () => {
    const s = await (
      await alice.api('POST', '/stories', {
        translations: { fr: { title: 'Seulement en français', body: 'Texte français secret.' } },
      })
    ).json();
    await alice.api('POST', `/stories/${s.id}/publish`);
    const fr = await anonymous.page(`/fr/stories/${s.slug}`);
    expect(fr.html).toContain('Texte français secret.');
    const en = await anonymous.page(`/en/stories/${s.slug}`);
    expect(en.response.status).toBe(200);
    expect(en.html).toContain('This story does not exist in English');
    expect(en.html).toContain(`href="/fr/stories/${s.slug}"`);
    expect(en.html).not.toContain('Texte français secret.');
  });

  it('topics: list, rename, 409 on a taken slug, 422 without names; topic pages list published stories', async () => {
    expect((await alice.api('POST', '/topics', { slug: 'defense', name: { fr: 'a', en: 'b' } })).status).toBe(
      409,
    );
    const missing = await alice.api('POST', '/topics', { slug: 'x-y', name: { fr: '' } });
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.fields).toEqual({ 'name.fr': 'required', 'name.en': 'required' });
    const renamed = await bob.api('PATCH', '/topics/defense', {
      name: { fr: 'Défense et sécurité', en: 'Defence and security' },
    });
    expect(renamed.status).toBe(200);
    expect((await alice.api('PATCH', '/topics/none', { name: { fr: 'a', en: 'b' } })).status).toBe(404);
    const s = await (
      await alice.api('POST', '/stories', {
        translations: { en: { title: 'Topic story' }, fr: { title: 'Sujet thématique' } },
        topics: ['defense'],
      })
    ).json();
    expect((await anonymous.page('/en/topics/defense')).html).not.toContain('Topic story');
    await alice.api('POST', `/stories/${s.id}/publish`);
    const page = await anonymous.page('/fr/topics/defense');
    expect(page.html).toContain('Défense et sécurité');
    expect(page.html).toContain('Sujet thématique');
    expect((await anonymous.page('/en/topics/unknown')).response.status).toBe(404);
    const list = await (await alice.api('GET', '/topics')).json();
    expect(list.items.find((x: { slug: string }) => x.slug === 'defense').stories).toBeGreaterThanOrEqual(1);
  });

  it('schedules a story for a time in a zone; a scheduled story is not public; unpublish cancels', async () => {
    const s = await (
      await alice.api('POST', '/stories', { translations: { en: { title: 'Later', body: 'Soon.' } } })
    ).json();
    const scheduled = await alice.api('POST', `/stories/${s.id}/publish`, {
      at: '2099-06-01T09:30:00+02:00',
      timeZone: 'Europe/Paris',
    });
    expect(scheduled.status).toBe(200);
    expect(await scheduled.json()).toMatchObject({
      status: 'scheduled',
      publishAt: '2099-06-01T07:30:00.000Z',
      publishTimeZone: 'Europe/Paris',
    });
    expect((await anonymous.page(`/en/stories/${s.slug}`)).response.status).toBe(404);
    expect((await anonymous.api('GET', `/stories/${s.slug}`)).status).toBe(404);
    const page = await alice.page('/en/admin/stories');
    expect(page.html).toContain('June 2099 at 09:30 (Europe/Paris)');
    const cancelled = await (await alice.api('POST', `/stories/${s.id}/unpublish`)).json();
    expect(cancelled.status).toBe('draft');
    expect((await alice.api('POST', `/stories/${s.id}/unpublish`)).status).toBe(409);
  });
});
