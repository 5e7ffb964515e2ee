// The views in French and Spanish in Debian's chromium against the real podium binary: a French browser
// gets French on the phone, the tablet, the display and the organizer page; a phone switched to Spanish
// stays Spanish after a reload; counts take the right form in each language; the display shows its big
// labels in two languages side by side with the digits and names once; and no page shows a raw catalog key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { joinRoom } from '../support/podium.mjs';
import { ARTIFACTS as artifacts } from '../support/browser.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const env = browserTestSetUp();
/** Every page opened, with what it logged that a person would not see. @type {{name: string, issues: string[]}[]} */
const opened = [];

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const TABLET = { viewport: { width: 1024, height: 768 } };
const SCREEN = { viewport: { width: 1280, height: 720 } };
const LAPTOP = { viewport: { width: 1440, height: 1000 } };

/**
 * A page in a browser context of its own with the given locale (its own localStorage and device).
 * @param {string} name @param {string} path @param {string} locale @param {Record<string, any>} options
 */
async function open(name, path, locale, options) {
  const context = await env.browser.newContext({ locale, ...options });
  const page = await context.newPage();
  /** @type {string[]} */
  const issues = [];
  page.on('console', (msg) => { if (msg.type() === 'error') issues.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => issues.push(`uncaught: ${err.message}`));
  opened.push({ name, issues });
  await page.goto(`${env.podium.url}${path}`);
  return page;
}

/** @param {import('playwright-core').Page} page @param {string} id */
const text = async (page, id) => ((await page.textContent(`[data-testid="${id}"]`)) ?? '').trim();

/**
 * Waits until an element's text matches.
 * @param {import('playwright-core').Page} page @param {string} id @param {RegExp} pattern
 */
async function waitText(page, id, pattern) {
  await page.waitForFunction(([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ''),
    [`[data-testid="${id}"]`, pattern.source, pattern.flags]);
}

/**
 * Every text, label, title and placeholder of the page that reads like a catalog key ("q.send"): none
 * should, in any language.
 * @param {import('playwright-core').Page} page
 */
function rawKeys(page) {
  return page.evaluate(() => {
    const found = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) found.push(n.textContent ?? '');
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) found.push(el.getAttribute(attr) ?? '');
    }
    return found.map((s) => s.trim()).filter((s) => /^[a-z_]+(\.[a-z0-9_]+)+$/.test(s));
  });
}

/** @param {import('playwright-core').Page} page */
const htmlLang = (page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

test('a French browser gets French on the phone, the tablet, the display and the organizer page', { timeout: 90_000 }, async () => {
  const room = 'group-1';
  const phone = await open('phone fr', `/participant.html?room=${room}`, 'fr-CH', PHONE);
  const tablet = await open('tablet fr', `/facilitator.html?room=${room}#key=${encodeURIComponent(env.podium.keys[room])}`, 'fr-CH', TABLET);
  const display = await open('display fr', `/display.html?room=${room}`, 'fr-CH', SCREEN);
  const organizer = await open('organizer fr', `/organizer.html#key=${encodeURIComponent(env.podium.organizerKey)}`, 'fr-CH', LAPTOP);

  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  await tablet.waitForSelector('[data-testid="connection"][data-status="live"]');
  await display.waitForSelector('body[data-live="yes"]');
  for (const page of [phone, tablet, display, organizer]) assert.deepEqual(await htmlLang(page), ['fr', 'ltr']);

  // The phone: its words, its switcher with French pressed, and a place in line in French.
  assert.equal(await phone.title(), 'Demander la parole — Podium');
  assert.equal(await text(phone, 'floor-heading'), 'À la parole');
  assert.equal(await text(phone, 'ask-button'), 'Demander la parole');
  assert.equal(await text(phone, 'queue-length'), 'Personne n’attend');
  assert.equal(await phone.getAttribute('[data-testid="lang-switch"] button[data-lang="fr"]', 'aria-pressed'), 'true');
  await phone.click('[data-testid="ask-button"]');
  await waitText(phone, 'my-status', /^Vous êtes en 1re position$/);
  await waitText(phone, 'queue-length', /^1 personne en attente$/);

  // The tablet sees the request with its kind in French.
  assert.equal(await tablet.title(), 'Animation — Podium');
  assert.equal(await text(tablet, 'next-speaker'), 'Intervention suivante');
  const entry = tablet.locator('[data-testid="queue-entry"]');
  await entry.waitFor();
  assert.match(await entry.innerText(), /Nouveau point/);
  assert.match(await tablet.innerText('#queue-h'), /liste des orateurs/i);

  // The display and the organizer page.
  assert.equal(await display.title(), 'Écran — Podium');
  assert.equal(await text(display, 'now-heading'), 'À la parole');
  assert.equal(await text(display, 'current-speaker'), 'Personne n’a la parole');
  assert.equal(await text(display, 'speaker-status'), 'Prêt');
  assert.equal(await organizer.title(), 'Organisation — Podium');
  await waitText(organizer, 'org-connection', /^Salles en direct\s:\s4 sur 4$/);
  assert.match(await organizer.innerText('#agenda-h'), /programme/i);

  // The phone withdraws, in French.
  await phone.click('[data-testid="my-entries"] button[data-action="withdraw"]');
  await waitText(phone, 'my-status', /^Vous ne figurez pas sur la liste\.$/);

  for (const [name, page] of Object.entries({ phone, tablet, display, organizer })) {
    assert.deepEqual(await rawKeys(page), [], `${name}: no raw keys`);
    await page.screenshot({ path: join(artifacts, `languages-fr-${name}.png`), fullPage: name !== 'display' });
  }
});

test('people waiting: one and two, in English, French and Spanish', { timeout: 90_000 }, async () => {
  const cases = [
    { locale: 'en-GB', room: 'group-1', one: /^1 person waiting$/, two: /^2 people waiting$/ },
    { locale: 'fr-FR', room: 'group-2', one: /^1 personne en attente$/, two: /^2 personnes en attente$/ },
    { locale: 'es-419', room: 'group-3', one: /^1 persona en espera$/, two: /^2 personas en espera$/ },
  ];
  for (const { locale, room, one, two } of cases) {
    const phone = await open(`phone ${locale}`, `/participant.html?room=${room}`, locale, PHONE);
    await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
    assert.equal((await htmlLang(phone))[0], locale.slice(0, 2));
    const others = [await joinRoom(env.podium, room, 'participant'), await joinRoom(env.podium, room, 'participant')];
    const entries = [];
    for (const [i, pattern] of [one, two].entries()) {
      const ack = await others[i].command('queue.join', { kind: 'new_point', name: `Speaker ${i + 1}` });
      assert.equal(ack.type, 'ack');
      entries.push(ack.entry_id);
      await waitText(phone, 'queue-length', pattern);
    }
    assert.deepEqual(await rawKeys(phone), [], `${locale}: no raw keys`);
    for (const [i, c] of others.entries()) {
      await c.command('queue.withdraw', { entry_id: entries[i] });
      await c.close();
    }
  }
});

test('a phone switched to Spanish stays Spanish after a reload', { timeout: 60_000 }, async () => {
  const phone = await open('phone es', '/participant.html?room=plenary', 'fr-CH', PHONE);
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  assert.equal(await text(phone, 'ask-button'), 'Demander la parole');

  await Promise.all([phone.waitForEvent('load'), phone.click('[data-testid="lang-switch"] button[data-lang="es"]')]);
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  assert.deepEqual(await htmlLang(phone), ['es', 'ltr']);
  assert.equal(await text(phone, 'ask-button'), 'Pedir la palabra');
  assert.equal(await phone.evaluate(() => localStorage.getItem('podium.lang')), 'es');

  await phone.reload();
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  assert.deepEqual(await htmlLang(phone), ['es', 'ltr']);
  assert.equal(await phone.title(), 'Pedir la palabra — Podium');
  assert.equal(await text(phone, 'floor-heading'), 'Tiene la palabra');
  await phone.click('[data-testid="ask-button"]');
  await waitText(phone, 'my-status', /^Está usted en el n\.º 1 de la lista$/);
  assert.match(await phone.innerText('[data-testid="my-entries"]'), /Nuevo punto/);
  assert.deepEqual(await rawKeys(phone), []);
  await phone.screenshot({ path: join(artifacts, 'languages-es-phone.png'), fullPage: true });
});

test('the display shows its big labels in two languages side by side, digits and names once', { timeout: 60_000 }, async () => {
  const room = 'group-2';
  const display = await open('display en+fr', `/display.html?room=${room}&lang=en+fr`, 'en-US', SCREEN);
  await display.waitForSelector('body[data-live="yes"]');
  assert.deepEqual(await htmlLang(display), ['en', 'ltr']);

  // Someone takes the floor: the name once, the labels in English and French.
  const speaker = await joinRoom(env.podium, room, 'participant');
  assert.equal((await speaker.command('queue.join', { kind: 'new_point', name: 'Ana Souza' })).type, 'ack');
  const chair = await joinRoom(env.podium, room, 'facilitator', env.podium.keys[room]);
  assert.equal((await chair.command('turn.next', { expected_current: null })).type, 'ack');
  await waitText(display, 'current-speaker', /^Ana Souza$/);

  const both = async (/** @type {string} */ id) => display.evaluate((sel) => {
    const el = document.querySelector(sel);
    return [el?.querySelector('.bi-1')?.textContent ?? '', el?.querySelector('.bi-2')?.textContent ?? '', el?.querySelector('.bi-2')?.getAttribute('lang') ?? ''];
  }, `[data-testid="${id}"]`);
  assert.deepEqual(await both('now-heading'), ['Now speaking', 'À la parole', 'fr']);
  await display.waitForFunction(() => document.querySelector('[data-testid="speaker-status"] .bi-2')?.textContent === 'En cours');
  assert.deepEqual(await both('speaker-status'), ['Running', 'En cours', 'fr']);
  assert.deepEqual(await both('queue-more'), ['Nobody is waiting', 'Personne n’attend', 'fr']);
  assert.deepEqual(await display.evaluate(() => [...document.querySelectorAll('#next-h span')].map((s) => s.textContent)), ['Next', 'Ensuite']);
  assert.deepEqual(await both('stale'), ['NOT LIVE — reconnecting…', 'HORS LIGNE — reconnexion…', 'fr']);
  assert.match(await text(display, 'speaker-timer'), /^\d+:\d{2}$/, 'the digits once');
  assert.equal(await text(display, 'current-speaker'), 'Ana Souza', 'the name once');
  assert.deepEqual(await rawKeys(display), []);
  await display.screenshot({ path: join(artifacts, 'languages-display-en-fr.png') });

  // The display's own switcher: French swapped for Spanish as the second language, kept on the device.
  await Promise.all([display.waitForEvent('load'), display.click('[data-testid="lang-second"] button[data-lang="es"]')]);
  await display.waitForSelector('body[data-live="yes"]');
  assert.equal(new URL(display.url()).searchParams.get('lang'), null, 'the address no longer says the languages');
  await display.waitForFunction(() => document.querySelector('[data-testid="now-heading"] .bi-2')?.textContent === 'Tiene la palabra');
  assert.equal(await display.getAttribute('[data-testid="lang-second"] button[data-lang="es"]', 'aria-pressed'), 'true');
  // Pressed again, it goes: one language.
  await Promise.all([display.waitForEvent('load'), display.click('[data-testid="lang-second"] button[data-lang="es"]')]);
  await display.waitForSelector('body[data-live="yes"]');
  assert.equal(await text(display, 'now-heading'), 'Now speaking');
  assert.equal(await display.locator('.bi-2').count(), 0);

  await speaker.close();
  await chair.close();
});

test('no page logged an error or a Content-Security-Policy violation', () => {
  for (const { name, issues } of opened) assert.deepEqual(issues, [], name);
});
