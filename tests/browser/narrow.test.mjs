// Every view on a small phone (320 px wide) in English, French and Spanish, in a room mid-meeting
// (scene.mjs): nothing scrolls or reaches sideways, no button's words run over its neighbour's, and a table scrolls in
// its own box rather than squeezing its words a letter a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openView } from '../support/browser.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const ROOM = 'group-1';
const PHONE = { width: 320, height: 640 };

const room = browserTestSetUp({ furnish: ROOM });

/** What is wrong with the page's width: sideways scrolling, overlapping buttons, words broken a letter a line. */
function problems(page) {
  return page.evaluate(() => {
    const found = [];
    const width = document.scrollingElement?.scrollWidth ?? 0;
    if (width > innerWidth) found.push(`the page is ${width} px wide`);
    const visible = (/** @type {Element} */ el) => /** @type {HTMLElement} */ (el).checkVisibility?.() && el.getBoundingClientRect().width > 0;
    // Anything reaching past the right edge, unless a box that scrolls sideways holds it (a table's wrap).
    const scrolls = (/** @type {Element} */ el) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    for (const el of [...document.querySelectorAll('body *')].filter(visible)) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1 && !scrolls(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > innerWidth + 1)) {
        found.push(`${el.tagName.toLowerCase()}.${el.className || el.getAttribute('data-testid') || ''} "${(el.textContent ?? '').trim().slice(0, 30)}" reaches ${Math.round(r.right)} px`);
      }
    }
    // Buttons side by side whose boxes overlap, or whose words do not fit in them.
    const buttons = [...document.querySelectorAll('button')].filter(visible);
    for (const b of buttons) {
      if (b.scrollWidth > b.clientWidth + 1) found.push(`button "${b.textContent?.trim()}" is too narrow for its words`);
    }
    for (let i = 0; i < buttons.length; i++) {
      for (let j = i + 1; j < buttons.length; j++) {
        const a = buttons[i].getBoundingClientRect();
        const b = buttons[j].getBoundingClientRect();
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) found.push(`buttons "${buttons[i].textContent?.trim()}" and "${buttons[j].textContent?.trim()}" overlap`);
      }
    }
    // A table cell narrower than its longest word.
    for (const cell of [...document.querySelectorAll('th, td')].filter(visible)) {
      const longest = Math.max(0, ...(cell.textContent ?? '').split(/\s+/).map((w) => w.length));
      const lines = Math.round(cell.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight || '20'));
      if (longest >= 6 && lines > longest / 2) found.push(`table cell "${cell.textContent?.trim().slice(0, 30)}" breaks its words`);
    }
    return found;
  });
}

const VIEWS = [
  { name: 'participant', path: () => `/participant.html?room=${ROOM}`, ready: '[data-testid="connection"][data-status="live"]' },
  { name: 'facilitator', path: () => `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(room.podium.keys[ROOM])}`, ready: '[data-testid="connection"][data-status="live"]' },
  { name: 'organizer', path: () => `/organizer.html#key=${encodeURIComponent(room.podium.organizerKey)}`, ready: '[data-testid="org-connection"][data-status="live"]' },
  // The minutes open with the key the device keeps (the facilitator page keeps it there).
  { name: 'minutes', path: () => `/minutes.html?room=${ROOM}`, ready: '.minutes table', key: `podium.key.${ROOM}` },
  { name: 'landing', path: () => '/', ready: '[data-testid="meeting-subtitle"]:not(:empty)' },
];

for (const lang of ['en', 'fr', 'es']) {
  test(`every view at 320 px in ${lang}: nothing sideways, no button over another, tables scroll in their box`, { timeout: 90_000 }, async () => {
    /** @type {string[]} */
    const found = [];
    for (const view of VIEWS) {
      const [path, hash = ''] = view.path().split('#');
      const url = `${room.podium.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}${hash ? `#${hash}` : ''}`;
      const { page, issues } = await openView(room.browser, 'about:blank', PHONE, { isMobile: true, hasTouch: true });
      try {
        if (view.key) await page.addInitScript(([slot, key]) => localStorage.setItem(slot, key), [view.key, room.podium.keys[ROOM]]);
        await page.goto(url);
        await page.waitForSelector(view.ready, { state: 'attached' });
        await page.waitForTimeout(300);
        for (const p of [...await problems(page), ...issues]) found.push(`${view.name}: ${p}`);
      } finally {
        await page.context().close();
      }
    }
    assert.deepEqual(found, [], `at 320 px in ${lang}`);
  });
}
