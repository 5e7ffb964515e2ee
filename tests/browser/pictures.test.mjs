// Pictures of every view at a phone's, a tablet's and a 1080p screen's size, in a room mid-meeting
// (scene.mjs): test-artifacts/screenshots/<view>-<size>.png on every run. With PODIUM_UPDATE_PICTURES=1
// the three the README shows (the phone, the facilitator's tablet, the hall's display) are copied to
// tests/pictures/ as well; otherwise the committed ones are only checked to exist and to stay small.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS } from '../support/browser.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const ROOM = 'group-1';
const SHOTS = path.join(ARTIFACTS, 'screenshots');
const COMMITTED = path.resolve(import.meta.dirname, '../pictures');
const UPDATE = process.env.PODIUM_UPDATE_PICTURES === '1';
const MAX_COMMITTED_BYTES = 200_000;

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, extra: { isMobile: true, hasTouch: true } },
  tablet: { viewport: { width: 1024, height: 768 }, extra: { hasTouch: true } },
  '1080p': { viewport: { width: 1920, height: 1080 }, extra: {} },
};
/** The README's three. */
const MAIN = ['participant-phone', 'facilitator-tablet', 'display-1080p'];

const room = browserTestSetUp({ furnish: ROOM });
before(() => mkdirSync(SHOTS, { recursive: true }));

/**
 * Each view: its address, what says it is ready to be seen, and the keys its device keeps (the minutes
 * read the facilitator's, as the console leaves it on the tablet).
 * @returns {Record<string, {path: string, ready: string, stored?: Record<string, string>}>}
 */
function views() {
  const key = encodeURIComponent(room.podium.keys[ROOM]);
  return {
    participant: { path: `/participant.html?room=${ROOM}`, ready: '[data-testid="poll"]:not([hidden]) input' },
    facilitator: { path: `/facilitator.html?room=${ROOM}#key=${key}`, ready: '[data-testid="connection"][data-status="live"]' },
    display: { path: `/display.html?room=${ROOM}`, ready: 'body[data-live="yes"]' },
    organizer: { path: `/organizer.html#key=${encodeURIComponent(room.podium.organizerKey)}`,
      ready: `[data-testid="org-room"] [data-testid="org-room-connection"][data-status="live"]` },
    index: { path: '/', ready: '[data-testid="rooms"] li' },
    minutes: { path: `/minutes.html?room=${ROOM}`, ready: '[data-testid="minutes"]:not([hidden])',
      stored: { [`podium.key.${ROOM}`]: room.podium.keys[ROOM] } },
  };
}

test('every view at phone, tablet and 1080p sizes, in pictures', { timeout: 240_000 }, async (t) => {
  /** @type {string[]} */
  const issues = [];
  for (const [view, { path: where, ready, stored }] of Object.entries(views())) {
    for (const [size, { viewport, extra }] of Object.entries(SIZES)) {
      const context = await room.browser.newContext({ locale: 'en-US', viewport, ...extra });
      if (stored) await context.addInitScript((items) => { for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v); }, stored);
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error') issues.push(`${view}-${size}: ${m.text()}`); });
      page.on('pageerror', (e) => issues.push(`${view}-${size}: ${e.message}`));
      await page.goto(`${room.podium.url}${where}`);
      await page.waitForSelector(ready);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300); // let the ticker settle the digits
      await page.screenshot({ path: path.join(SHOTS, `${view}-${size}.png`), type: 'png' });
      await context.close();
    }
  }
  assert.deepEqual(issues, [], 'no console errors while taking the pictures');

  mkdirSync(COMMITTED, { recursive: true });
  for (const name of MAIN) {
    const committed = path.join(COMMITTED, `${name}.png`);
    if (UPDATE) copyFileSync(path.join(SHOTS, `${name}.png`), committed);
    const { size } = statSync(committed);
    t.diagnostic(`${name}.png: ${size} bytes${UPDATE ? ' (updated)' : ''}`);
    assert.ok(size < MAX_COMMITTED_BYTES, `${name}.png stays under ${MAX_COMMITTED_BYTES} bytes: ${size}`);
  }
});
