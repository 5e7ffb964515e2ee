// The three room views in Debian's chromium against the real podium binary: a participant asks for the
// floor, the facilitator gives it, the display and the phone show it. Screenshots land in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, openView } from '../support/browser.mjs';

const ROOM = 'group-1';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
let dataDir = '';
/** @type {Map<string, {page: import('playwright-core').Page, issues: string[]}>} */
const views = new Map();

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'podium-browser-'));
  podium = await startPodium({ dataDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await podium?.stop().catch(() => {}); // the last test kills it on purpose
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/**
 * @param {string} name @param {string} path @param {{width: number, height: number}} viewport
 * @param {{isMobile?: boolean, hasTouch?: boolean}} [extra]
 */
async function open(name, path, viewport, extra = {}) {
  const view = await openView(browser, `${podium.url}${path}`, viewport, extra);
  views.set(name, view);
  return view.page;
}

/** "2:59" or "+0:03" as signed seconds left. @param {string} text */
function secondsLeft(text) {
  const m = /^(\+)?(?:(\d+):)?(\d+):(\d{2})$/.exec(text.trim());
  assert.ok(m, `not a clock reading: "${text}"`);
  const total = Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] ? -total : total;
}

test('a participant asks for the floor, the facilitator gives it, every view shows it', { timeout: 90_000 }, async () => {
  const display = await open('display', `/display.html?room=${ROOM}`, { width: 1280, height: 720 });
  const phone = await open('participant', `/participant.html?room=${ROOM}`, { width: 360, height: 740 }, { isMobile: true, hasTouch: true });
  const facilitator = await open('facilitator', `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`,
    { width: 1024, height: 768 });

  // The key leaves the address bar at once; every view comes live.
  assert.equal(new URL(facilitator.url()).hash, '');
  await display.waitForSelector('body[data-live="yes"]');
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  await facilitator.waitForSelector('[data-testid="connection"][data-status="live"]');

  // The participant asks with a name.
  await phone.fill('[data-testid="name-input"]', 'Ana Souza');
  await phone.fill('[data-testid="affiliation-input"]', 'City of Porto Alegre');
  await phone.click('[data-testid="ask-button"]');
  await phone.waitForFunction(() => /1st in line/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));

  // The facilitator sees the entry and gives the floor.
  const entry = facilitator.locator('[data-testid="queue-entry"]', { hasText: 'Ana Souza' });
  await entry.waitFor();
  assert.match(await entry.innerText(), /City of Porto Alegre/);
  await facilitator.click('[data-testid="next-speaker"]');
  await facilitator.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');

  // The display shows the speaker and a speaker timer that counts down.
  await display.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');
  assert.equal(await display.textContent('[data-testid="current-affiliation"]'), 'City of Porto Alegre');
  const first = secondsLeft(await display.textContent('[data-testid="speaker-timer"]') ?? '');
  await display.waitForTimeout(1500);
  const second = secondsLeft(await display.textContent('[data-testid="speaker-timer"]') ?? '');
  assert.ok(second < first, `the speaker timer counts down: ${first} then ${second}`);
  // The display rounds up, and on a loaded machine its estimate of the server's clock can trail by a
  // fraction of a second right after a turn starts: 3:01 is the default 3:00 seen a moment early.
  assert.ok(first > 170 && first <= 181, `a fresh turn has the default speaking time: ${first}`);

  // The phone says so, politely, to screen readers too.
  await phone.waitForFunction(() => /you have the floor/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  assert.equal(await phone.getAttribute('[data-testid="my-status"]', 'aria-live'), 'polite');
  assert.equal(await phone.textContent('[data-testid="current-speaker"]'), 'Ana Souza');

  for (const [name, { page }] of views) await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: name !== 'display' });

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});

test('the participant page stays small and its targets large', async () => {
  const phone = views.get('participant')?.page;
  assert.ok(phone, 'the participant page is open');
  // What a phone on venue Wi-Fi downloads (gzip on the wire) and what it must parse (decoded).
  const weight = await phone.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .map((e) => /** @type {PerformanceResourceTiming} */ (e))
      .filter((r) => !r.name.includes('/api/'));
    return {
      transferred: entries.reduce((sum, r) => sum + (r.encodedBodySize || 0), 0),
      decoded: entries.reduce((sum, r) => sum + (r.decodedBodySize || 0), 0),
    };
  });
  assert.ok(weight.transferred > 0 && weight.transferred < 100_000, `participant page transfers ${weight.transferred} bytes`);
  assert.ok(weight.transferred < weight.decoded / 2, `compressed on the wire: ${JSON.stringify(weight)}`);
  assert.ok(weight.decoded < 150_000, `participant page decodes to ${weight.decoded} bytes`);
  const small = await phone.evaluate(() => [...document.querySelectorAll('button, input:not([type="radio"]), .kind')]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
    .filter((x) => x.h < 44));
  assert.deepEqual(small, [], 'every control is at least 44 px tall');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling at 360 px');
});

test('the display says "not live" when the server goes away', { timeout: 30_000 }, async () => {
  const display = views.get('display')?.page;
  assert.ok(display, 'the display is open');
  assert.equal(await display.isVisible('[data-testid="stale"]'), false);
  await podium.kill();
  await display.waitForSelector('[data-testid="stale"]', { state: 'visible', timeout: 20_000 });
  await display.screenshot({ path: join(artifacts, 'display-not-live.png') });
});
