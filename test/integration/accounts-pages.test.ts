/**
 * The account pages without JavaScript (plain form posts): the French registration flow, CSRF
 * refusals for forms and the JSON API, returnTo that only accepts same-site paths, the signed-in
 * header, Secure cookies behind https, and the development outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/web/i18n/index.ts';
import { client, GOOD_PASSWORD, registerAndVerify } from '../support/accounts.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

describe('account pages', () => {
  let t: TestPortal;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal('pglite', { env: { SMTP_URL: smtp.url }, demo: false });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });

  it('registers in French through the forms, verifies the code and offers the newsletter', async () => {
    const c = client(t.baseUrl, 'fr');
    const form = await c.page('/fr/register');
    expect(form.html).toContain('<label for="field-email">Adresse e-mail</label>');
    expect(form.html).toContain('<script type="module" src="/static/password-rules.js"></script>');
    expect(form.html).toContain('aria-describedby="password-policy"');

    const invalid = await c.form('/fr/register', { email: 'pas-une-adresse', password: 'court' });
    expect(invalid.status).toBe(422);
    const errors = await invalid.text();
    expect(errors).toContain('<h2 id="error-summary-title">Il y a un problème</h2>');
    expect(errors).toContain('<a href="#field-email">Cette adresse e-mail n’est pas valide.</a>');
    expect(errors).toContain('aria-invalid="true"');
    expect(errors).toContain('Au moins 12 caractères');

    const fields = {
      email: 'pages@example.org',
      password: GOOD_PASSWORD,
      passwordConfirm: GOOD_PASSWORD,
      firstName: 'Léa',
      lastName: 'Dubois',
      organisation: 'Journal Exemple',
      jobTitle: 'Reporter',
      country: 'BE',
      language: 'fr',
      acceptTerms: 'on',
    };
    const registered = await c.form('/fr/register', fields);
    expect(registered.status).toBe(303);
    const verifyUrl = registered.headers.get('location') ?? '';
    expect(verifyUrl).toBe('/fr/verify?email=pages%40example.org');
    const verifyPage = await c.page(verifyUrl);
    expect(verifyPage.html).toContain('Vérifiez votre boîte de réception et entrez le code de vérification');
    expect(verifyPage.html).toContain('Vous n’avez pas reçu de code ?');
    const mail = await smtp.waitForMessage('pages@example.org');
    expect(mail.subject).toMatch(/^Votre code de vérification : \d{6}$/);

    const wrong = await c.form('/fr/verify', { email: 'pages@example.org', code: '12345' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Il vous reste 4 essais');
    const resend = await c.form('/fr/verify/resend', { email: 'pages@example.org' });
    expect(resend.status).toBe(429);
    expect(await resend.text()).toMatch(/Vous pourrez en demander un nouveau dans \d+ secondes/);

    const verified = await c.form('/fr/verify', { email: 'pages@example.org', code: extractCode(mail) });
    expect(verified.status).toBe(303);
    expect(verified.headers.get('location')).toBe('/fr/welcome');
    const welcome = await c.page('/fr/welcome');
    expect(welcome.html).toContain('Vous avez créé votre compte avec succès');
    expect(welcome.html).toContain('Désormais, vous pouvez télécharger des versions complètes ou partielles');
    expect(welcome.html).toContain('Léa Dubois');
    await c.form('/fr/welcome/newsletter', {});
    expect((await c.page('/fr/welcome')).html).toContain('Vous êtes abonné à la newsletter.');
    expect((await (await c.api('GET', '/account')).json()).newsletter).toBe(true);
  });

  it('shows times in the zone the account chose, the portal’s until then (issue 15)', async () => {
    const c = await registerAndVerify(t.baseUrl, smtp, 'zone@example.org');
    expect((await c.api('POST', '/account/tokens', { name: 'Zone' })).status).toBe(201);
    const [token] = (await (await c.api('GET', '/account/tokens')).json()).items;
    const created = new Date(token.createdAt);
    const before = await c.page('/en/account');
    expect(before.html).toContain('<option value="">The portal’s (Europe/Brussels)</option>');
    expect(before.html).toContain(formatDateTime('en', created, 'Europe/Brussels'));

    // Through the form, as a journalist would; then times carry the zone named (GMT+9 in English).
    const saved = await c.form('/en/account', {
      firstName: 'Camille',
      lastName: 'Martin',
      organisation: 'Radio Exemple',
      jobTitle: '',
      country: 'FR',
      language: 'en',
      timeZone: 'Asia/Tokyo',
    });
    expect(saved.status).toBe(303);
    const after = await c.page('/en/account');
    expect(after.html).toContain('<option value="Asia/Tokyo" selected>Asia/Tokyo</option>');
    expect(after.html).toContain(formatDateTime('en', created, 'Asia/Tokyo'));
    expect(formatDateTime('en', created, 'Asia/Tokyo')).toMatch(/ GMT\+9$/);
    expect((await (await c.api('GET', '/account')).json()).timeZone).toBe('Asia/Tokyo');

    // A zone that does not exist: refused in the user's language, nothing changed.
    const bad = await c.api('PATCH', '/account', { timeZone: 'Mars/Olympus' }, { 'accept-language': 'fr' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('Choisissez un fuseau horaire de la liste.');
    // Empty: back to the portal's.
    const reset = await c.api('PATCH', '/account', { timeZone: '' });
    expect((await reset.json()).timeZone).toBe('');
    expect((await c.page('/en/account')).html).toContain(formatDateTime('en', created, 'Europe/Brussels'));
  });

  it('refuses form posts without a valid CSRF token or from another origin', async () => {
    const c = client(t.baseUrl);
    await c.page('/en/sign-in');
    const missing = await c.form('/en/sign-in', { email: 'a@example.org', password: 'x' }, { csrf: null });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('This form has expired or does not come from this site.');
    const forged = await c.form(
      '/en/sign-in',
      { email: 'a@example.org', password: 'x' },
      { csrf: 'A'.repeat(43) },
    );
    expect(forged.status).toBe(403);
    const token = c.lastCsrf ?? '';
    const crossSite = await fetch(`${t.baseUrl}/en/sign-in`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: c.jar.header(),
        origin: 'https://evil.example',
      },
      body: new URLSearchParams({ _csrf: token, email: 'a@example.org', password: 'x' }).toString(),
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    // Another browser's token does not fit this browser's cookie.
    const other = client(t.baseUrl);
    await other.page('/en/sign-in');
    expect(
      (await c.form('/en/sign-in', { email: 'a@example.org', password: 'x' }, { csrf: other.lastCsrf }))
        .status,
    ).toBe(403);
  });

  it('refuses cross-site and non-JSON state changes on the API', async () => {
    const signedIn = await registerAndVerify(t.baseUrl, smtp, 'api-csrf@example.org');
    const form = await fetch(`${t.baseUrl}/api/v1/account`, {
      method: 'PATCH',
      headers: { cookie: signedIn.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'newsletter=true',
    });
    expect(form.status).toBe(415);
    const crossOrigin = await signedIn.api(
      'PATCH',
      '/account',
      { newsletter: true },
      { origin: 'https://evil.example' },
    );
    expect(crossOrigin.status).toBe(403);
    const crossSite = await signedIn.api('DELETE', '/session', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await signedIn.api('GET', '/account')).status).toBe(200);
  });

  it('returns only to same-site paths after sign-in', async () => {
    await registerAndVerify(t.baseUrl, smtp, 'return@example.org');
    const cases: [string, string][] = [
      ['//evil.example', '/en/'],
      ['https://evil.example/phish', '/en/'],
      ['/\\evil.example', '/en/'],
      ['/%2F%2Fevil.example', '/en/'],
      ['javascript:alert(1)', '/en/'],
      ['/en/stories/some-story?lang=en', '/en/stories/some-story?lang=en'],
    ];
    for (const [returnTo, expected] of cases) {
      const c = client(t.baseUrl);
      const page = await c.page(`/en/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      expect(page.html, returnTo).toContain(`name="returnTo" value="${expected}"`);
      const response = await c.form('/en/sign-in', {
        email: 'return@example.org',
        password: GOOD_PASSWORD,
        returnTo,
      });
      expect(response.status, returnTo).toBe(303);
      expect(response.headers.get('location'), returnTo).toBe(expected);
    }
  });

  it('shows the signed-in user in the header, with sign-out', async () => {
    const c = client(t.baseUrl);
    await c.page('/en/sign-in');
    await c.form('/en/sign-in', { email: 'return@example.org', password: GOOD_PASSWORD, returnTo: '/en/' });
    const home = await c.page('/en/');
    expect(home.html).toContain('<a href="/en/account">Camille Martin</a>');
    const out = await c.form('/en/sign-out', {});
    expect(out.status).toBe(303);
    expect((await c.page('/en/')).html).toContain('/en/sign-in?returnTo=');
    expect((await c.page('/en/account')).response.status).toBe(303);
  });

  it('resets the password through the pages and goes back to the page the user was on', async () => {
    const c = client(t.baseUrl);
    await c.page('/en/password-reset?returnTo=%2Fen%2Fvideos');
    const requested = await c.form('/en/password-reset', {
      email: 'return@example.org',
      returnTo: '/en/videos',
    });
    expect(requested.headers.get('location')).toBe(
      '/en/password-reset/code?email=return%40example.org&returnTo=%2Fen%2Fvideos',
    );
    await c.page(requested.headers.get('location') ?? '');
    const code = extractCode(
      await smtp.waitForMessage('return@example.org', (m) => m.subject.includes('reset')),
    );
    const step = await c.form('/en/password-reset/code', {
      email: 'return@example.org',
      code,
      returnTo: '/en/videos',
    });
    const newPasswordPage = await step.text();
    expect(newPasswordPage).toContain('Create a new password');
    c.lastCsrf = /name="_csrf" value="([^"]+)"/.exec(newPasswordPage)?.[1] ?? null;
    const weak = await c.form('/en/password-reset/new-password', {
      email: 'return@example.org',
      code,
      returnTo: '/en/videos',
      password: 'password',
      passwordConfirm: 'password',
    });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('This password breaks the following rules:');
    const done = await c.form('/en/password-reset/new-password', {
      email: 'return@example.org',
      code,
      returnTo: '/en/videos',
      password: 'Brand-New-Secret-88',
      passwordConfirm: 'Brand-New-Secret-88',
    });
    expect(done.headers.get('location')).toBe('/en/password-reset/done?returnTo=%2Fen%2Fvideos');
    const page = await c.page(done.headers.get('location') ?? '');
    expect(page.html).toContain('Your password has been updated');
    expect(page.html).toContain('<a class="button-primary" href="/en/videos">Back to the page</a>');
  });
});

describe('account cookies behind https, and the development outbox', () => {
  it('marks cookies Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const t = await startTestPortal('pglite', { env: { PUBLIC_URL: 'https://portal.example' }, demo: false });
    try {
      const page = await fetch(`${t.baseUrl}/en/sign-in`);
      const cookie = page.headers.getSetCookie().find((l) => l.startsWith('__Host-portal_csrf='));
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect((await fetch(`${t.baseUrl}/dev/outbox`)).status).toBe(404);
    } finally {
      await t.stop();
    }
  });

  it('lists outbox messages on /dev/outbox in development only', async () => {
    const previous = process.env.NODE_ENV;
    const t = await startTestPortal('pglite', { env: { NODE_ENV: 'development' }, demo: false });
    try {
      const c = client(t.baseUrl);
      await c.api('POST', '/password-reset', { email: 'anyone@example.org' });
      await c.api('POST', '/accounts', {
        email: 'outbox@example.org',
        password: GOOD_PASSWORD,
        firstName: 'Ana',
        lastName: 'Silva',
        organisation: 'Rádio',
        country: 'PT',
        language: 'en',
        acceptTerms: true,
      });
      await expect
        .poll(async () =>
          (await (await fetch(`${t.baseUrl}/dev/outbox`)).text()).includes('outbox@example.org'),
        )
        .toBe(true);
    } finally {
      await t.stop();
      process.env.NODE_ENV = previous;
    }
  });
});
