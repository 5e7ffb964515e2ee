// Same time everywhere: the server is the only clock. First, in node, the estimator's promise that a page's
// server clock never goes backwards when a better estimate comes (it slews); then, in chromium, phones and
// displays whose own clocks are minutes off (playwright's page.clock) show the same time left on a running
// timer as the server, to within 100 ms.
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
    // Every value the phone's digits are drawn from, from the first one on.
    await page.addInitScript(() => {
      /** @type {any} */ (window).remainingSeen = [];
      document.addEventListener('DOMContentLoaded', () => {
        const el = document.querySelector('[data-testid="speaker-timer"]');
        if (!el) return;
        new MutationObserver(() => {
          const v = el.getAttribute('data-remaining-ms');
          if (v !== null) /** @type {any} */ (window).remainingSeen.push(Number(v));
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
   * The server time at which this phone's speaker timer reaches zero, by the phone: the next value its
   * digits are drawn from, plus the real time it was drawn at. @param {import('playwright-core').Page} page @param {number} skew
   */
  async function phoneEndsAt(page, skew) {
    const r = await page.evaluate(() => new Promise((resolve) => {
      const el = /** @type {HTMLElement} */ (document.querySelector('[data-testid="speaker-timer"]'));
      const obs = new MutationObserver(() => {
        obs.disconnect();
        resolve({ left: Number(el.dataset.remainingMs), at: Date.now() });
      });
      obs.observe(el, { attributes: true, attributeFilter: ['data-remaining-ms'] });
    }));
    return /** @type {any} */ (r).left + /** @type {any} */ (r).at - skew;
  }

  /** "2:59" as seconds. @param {string} text */
  function seconds(text) {
    const m = /^(\d+):(\d{2})$/.exec(text.trim());
    assert.ok(m, `a clock reading: "${text}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  }

  test('phones and displays minutes apart show the same time left, within 100 ms', { timeout: 90_000 }, async (t) => {
    const phone = { width: 360, height: 740 };
    const big = { width: 1280, height: 720 };
    const views = [
      { name: 'phone ahead', ...await skewedPage(`/participant.html?room=${ROOM}`, 7 * 60_000, phone) },
      { name: 'phone behind', ...await skewedPage(`/participant.html?room=${ROOM}`, -4 * 60_000 - 321, phone) },
      { name: 'display ahead', ...await skewedPage(`/display.html?room=${ROOM}`, 3 * 60_000 + 500, big) },
      { name: 'display behind', ...await skewedPage(`/display.html?room=${ROOM}`, -9 * 60_000, big) },
    ];
    for (const v of views) {
      if (v.name.startsWith('phone')) await v.page.waitForSelector('[data-testid="connection"][data-status="live"]');
      else await v.page.waitForSelector('body[data-live="yes"]');
    }
    // The pages really are minutes off.
    const skews = await Promise.all(views.map((v) => measureSkew(v.page)));
    assert.ok(Math.abs(skews[0].skew - 7 * 60_000) < 2000 && Math.abs(skews[3].skew + 9 * 60_000) < 2000, JSON.stringify(skews));

    // Someone has the floor: the speaker timer runs from the server's clock.
    assert.equal((await chair.command('queue.add', { name: 'Ana Souza' })).type, 'ack');
    const from = chair.messages.length;
    assert.equal((await chair.command('turn.next', { expected_current: null })).type, 'ack');
    const started = await chair.next((m) => m.type === 'event' && m.event.type === 'turn.started', { from });
    const endsAt = started.event.speaker.ends_at_ms;
    assert.ok(endsAt > Date.now(), 'the speaker timer runs');

    // Each phone's reading, turned into when it says the timer reaches zero, against the server's own.
    const phones = views.slice(0, 2);
    await Promise.all(phones.map((v) => v.page.waitForSelector('[data-testid="speaker-timer"][data-remaining-ms]')));
    /** @type {number[][]} */
    const errors = [[], []];
    for (let round = 0; round < 5; round++) {
      const ends = await Promise.all(phones.map((v, i) => phoneEndsAt(v.page, skews[i].skew)));
      ends.forEach((e, i) => errors[i].push(e - endsAt));
    }
    const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [ahead, behind] = errors.map(median);
    t.diagnostic(`phones' error against the server, ms: ${JSON.stringify(errors)}`);
    assert.ok(Math.abs(ahead - behind) <= 100, `the two phones agree within 100 ms: ${JSON.stringify(errors)}`);
    for (const e of [ahead, behind]) assert.ok(Math.abs(e) <= 100, `each phone within 100 ms of the server: ${JSON.stringify(errors)}`);

    // The displays draw whole seconds: each shows what the server's clock says (not its own, minutes off).
    for (let round = 0; round < 3; round++) {
      const before = Date.now();
      const texts = await Promise.all(views.slice(2).map((v) => v.page.textContent('[data-testid="speaker-timer"]')));
      const after = Date.now();
      const low = Math.ceil((endsAt - after - 300) / 1000);
      const high = Math.ceil((endsAt - before + 300) / 1000);
      for (const text of texts) {
        const s = seconds(text ?? '');
        assert.ok(s >= low && s <= high, `a display shows ${text}, the server's time left is ${low}–${high} s`);
      }
    }

    // Never a larger time left than already shown while the estimates settled.
    for (const v of phones) {
      const seen = await v.page.evaluate(() => /** @type {any} */ (window).remainingSeen);
      assert.ok(seen.length > 3, `${v.name} drew the timer`);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i] <= seen[i - 1], `${v.name} never counts back up: ${seen.slice(Math.max(0, i - 3), i + 2)}`);
    }
    for (const v of views) assert.deepEqual(v.issues, [], `${v.name}: no errors`);
  });
});
