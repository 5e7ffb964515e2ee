// The participant page on a small, slow phone (320 × 568, touch), in a room mid-meeting (scene.mjs):
// every request it makes goes to its own origin and all of them together stay under 100 kB on the wire;
// nothing scrolls sideways and no text is cut off; every target is at least 44 × 44 CSS px; the page
// links a web app manifest with PNG icons, so it can be added to the home screen (Chromium says installable). Switching networks (Wi-Fi to
// cellular and back) is network.test.mjs's "a phone whose own network goes".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPodium } from '../support/podium.mjs';
import { launchChromium, launchChromiumProfile } from '../support/browser.mjs';
import { furnishRoom } from '../support/scene.mjs';

const ROOM = 'group-1';
const SMALL_PHONE = { width: 320, height: 568 };

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
/** @type {Awaited<ReturnType<typeof furnishRoom>>} */
let scene;
/** @type {import('playwright-core').Page} */
let phone;
/** @type {import('playwright-core').Request[]} */
const requests = [];
/** @type {string[]} */
const sockets = [];
/** @type {string[]} */
const issues = [];

before(async () => {
  podium = await startPodium();
  browser = await launchChromium();
  scene = await furnishRoom(podium, ROOM);
  // Its own context, recorded from before the first byte: the service workers' requests too, if any.
  const context = await browser.newContext({ locale: 'en-US', viewport: SMALL_PHONE, isMobile: true, hasTouch: true });
  context.on('request', (r) => requests.push(r));
  phone = await context.newPage();
  phone.on('websocket', (ws) => sockets.push(ws.url()));
  phone.on('console', (m) => { if (m.type() === 'error') issues.push(m.text()); });
  phone.on('pageerror', (e) => issues.push(e.message));
  await phone.goto(`${podium.url}/participant.html?room=${ROOM}`);
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  // Everything a participant meets in this room, lazy parts included: the poll and the questions.
  await phone.waitForSelector('[data-testid="poll"]:not([hidden]) input');
  await phone.waitForSelector('[data-testid="room-question"] [data-testid="upvote"]');
  // With their own entry in the line (it brings a withdraw button).
  await phone.fill('[data-testid="name-input"]', 'Maria Fernanda dos Santos Albuquerque');
  await phone.fill('[data-testid="affiliation-input"]', 'Prefeitura Municipal de São José dos Campos');
  await phone.click('[data-testid="ask-button"]');
  await phone.waitForFunction(() => /in line/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  await phone.waitForLoadState('networkidle');
});

after(async () => {
  await scene?.close();
  await browser?.close();
  await podium?.stop();
});

test('every request of the participant page goes to its own origin, under 100 kB on the wire in all', async (t) => {
  const origin = new URL(podium.url);
  const foreign = requests.map((r) => r.url()).filter((u) => new URL(u).origin !== origin.origin);
  assert.deepEqual(foreign, [], 'no request to another origin');
  assert.ok(sockets.length > 0, 'the live connection was recorded');
  assert.deepEqual(sockets.filter((u) => new URL(u).host !== origin.host), [], 'the WebSocket goes to the same host');

  // Headers and (gzip) bodies as received, per request: what a phone on a slow link waits for.
  let transferred = 0;
  let decoded = 0;
  const rows = [];
  for (const request of requests) {
    const response = await request.response();
    const sizes = await request.sizes();
    const body = response ? (await response.body().catch(() => Buffer.alloc(0))).length : 0;
    transferred += sizes.responseHeadersSize + sizes.responseBodySize + sizes.requestHeadersSize;
    decoded += body;
    rows.push(`${new URL(request.url()).pathname} ${sizes.responseBodySize}`);
  }
  t.diagnostic(`${requests.length} requests, ${transferred} bytes on the wire (headers both ways included), ${decoded} bytes decoded`);
  t.diagnostic(rows.join(', '));
  assert.ok(requests.length > 3 && transferred > 0, 'the page and its files were recorded');
  assert.ok(transferred < 100_000, `the participant page transfers ${transferred} bytes`);
  assert.deepEqual(issues, [], 'no console errors or CSP violations');
});

test('at 320 px nothing scrolls sideways and no text is cut off', async () => {
  const width = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(width.scroll <= SMALL_PHONE.width, `the page is ${width.scroll} px wide at ${SMALL_PHONE.width} px`);
  const cut = await phone.evaluate((viewport) => {
    /** @type {string[]} */
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!(el instanceof HTMLElement) || el.getClientRects().length === 0) continue;
      if (el.matches('input, select, textarea, option, .sr-only, .sr-only *')) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!ownText) continue;
      const box = el.getBoundingClientRect();
      const label = `${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.className}] "${el.textContent?.trim().slice(0, 40)}"`;
      if (box.left < -0.5 || box.right > viewport + 0.5) found.push(`${label} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
      // Clipped on purpose (an ellipsis) only where the whole text is a tap or a hover away, in its title.
      const style = getComputedStyle(el);
      const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1 && !el.title) found.push(`${label} is clipped`);
    }
    return found;
  }, SMALL_PHONE.width);
  assert.deepEqual(cut, [], 'every text fits');
});

test('every target on the phone is at least 44 × 44 CSS px', async (t) => {
  const targets = await phone.evaluate(() => {
    const selector = 'button, a[href], input, select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll(selector)].flatMap((el) => {
      if (!(el instanceof HTMLElement) || el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') return [];
      // A link inside a sentence may be as small as the text around it (WCAG 2.5.8's inline exception).
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline'
        && (el.parentElement?.textContent?.trim().length ?? 0) > (el.textContent?.trim().length ?? 0)) return [];
      // A radio or a checkbox is pressed through its whole label.
      const target = el.matches('input[type="radio"], input[type="checkbox"]') ? el.closest('label') ?? el : el;
      const box = target.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.getAttribute('name') ?? el.textContent?.trim().slice(0, 20)}]`;
      return [{ name, width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10 }];
    });
  });
  assert.ok(targets.length >= 15, `the poll, the questions and the forms are on the page: ${targets.length} targets`);
  const smallest = targets.reduce((a, b) => (Math.min(b.width, b.height) < Math.min(a.width, a.height) ? b : a));
  t.diagnostic(`${targets.length} targets; the smallest is ${smallest.name}, ${smallest.width} × ${smallest.height} px`);
  assert.deepEqual(targets.filter((x) => x.width < 44 || x.height < 44), [], 'no target smaller than 44 × 44');
});

test('the page can be added to the home screen: a web app manifest Chromium reads without complaint', async () => {
  const href = await phone.getAttribute('link[rel="manifest"]', 'href');
  assert.ok(href, 'the page links a manifest');
  const url = new URL(href, podium.url);
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/manifest\+json/);
  const manifest = await response.json();
  assert.match(manifest.name, /Podium/);
  assert.ok(manifest.short_name && manifest.short_name.length <= 12, `a short name for under the icon: ${manifest.short_name}`);
  assert.equal(manifest.display, 'standalone');
  assert.equal(new URL(manifest.start_url, url).origin, new URL(podium.url).origin, 'it starts on this server');
  assert.ok(Array.isArray(manifest.icons) && manifest.icons.length > 0, 'an icon');
  // PNGs as well as the SVG (iOS and older Android take no SVG), one Android may mask to a circle, and the
  // one iOS reads from the page: each served with its type, at the size it says.
  const touch = await phone.getAttribute('link[rel="apple-touch-icon"]', 'href');
  assert.ok(touch, 'the page names an icon for iOS');
  const icons = [...manifest.icons, { src: touch, type: 'image/png', sizes: '180x180' }];
  assert.ok(manifest.icons.some((/** @type {any} */ i) => i.type === 'image/png' && i.sizes === '512x512' && i.purpose === 'any'), 'a large PNG');
  assert.ok(manifest.icons.some((/** @type {any} */ i) => i.type === 'image/png' && i.purpose === 'maskable'), 'a maskable PNG');
  for (const icon of icons) {
    const got = await fetch(new URL(icon.src, url));
    assert.equal(got.status, 200, `${icon.src} is served`);
    assert.equal(got.headers.get('content-type')?.split(';')[0], icon.type, `${icon.src} has the type the manifest says`);
    if (icon.type !== 'image/png') continue;
    const png = Buffer.from(await got.arrayBuffer());
    assert.equal(png.toString('latin1', 1, 4), 'PNG', `${icon.src} is a PNG`);
    assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes, `${icon.src} is as large as it says`);
  }
  // Chromium's own reading of it: no parse errors, and the fields as written.
  const cdp = await phone.context().newCDPSession(phone);
  const read = await cdp.send('Page.getAppManifest');
  assert.equal(read.url, url.href);
  assert.deepEqual(read.errors, [], 'Chromium found nothing wrong');
  await cdp.detach();
});

test('Chromium would install it: nothing stands in the way in a normal (not incognito) profile', async () => {
  const profile = mkdtempSync(path.join(tmpdir(), 'podium-profile-'));
  const context = await launchChromiumProfile(profile);
  try {
    const page = await context.newPage();
    await page.goto(`${podium.url}/participant.html?room=${ROOM}`);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'installable');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a browser that cannot run the page says so, in the three languages, instead of staying blank', { timeout: 40_000 }, async () => {
  // Running normally, the note is gone.
  assert.equal(await phone.locator('[data-boot]').count(), 0, 'no loading note once the page runs');
  // The script never arrives (a lost download, or a browser too old to run it): after 8 s the note says what to do.
  const context = await browser.newContext({ locale: 'en-US', viewport: SMALL_PHONE });
  try {
    const page = await context.newPage();
    await page.route('**/js/participant.mjs', (route) => route.abort());
    await page.goto(`${podium.url}/participant.html?room=${ROOM}`);
    const late = page.getByTestId('boot-late');
    assert.equal(await late.evaluate((el) => getComputedStyle(el).visibility), 'hidden', 'not at once: a slow network gets its time');
    await page.waitForFunction(() => getComputedStyle(/** @type {Element} */ (document.querySelector('[data-testid="boot-late"]'))).visibility === 'visible', null, { timeout: 15_000 });
    const text = await late.innerText();
    for (const words of [/too old for Podium/, /trop ancien/, /demasiado antiguo/]) assert.match(text, words);
  } finally {
    await context.close();
  }
  // Without JavaScript at all, it says that.
  const noScript = await browser.newContext({ locale: 'en-US', viewport: SMALL_PHONE, javaScriptEnabled: false });
  try {
    const page = await noScript.newPage();
    await page.goto(`${podium.url}/participant.html?room=${ROOM}`);
    assert.match(await page.getByTestId('noscript').innerText(), /needs JavaScript/);
  } finally {
    await noScript.close();
  }
});
