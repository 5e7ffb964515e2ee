// Accessibility in Debian's chromium against the real podium binary: axe-core audits every view, filled
// with what a meeting shows (a queue, a speaker, a question being answered, an open poll), against WCAG 2.2
// A and AA, and no serious or critical violation may remain; a reader who asked for less motion gets none;
// and the live regions say the milestones once each: "You are next" and "You have the floor" on the
// phone, the new speaker and the speaker timer's warning and time-up on the display and the console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { joinRoom, startPodium } from '../support/podium.mjs';
import { launchChromium, openView } from '../support/browser.mjs';

const ROOM = 'group-1';
/** The live-region test has a room of its own, with short turns. */
const LIVE_ROOM = 'group-2';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PHONE = { width: 360, height: 740 };
const TABLET = { width: 1024, height: 768 };
const SCREEN = { width: 1920, height: 1080 };
const LAPTOP = { width: 1440, height: 1000 };

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
/** @type {Awaited<ReturnType<typeof joinRoom>>[]} */
const clients = [];

before(async () => {
  podium = await startPodium();
  browser = await launchChromium();
  // The audited room as a meeting shows it: people waiting, one speaking, a question being answered and
  // one waiting for moderation, a poll open.
  const chair = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
  const asker = await joinRoom(podium, ROOM, 'participant');
  clients.push(chair, asker);
  for (const name of ['Amina Diallo', 'Kenji Sato', 'Lucía Pérez']) {
    await ok(chair.command('queue.add', { name, affiliation: 'City of Lyon' }));
  }
  await ok(chair.command('turn.next', { expected_current: null }));
  const answered = await ok(asker.command('question.ask', { text: 'How is the budget shared between the districts?' }));
  await chair.command('question.moderate', { question_id: answered.question_id, action: 'approve' }); // already, without premoderation
  await ok(chair.command('question.answering', { question_id: answered.question_id }));
  await ok(asker.command('question.ask', { text: 'Who maintains the new cycle lanes?' }));
  const poll = await ok(chair.command('poll.create', { question: 'Which topic first?', kind: 'single', options: ['Transport', 'Housing', 'Water'] }));
  await ok(chair.command('poll.open', { poll_id: poll.poll_id }));
});

after(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await browser?.close();
  await podium?.stop();
});

/** @param {Promise<any>} reply */
async function ok(reply) {
  const m = await reply;
  assert.equal(m.type, 'ack', JSON.stringify(m));
  return m;
}

/**
 * A view in a context of its own that lets axe in: the pages' CSP (default-src 'self', no inline script)
 * would refuse the injected script, so only these audit contexts bypass it; every other test keeps it.
 * @param {string} path @param {{width: number, height: number}} viewport @param {Record<string, any>} [extra]
 */
async function openAudited(path, viewport, extra = {}) {
  return openView(browser, `${podium.url}${path}`, viewport, { bypassCSP: true, ...extra });
}

/**
 * Runs axe on the page as it stands and fails on any serious or critical violation, naming the rule, its
 * help and the elements.
 * @param {import('playwright-core').Page} page @param {string} name
 */
async function audit(page, name) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const result = await /** @type {any} */ (window).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((/** @type {any} */ v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 6).map((/** @type {any} */ n) => `${n.target.join(' ')}${n.any[0]?.message ? ` (${n.any[0].message})` : ''}`),
    }));
  }, TAGS);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = serious.map((v) => `${v.id} [${v.impact}]: ${v.help}\n    ${v.targets.join('\n    ')}`);
  assert.deepEqual(text, [], `${name}: axe found\n  ${text.join('\n  ')}`);
}

test('the phone passes axe with a question answered and a poll open', { timeout: 60_000 }, async () => {
  const { page, issues } = await openAudited(`/participant.html?room=${ROOM}`, PHONE, { isMobile: true, hasTouch: true });
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await page.fill('[data-testid="name-input"]', 'Ana Souza');
  await page.click('[data-testid="ask-button"]');
  await page.waitForSelector('[data-testid="my-entry"]');
  await page.fill('[data-testid="question-input"]', 'Can the minutes be translated?');
  await page.click('[data-testid="question-submit"]');
  await page.waitForSelector('[data-testid="my-questions"] li');
  await page.waitForSelector('[data-testid="poll"]:not([hidden])');
  await page.waitForSelector('[data-testid="answering"]:not([hidden])');
  await audit(page, 'participant');
  assert.deepEqual(issues, []);
});

test('the facilitator tablet passes axe with a queue, questions and a poll', { timeout: 60_000 }, async () => {
  const { page, issues } = await openAudited(`/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`, TABLET);
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await page.waitForSelector('[data-testid="queue-entry"]');
  await page.waitForSelector('[data-testid="poll-list"] li');
  await audit(page, 'facilitator');
  // The minutes open on the device that keeps the key.
  const minutes = await page.context().newPage();
  await minutes.goto(`${podium.url}/minutes.html?room=${ROOM}`);
  await minutes.waitForSelector('[data-testid="minutes"]:not([hidden])');
  await audit(minutes, 'minutes');
  assert.deepEqual(issues, []);
});

test('the room display passes axe at 1920×1080', { timeout: 60_000 }, async () => {
  const { page, issues } = await openAudited(`/display.html?room=${ROOM}`, SCREEN);
  await page.waitForSelector('body[data-live="yes"]');
  await page.waitForSelector('[data-testid="feature"]:not([hidden])');
  await page.waitForSelector('[data-testid="next-speaker"]');
  await audit(page, 'display');
  assert.deepEqual(issues, []);
});

test('the organizer, landing, minutes without a key and unknown-code pages pass axe', { timeout: 60_000 }, async () => {
  const organizer = await openAudited(`/organizer.html#key=${encodeURIComponent(podium.organizerKey)}`, LAPTOP);
  await organizer.page.waitForSelector('[data-testid="org-connection"][data-status="live"]');
  await organizer.page.waitForSelector('[data-testid="org-room"]');
  await audit(organizer.page, 'organizer');
  assert.deepEqual(organizer.issues, []);

  const index = await openAudited('/', PHONE, { isMobile: true, hasTouch: true });
  await index.page.waitForSelector('[data-testid="rooms"] li');
  await audit(index.page, 'index');
  assert.deepEqual(index.issues, []);

  const stranger = await openAudited(`/minutes.html?room=${ROOM}`, TABLET);
  await stranger.page.waitForSelector('[data-testid="minutes-message"]:not([hidden])');
  await audit(stranger.page, 'minutes without a key');
  assert.deepEqual(stranger.issues, []);

  // The page comes with a 404, which the console reports: that one is expected.
  const unknown = await openAudited('/j/NOPE99', PHONE, { isMobile: true, hasTouch: true });
  await unknown.page.waitForSelector('[data-testid="unknown-heading"]:not(:empty)');
  await audit(unknown.page, 'unknown code');
  assert.deepEqual(unknown.issues.filter((i) => !/404/.test(i)), []);
});

test('a reader who asked for less motion gets none', { timeout: 60_000 }, async () => {
  for (const [path, viewport] of /** @type {[string, {width: number, height: number}][]} */ ([
    [`/display.html?room=${ROOM}`, SCREEN], [`/participant.html?room=${ROOM}`, PHONE],
    [`/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`, TABLET]])) {
    const { page, issues } = await openView(browser, `${podium.url}${path}`, viewport, { reducedMotion: 'reduce' });
    await page.waitForSelector(':is(body[data-live="yes"], [data-testid="connection"][data-status="live"])');
    assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
    const moving = await page.evaluate(() => document.getAnimations().filter((a) => a.playState !== 'finished').length);
    assert.equal(moving, 0, `${path}: nothing animates`);
    const transition = await page.evaluate(() => getComputedStyle(document.querySelector('button') ?? document.body).transitionDuration);
    assert.equal(transition, '0s', `${path}: no transitions`);
    assert.deepEqual(issues, []);
  }
});

/**
 * Keeps every text a live region takes from now on, in order: what a screen reader would be handed.
 * @param {import('playwright-core').Page} page @param {string} testid
 */
async function listen(page, testid) {
  await page.evaluate((id) => {
    const region = document.querySelector(`[data-testid="${id}"]`);
    if (!region) throw new Error(`no ${id}`);
    const heard = /** @type {string[]} */ ([]);
    /** @type {any} */ (window).heard = heard;
    new MutationObserver(() => {
      if (region.textContent) heard.push(region.textContent);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  }, testid);
}

/** @param {import('playwright-core').Page} page @returns {Promise<string[]>} */
const heard = (page) => page.evaluate(() => /** @type {any} */ (window).heard);

test('the live regions say "you are next", "you have the floor", the speaker and the timer milestones once each', { timeout: 60_000 }, async () => {
  const chair = await joinRoom(podium, LIVE_ROOM, 'facilitator', podium.keys[LIVE_ROOM]);
  clients.push(chair);
  // Four-second turns with a warning two seconds before the end: both milestones come within the test.
  await ok(chair.command('room.configure', { speaking_ms: 4000, warning_ms: 2000 }));

  const phone = await openView(browser, `${podium.url}/participant.html?room=${LIVE_ROOM}`, PHONE, { isMobile: true, hasTouch: true });
  const display = await openView(browser, `${podium.url}/display.html?room=${LIVE_ROOM}`, SCREEN);
  const tablet = await openView(browser, `${podium.url}/facilitator.html?room=${LIVE_ROOM}#key=${encodeURIComponent(podium.keys[LIVE_ROOM])}`, TABLET);
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await display.page.waitForSelector('body[data-live="yes"]');
  await tablet.page.waitForSelector('[data-testid="connection"][data-status="live"]');
  for (const view of [phone, display, tablet]) {
    assert.equal(await view.page.getAttribute(`[data-testid="${view === phone ? 'phone-announcer' : 'announcer'}"]`, 'role'), 'status');
  }
  // Opened with nobody speaking, the big screens say so first; what follows is what the test listens to.
  for (const view of [display, tablet]) {
    await view.page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent === 'Nobody has the floor');
  }
  await listen(phone.page, 'phone-announcer');
  await listen(display.page, 'announcer');
  await listen(tablet.page, 'announcer');

  // First in line: the phone says so in words of its own.
  await phone.page.fill('[data-testid="name-input"]', 'Ana Souza');
  await phone.page.click('[data-testid="ask-button"]');
  await phone.page.waitForFunction(() => document.querySelector('[data-testid="phone-announcer"]')?.textContent === 'You are next');

  // The facilitator gives the floor: the phone's status says it, politely; the big screens name the speaker.
  await ok(chair.command('turn.next', { expected_current: null }));
  await phone.page.waitForFunction(() => /you have the floor/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  assert.equal(await phone.page.getAttribute('[data-testid="my-status"]', 'aria-live'), 'polite');
  assert.equal(await phone.page.textContent('[data-testid="phone-announcer"]'), '', 'no longer next');
  for (const view of [display, tablet]) {
    await view.page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent === 'Now speaking: Ana Souza');
  }

  // The warning, then time-up: each said once, though the screens repaint five times a second.
  for (const view of [display, tablet]) {
    await view.page.waitForFunction(() => /^Speaker time: Time is up/.test(document.querySelector('[data-testid="announcer"]')?.textContent ?? ''),
      undefined, { timeout: 15_000 });
  }
  await display.page.waitForTimeout(1500); // overtime: the words under the digits change every second, the region does not
  for (const [name, view] of /** @type {const} */ ([['display', display], ['console', tablet]])) {
    const said = await heard(view.page);
    assert.equal(said.length, 3, `${name} said: ${JSON.stringify(said)}`);
    assert.equal(said[0], 'Now speaking: Ana Souza');
    assert.match(said[1], /^Speaker time: Warning — 0:0[12] left$/);
    assert.match(said[2], /^Speaker time: Time is up/);
  }
  assert.deepEqual(await heard(phone.page), ['You are next']);
  for (const [name, view] of Object.entries({ phone, display, tablet })) assert.deepEqual(view.issues, [], `${name}: no console errors`);
});
