// The room display is one screen that never scrolls: at 1280 × 800 (a common projector), 1080p and 4K, in English, French and
// Spanish, with someone speaking, three people waiting, a question being answered and a poll open (the
// busiest a room gets, scene.mjs), everything it shows is inside the screen and nothing is cut off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinRoom } from '../support/podium.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const ROOM = 'group-1';
const SCREENS = [
  { name: 'WXGA', width: 1280, height: 800 }, // the commonest projector
  { name: '1080p', width: 1920, height: 1080 },
  { name: '4K', width: 3840, height: 2160 },
];

const room = browserTestSetUp({ furnish: ROOM });

/**
 * What the page shows outside the screen or cut off: every visible element with text or an image whose box
 * leaves the viewport, or whose text is clipped by an ancestor without an ellipsis saying so.
 * @param {import('playwright-core').Page} page
 */
function offScreen(page) {
  return page.evaluate(() => {
    const found = [];
    /** @param {Element} el */
    const ancestors = (el) => { const list = []; for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) list.push(p); return list; };
    const vw = innerWidth;
    const vh = innerHeight;
    for (const el of document.querySelectorAll('body *')) {
      const html = /** @type {HTMLElement} */ (el);
      if (!html.checkVisibility?.({ checkOpacity: false, checkVisibilityCSS: true })) continue;
      const own = [...html.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()) || html.tagName === 'IMG' || html.tagName === 'PROGRESS';
      if (!own) continue;
      // A line cut short with an ellipsis says so itself.
      if ([html, ...ancestors(html)].some((a) => getComputedStyle(a).textOverflow === 'ellipsis')) continue;
      const r = html.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const label = `${html.tagName.toLowerCase()}[${html.dataset.testid ?? html.className}] "${(html.textContent ?? '').trim().slice(0, 40)}"`;
      if (r.bottom > vh + 1 || r.right > vw + 1 || r.top < -1 || r.left < -1) {
        found.push(`${label} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
        continue;
      }
      // Clipped by a box that hides its overflow: only a one-line ellipsis is allowed to do that.
      for (let p = html.parentElement; p && p !== document.body; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (cs.overflow === 'visible' && cs.overflowY === 'visible') continue;
        const pr = p.getBoundingClientRect();
        if (r.bottom > pr.bottom + 1) {
          found.push(`${label} cut off by ${p.tagName.toLowerCase()}[${p.dataset.testid ?? p.className}] at ${Math.round(pr.bottom)} (text to ${Math.round(r.bottom)})`);
          break;
        }
      }
    }
    return found;
  });
}

/**
 * Opens the display in `lang` and checks it at every screen size: the parts named are shown, nothing is
 * off the screen or cut off, and the page is one screen.
 * @param {string} lang @param {string[]} shown test ids @param {string[]} waitFor selectors present first
 */
async function checkScreens(lang, shown, waitFor) {
  const context = await room.browser.newContext({ locale: 'en-US', viewport: SCREENS[0] });
  try {
    const page = await context.newPage();
    await page.goto(`${room.podium.url}/display.html?room=${ROOM}&lang=${lang}`);
    await page.waitForSelector('body[data-live="yes"]');
    for (const selector of waitFor) await page.waitForSelector(selector, { state: 'attached' });
    for (const screen of SCREENS) {
      await page.setViewportSize(screen);
      await page.waitForTimeout(300); // two ticks: the sizes follow the digits' length
      for (const id of shown) assert.ok(await page.getByTestId(id).last().isVisible(), `${id} is shown at ${screen.name}`);
      assert.deepEqual(await offScreen(page), [], `at ${screen.name} in ${lang}, nothing off the screen or cut off`);
      assert.equal(await page.evaluate(() => document.scrollingElement?.scrollHeight ?? 0), screen.height, `the page is one screen at ${screen.name}`);
    }
  } finally {
    await context.close();
  }
}

for (const lang of ['en', 'fr', 'es']) {
  test(`the display in ${lang}: the speaker, the timers, the queue, the question and the poll all on screen`, { timeout: 60_000 }, async () => {
    await checkScreens(lang, ['current-speaker', 'speaker-timer', 'segment-timer', 'next-speaker', 'join-qr', 'd-answering-text', 'd-poll-question'],
      ['[data-testid="d-answering"]:not([hidden])', '[data-testid="d-poll"]:not([hidden])', '[data-testid="join-box"]:not([hidden])']);
  });
}

test('between questions and polls: three speakers next and the QR code, on screen', { timeout: 60_000 }, async () => {
  const [chair] = /** @type {NonNullable<typeof room.scene>} */ (room.scene).clients;
  const watcher = await joinRoom(room.podium, ROOM, 'display');
  const { snapshot } = /** @type {any} */ (watcher).welcome;
  watcher.close();
  assert.equal((await chair.command('question.answering', { question_id: null })).type, 'ack');
  for (const poll of snapshot.polls) assert.equal((await chair.command('poll.close', { poll_id: poll.id })).type, 'ack');
  for (const lang of ['en', 'fr']) {
    await checkScreens(lang, ['current-speaker', 'speaker-timer', 'segment-timer', 'next-speaker', 'join-qr'],
      ['[data-testid="feature"][hidden]', '[data-testid="join-box"]:not([hidden])']);
  }
});
