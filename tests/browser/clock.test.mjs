// Same time everywhere: the server is the only clock. First, in node, the estimator's promise that a page's
// server clock never goes backwards when a better estimate comes (it slews); then, in chromium, phones and
// displays, the tablet and the organizer, whose own clocks are minutes off (playwright's page.clock), show the
// same time left on every running timer as the server, to within 100 ms.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ClockEstimator } from '../../web-client/js/clock.mjs';
import { joinRoom, startPodium } from '../support/podium.mjs';
import { launchChromium } from '../support/browser.mjs';

const ROOM = 'group-2';

describe('the estimated server clock', () => {
  /** An estimator on a local clock the test moves. */
  const given = () => {
    const local = { now: 1_000_000 };
    return { local, est: new ClockEstimator(8, () => local.now) };
  };

  test('a better estimate behind the shown time slows the clock down instead of turning it back', () => {
    const { local, est } = given();
    est.sample(local.now - 200, 5_000_000, local.now); // a slow round trip: 200 ms
    const first = est.offset;
    const shown = est.serverNow();
    // A 20 ms round trip says the server is 60 ms behind what the page shows.
    local.now += 10;
    est.sample(local.now - 20, local.now - 10 + first - 60, local.now);
    assert.equal(est.offset, first - 60, 'the estimate itself moves back');
    const readings = [shown];
    for (let i = 0; i < 20; i++) {
      local.now += 10;
      readings.push(est.serverNow());
    }
    for (let i = 1; i < readings.length; i++) assert.ok(readings[i] >= readings[i - 1], `never backwards: ${readings.join(', ')}`);
    // Half speed until it meets the estimate (60 ms back over 120 ms), then real speed on the estimate.
    assert.equal(est.serverNow(), local.now + first - 60);
    assert.ok(readings[5] - readings[0] < 50, 'slower while catching up');
  });

  test('a better estimate ahead is taken at once', () => {
    const { local, est } = given();
    est.roughly(9_000_000);
    assert.equal(est.serverNow(), 9_000_000);
    est.sample(local.now - 10, 9_000_000 + 40, local.now); // the welcome was 45 ms late
    assert.equal(est.serverNow(), 9_000_045);
  });

  test('the server clock itself set back by minutes is followed at once', () => {
    const { local, est } = given();
    est.sample(local.now - 10, 9_000_000, local.now);
    for (let i = 0; i < 8; i++) {
      local.now += 1000;
      est.sample(local.now - 10, local.now - 5 + 7_880_000, local.now);
    }
    assert.equal(est.offset, 7_880_000);
    assert.equal(est.serverNow(), local.now + 7_880_000);
  });
});

describe('skewed browsers', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {Awaited<ReturnType<typeof startPodium>>} */
  let podium;
  /** @type {any} */
  let chair;

  before(async () => {
    podium = await startPodium();
    browser = await launchChromium();
    chair = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
  });

  after(async () => {
    chair?.close();
    await browser?.close();
    await podium?.stop();
  });

  /**
   * A page whose clock reads `skewMs` away from the real one, and the problems it logged.
   * @param {string} path @param {number} skewMs @param {{width: number, height: number}} viewport
   */
  async function skewedPage(path, skewMs, viewport) {
    const context = await browser.newContext({ locale: 'en-US', viewport });
    const page = await context.newPage();
    /** @type {string[]} */
    const issues = [];
    page.on('pageerror', (err) => issues.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => { if (msg.type() === 'error') issues.push(`console error: ${msg.text()}`); });
    await page.clock.install({ time: Date.now() + skewMs });
    // Every value the speaker timer's digits are drawn from (phone and display), from the first one on.
    await page.addInitScript(() => {
      /** @type {any} */ (window).remainingSeen = [];
      document.addEventListener('DOMContentLoaded', () => {
        const el = document.querySelector('[data-testid="speaker-timer"]');
        if (!el) return;
        new MutationObserver(() => {
          const v = el.getAttribute('data-remaining-ms');
          // From the moment the timer runs (an idle display shows the duration it was set to before).
          if (v !== null && el.getAttribute('data-level') !== 'idle') /** @type {any} */ (window).remainingSeen.push(Number(v));
        }).observe(el, { attributes: true, attributeFilter: ['data-remaining-ms'] });
      });
    });
    await page.goto(`${podium.url}${path}`);
    return { page, issues };
  }

  /**
   * How far the page's clock is from this process's (the server's machine), from the reading with the
   * tightest bracket of several. @param {import('playwright-core').Page} page
   */
  async function measureSkew(page) {
    let best = { width: Infinity, skew: 0 };
    for (let i = 0; i < 15; i++) {
      const before = Date.now();
      const at = await page.evaluate(() => Date.now());
      const after = Date.now();
      if (after - before < best.width) best = { width: after - before, skew: at - (before + after) / 2 };
    }
    return best;
  }

  /**
   * The server time at which a timer on this page reaches zero, by the page: the next value its digits are
   * drawn from, plus the real time it was drawn at.
   * @param {import('playwright-core').Page} page @param {string} selector the digits @param {number} skew
   */
  async function endsAtBy(page, selector, skew) {
    const r = await page.evaluate((sel) => new Promise((resolve) => {
      const el = /** @type {HTMLElement} */ (document.querySelector(sel));
      const obs = new MutationObserver(() => {
        obs.disconnect();
        resolve({ left: Number(el.dataset.remainingMs), at: Date.now() });
      });
      obs.observe(el, { attributes: true, attributeFilter: ['data-remaining-ms'] });
    }), selector);
    return /** @type {any} */ (r).left + /** @type {any} */ (r).at - skew;
  }

  /** "2:59" as seconds. @param {string} text */
  function seconds(text) {
    const m = /^(\d+):(\d{2})$/.exec(text.trim());
    assert.ok(m, `a clock reading: "${text}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  }

  test('phones, displays, the tablet and the organizer minutes apart show the same time left, within 100 ms', { timeout: 120_000 }, async (t) => {
    const phone = { width: 360, height: 740 };
    const big = { width: 1280, height: 720 };
    const key = (/** @type {string} */ k) => `#key=${encodeURIComponent(k)}`;
    const room = `[data-testid="org-room"][data-room="${ROOM}"]`;
    const views = [
      { name: 'phone ahead', live: '[data-testid="connection"][data-status="live"]', timers: { speaker: '[data-testid="speaker-timer"]' },
        ...await skewedPage(`/participant.html?room=${ROOM}`, 7 * 60_000, phone) },
      { name: 'phone behind', live: '[data-testid="connection"][data-status="live"]', timers: { speaker: '[data-testid="speaker-timer"]' },
        ...await skewedPage(`/participant.html?room=${ROOM}`, -4 * 60_000 - 321, phone) },
      { name: 'display ahead', live: 'body[data-live="yes"]',
        timers: { speaker: '[data-testid="speaker-timer"]', segment: '[data-testid="segment-timer"]' },
        ...await skewedPage(`/display.html?room=${ROOM}`, 3 * 60_000 + 500, big) },
      { name: 'display behind', live: 'body[data-live="yes"]',
        timers: { speaker: '[data-testid="speaker-timer"]', segment: '[data-testid="segment-timer"]' },
        ...await skewedPage(`/display.html?room=${ROOM}`, -9 * 60_000, big) },
      { name: 'tablet', live: '[data-testid="connection"][data-status="live"]',
        timers: { speaker: '[data-testid="speaker-digits"]', segment: '[data-testid="segment-digits"]' },
        ...await skewedPage(`/facilitator.html?room=${ROOM}${key(podium.keys[ROOM])}`, -2 * 60_000 - 77, big) },
      { name: 'organizer', live: `${room} [data-testid="org-room-connection"][data-status="live"]`,
        timers: { speaker: `${room} [data-part="speaker-digits"]`, segment: `${room} [data-part="segment-digits"]` },
        ...await skewedPage(`/organizer.html${key(podium.organizerKey)}`, 5 * 60_000 + 900, big) },
    ];
    await Promise.all(views.map((v) => v.page.waitForSelector(v.live)));
    // The pages really are minutes off.
    const skews = await Promise.all(views.map((v) => measureSkew(v.page)));
    const asked = [7 * 60_000, -4 * 60_000 - 321, 3 * 60_000 + 500, -9 * 60_000, -2 * 60_000 - 77, 5 * 60_000 + 900];
    skews.forEach((s, i) => assert.ok(Math.abs(s.skew - asked[i]) < 2000, `${views[i].name} is minutes off: ${JSON.stringify(skews)}`));

    // Someone has the floor and the segment runs: both timers run from the server's clock.
    assert.equal((await chair.command('timer.set', { timer: 'segment', duration_ms: 15 * 60_000 })).type, 'ack');
    assert.equal((await chair.command('timer.start', { timer: 'segment' })).type, 'ack');
    assert.equal((await chair.command('queue.add', { name: 'Ana Souza' })).type, 'ack');
    assert.equal((await chair.command('turn.next', { expected_current: null })).type, 'ack');
    const watcher = await joinRoom(podium, ROOM, 'display');
    const { snapshot } = /** @type {any} */ (watcher).welcome;
    watcher.close();
    /** @type {Record<string, number>} */
    const endsAt = { speaker: snapshot.speaker.ends_at_ms, segment: snapshot.segment.ends_at_ms };
    assert.ok(endsAt.speaker > Date.now() && endsAt.segment > Date.now(), `both timers run: ${JSON.stringify(snapshot.speaker)}`);

    // Every timer on every page, turned into when it says the timer reaches zero, against the server's own.
    const readings = views.flatMap((v, i) => Object.entries(v.timers).map(([timer, selector]) => ({ view: v, skew: skews[i].skew, timer, selector })));
    await Promise.all(readings.map((r) => r.view.page.waitForSelector(`${r.selector}[data-remaining-ms]`)));
    /** @type {number[][]} */
    const errors = readings.map(() => []);
    for (let round = 0; round < 5; round++) {
      const ends = await Promise.all(readings.map((r) => endsAtBy(r.view.page, r.selector, r.skew)));
      ends.forEach((e, i) => errors[i].push(e - endsAt[readings[i].timer]));
    }
    const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const medians = errors.map(median);
    const report = readings.map((r, i) => `${r.view.name} ${r.timer}: ${JSON.stringify(errors[i])}`).join('; ');
    t.diagnostic(`error against the server, ms: ${report}`);
    medians.forEach((e, i) => assert.ok(Math.abs(e) <= 100, `${readings[i].view.name}'s ${readings[i].timer} timer within 100 ms of the server: ${report}`));
    for (const timer of ['speaker', 'segment']) {
      const of = medians.filter((_, i) => readings[i].timer === timer);
      assert.ok(Math.max(...of) - Math.min(...of) <= 100, `every ${timer} timer agrees within 100 ms: ${report}`);
    }

    // The digits say the same: whole seconds of the same time left (or the next, at a boundary).
    for (const r of readings) {
      const before = Date.now();
      const text = await r.view.page.textContent(r.selector);
      const after = Date.now();
      const s = seconds(text ?? '');
      const low = Math.ceil((endsAt[r.timer] - after - 100) / 1000);
      const high = Math.ceil((endsAt[r.timer] - before + 100) / 1000);
      assert.ok(s >= low && s <= high, `${r.view.name}'s ${r.timer} timer shows ${text}, the server's time left is ${low}–${high} s`);
    }

    // Never a larger time left than already shown while the estimates settled.
    for (const v of views.slice(0, 4)) {
      const seen = await v.page.evaluate(() => /** @type {any} */ (window).remainingSeen);
      assert.ok(seen.length > 3, `${v.name} drew the timer`);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i] <= seen[i - 1], `${v.name} never counts back up: ${seen.slice(Math.max(0, i - 3), i + 2)}`);
    }
    for (const v of views) assert.deepEqual(v.issues, [], `${v.name}: no errors`);
  });
});
