// Closing the meeting, in Debian's chromium against the real podium binary: the organizer closes it from
// the danger area of the organizer page, after typing the confirmation word (a first attempt is
// cancelled); the phone, the display and the facilitator of group-1 say the meeting has ended, calmly,
// and offer nothing more to do (the phone asks for no floor, the display's clocks stop, the console's
// command buttons are disabled, its exports stay); a WebSocket participant's question is refused with
// `closed`; a phone that sent a question before it heard of the close shows the server's words; and the
// organizer still downloads the record. Screenshots land in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinRoom, startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, viewRegistry } from '../support/browser.mjs';

const ROOM = 'group-1';
const ENDED = 'This meeting has ended — thank you';
const CLOSED_MESSAGE = /The meeting is closed/;
const phoneSize = { width: 360, height: 740 };
const mobile = { isMobile: true, hasTouch: true };

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
/** @type {any} GET /api/meeting */
let meeting;
/** @type {import('../support/podium.mjs').Client[]} */
const clients = [];
const { views, open, page } = viewRegistry(() => browser, () => podium.url);

before(async () => {
  podium = await startPodium();
  browser = await launchChromium();
  meeting = await (await fetch(`${podium.url}/api/meeting`)).json();
});

after(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await browser?.close();
  await podium?.stop();
});

/** The text of an element, or '' when there is none. @param {import('playwright-core').Page} p @param {string} testid */
const text = async (p, testid) => (await p.textContent(`[data-testid="${testid}"]`))?.trim() ?? '';

/** An instant as HH:MM in the meeting's zone, as the pages show it. @param {number} at */
const timeThere = (at) => new Intl.DateTimeFormat('en', { timeZone: meeting.time_zone || 'UTC', hourCycle: 'h23', hour: '2-digit',
  minute: '2-digit' }).format(at);

test('before the close: every view of group-1 is live, someone speaks, a phone waits its turn', { timeout: 90_000 }, async () => {
  const organizer = await open('organizer', `/organizer.html#key=${encodeURIComponent(podium.organizerKey)}`, { width: 1440, height: 1000 });
  const phone = await open('phone', `/participant.html?room=${ROOM}`, phoneSize, mobile);
  const display = await open('display', `/display.html?room=${ROOM}`, { width: 1280, height: 720 });
  const facilitator = await open('facilitator', `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`,
    { width: 1280, height: 900 });
  await organizer.waitForSelector('[data-testid="org-connection"][data-status="live"]');
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  await display.waitForSelector('body[data-live="yes"]');
  await facilitator.waitForSelector('[data-testid="connection"][data-status="live"]');

  // Someone has the floor with the clock running; the phone is next in line.
  const desk = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
  clients.push(desk);
  assert.equal((await desk.command('queue.add', { name: 'Ana Souza', affiliation: 'City of Porto Alegre' })).type, 'ack');
  assert.equal((await desk.command('turn.next', { expected_current: null })).type, 'ack');
  assert.equal((await desk.command('timer.set', { timer: 'segment', duration_ms: 20 * 60_000, label: 'Open discussion' })).type, 'ack');
  assert.equal((await desk.command('timer.start', { timer: 'segment' })).type, 'ack');
  await phone.fill('[data-testid="name-input"]', 'Kofi Mensah');
  await phone.click('[data-testid="ask-button"]');
  await phone.waitForFunction(() => /1st in line/.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  await display.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');
  assert.equal(await text(display, 'speaker-status'), 'Running');

  // Nothing says the meeting ended yet; the danger area explains what closing does.
  assert.equal(await phone.isVisible('[data-testid="closed-banner"]'), false);
  assert.equal(await display.isVisible('[data-testid="d-closed"]'), false);
  assert.equal(await facilitator.isVisible('[data-testid="closed-banner"]'), false);
  assert.match(await text(organizer, 'org-close'), /Every room becomes read-only; minutes and exports stay available/);
  assert.equal(await organizer.isVisible('[data-testid="org-close-form"]'), false);
  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});

test('the organizer closes the meeting after typing CLOSE; a first attempt is cancelled', { timeout: 60_000 }, async () => {
  const organizer = page('organizer');
  // A phone whose WebSocket goes through a gate: shut, what the server sends waits (a slow venue network),
  // so this phone sends a question after the close without knowing of it.
  const late = await browser.newContext({ viewport: phoneSize, ...mobile });
  const latePhone = await late.newPage();
  /** @type {string[]} */
  const lateIssues = [];
  latePhone.on('pageerror', (err) => lateIssues.push(`uncaught: ${err.message}`));
  latePhone.on('console', (msg) => { if (msg.type() === 'error') lateIssues.push(`console error: ${msg.text()}`); });
  let shut = false;
  /** @type {(string|Buffer)[]} */
  const held = [];
  /** @type {((m: string|Buffer) => void)|null} */
  let toPage = null;
  await latePhone.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    toPage = (m) => ws.send(m);
    server.onMessage((m) => { if (shut) held.push(m); else ws.send(m); });
  });
  await latePhone.goto(`${podium.url}/participant.html?room=${ROOM}`);
  await latePhone.waitForSelector('[data-testid="connection"][data-status="live"]');
  // Load the questions card while the room still answers (it loads on first focus).
  await latePhone.focus('[data-testid="question-input"]');
  await latePhone.waitForFunction(() => document.querySelector('[data-testid="question-submit"]') !== null);
  shut = true;

  // Cancelled: nothing happens.
  await organizer.click('[data-testid="org-close-start"]');
  await organizer.waitForSelector('[data-testid="org-close-form"]:not([hidden])');
  assert.equal(await organizer.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'org-close-input');
  assert.equal(await text(organizer, 'org-close-label'), 'To confirm, type CLOSE');
  assert.equal(await organizer.isDisabled('[data-testid="org-close-confirm"]'), true);
  await organizer.fill('[data-testid="org-close-input"]', 'CLOSE');
  assert.equal(await organizer.isDisabled('[data-testid="org-close-confirm"]'), false);
  await organizer.click('[data-testid="org-close-cancel"]');
  assert.equal(await organizer.isVisible('[data-testid="org-close-form"]'), false);
  await organizer.waitForTimeout(300);
  assert.equal(await organizer.isVisible('[data-testid="org-closed"]'), false, 'cancelling closes nothing');

  // The real thing: a wrong word keeps the button disabled, the right one closes every room.
  await organizer.click('[data-testid="org-close-start"]');
  assert.equal(await organizer.inputValue('[data-testid="org-close-input"]'), '', 'the form starts empty again');
  await organizer.fill('[data-testid="org-close-input"]', 'CLOSED');
  assert.equal(await organizer.isDisabled('[data-testid="org-close-confirm"]'), true);
  await organizer.fill('[data-testid="org-close-input"]', 'CLOSE');
  await organizer.click('[data-testid="org-close-confirm"]');
  await organizer.waitForSelector('[data-testid="org-closed"]:not([hidden])');
  assert.equal(await organizer.isVisible('[data-testid="org-close-start"]'), false);

  // When, in the meeting's zone, as every room records it.
  const watcher = await joinRoom(podium, 'group-3', 'display');
  clients.push(watcher);
  const closedAt = watcher.welcome.snapshot.closed_at_ms;
  assert.ok(closedAt > 0, 'the other rooms are closed too');
  assert.equal(await text(organizer, 'org-closed-at'), `Meeting closed at ${timeThere(closedAt)}`);
  // The organizer changes no room any more: no agenda move, no message, no key rotation.
  assert.equal(await organizer.isDisabled('[data-testid="org-agenda-next"]'), true);
  const group = `[data-testid="org-room"][data-room="${ROOM}"]`;
  await organizer.waitForSelector(`${group} [data-testid="org-message-send"]:disabled`);
  assert.equal(await organizer.isDisabled(`${group} [data-testid="org-rotate"]`), true);
  await organizer.screenshot({ path: join(artifacts, 'closed-organizer.png'), fullPage: true });

  // The late phone sends its question now; the server's refusal reaches it with the close.
  await latePhone.fill('[data-testid="question-input"]', 'Will the minutes be sent to us?');
  await latePhone.click('[data-testid="question-submit"]');
  const deadline = Date.now() + 5000;
  while (!held.some((m) => String(m).includes('"reject"')) && Date.now() < deadline) await latePhone.waitForTimeout(50);
  assert.ok(held.some((m) => String(m).includes('"code":"closed"')), `the server refused it: ${held.map(String).join('\n')}`);
  shut = false;
  for (const m of held.splice(0)) toPage?.(m);
  const error = latePhone.locator('[data-testid="error"]');
  await error.waitFor();
  assert.match(await error.innerText(), CLOSED_MESSAGE, 'the server\'s own words');
  await latePhone.waitForSelector('[data-testid="closed-banner"]:not([hidden])');
  assert.deepEqual(lateIssues, []);
  await late.close();
});

test('the phone, the display and the console say it ended and offer nothing more to do', { timeout: 60_000 }, async () => {
  const phone = page('phone');
  const display = page('display');
  const facilitator = page('facilitator');

  // The phone: the thank-you, and no asking for the floor, no question form, no withdrawing.
  await phone.waitForSelector('[data-testid="closed-banner"]:not([hidden])');
  assert.match(await text(phone, 'closed-banner'), new RegExp(`^${ENDED}`));
  assert.equal(await phone.isVisible('[data-testid="ask-card"]'), false);
  assert.equal(await phone.isVisible('[data-testid="ask-button"]'), false);
  assert.equal(await phone.isVisible('[data-testid="question-form"]'), false);
  assert.equal(await phone.locator('[data-testid="my-entries"] button').count(), 0, 'no withdrawing either');
  assert.equal(await phone.isVisible('[data-testid="speaker-timer"]'), false);
  await phone.screenshot({ path: join(artifacts, 'closed-phone.png'), fullPage: true });

  // The display: big, calm, and its clocks stopped at the close.
  await display.waitForSelector('[data-testid="d-closed"]:not([hidden])');
  assert.equal(await text(display, 'd-closed-text'), ENDED);
  assert.match(await text(display, 'd-closed-at'), /^Closed at \d\d:\d\d\.$/);
  const big = await display.evaluate(() =>
    parseFloat(getComputedStyle(/** @type {Element} */ (document.querySelector('[data-testid="d-closed-text"]'))).fontSize));
  assert.ok(big >= 48, `readable across the room: ${big}px`);
  assert.equal(await display.isVisible('[data-testid="speaker-timer"]'), false, 'no timer shown running');
  assert.equal(await text(display, 'speaker-status'), 'Stopped');
  assert.equal(await display.getAttribute('[data-testid="segment-timer"]', 'data-level'), 'idle');
  const frozen = [await text(display, 'speaker-timer'), await text(display, 'segment-timer')];
  await display.waitForTimeout(1500);
  assert.deepEqual([await text(display, 'speaker-timer'), await text(display, 'segment-timer')], frozen, 'the clocks stopped at the close');
  await display.screenshot({ path: join(artifacts, 'closed-display.png') });

  // The console: the banner with the minutes; every control that would send a command is disabled.
  await facilitator.waitForSelector('[data-testid="closed-banner"]:not([hidden])');
  assert.match(await text(facilitator, 'closed-banner'), new RegExp(`^${ENDED}[\\s\\S]*Closed at \\d\\d:\\d\\d\\.`));
  assert.equal(await facilitator.getAttribute('[data-testid="closed-minutes"]', 'href'), `/minutes.html?room=${ROOM}`);
  for (const id of ['next-speaker', 'end-turn', 'toggle-list', 'speaker-toggle', 'segment-toggle', 'premoderation', 'add-name']) {
    assert.equal(await facilitator.isDisabled(`[data-testid="${id}"]`), true, `${id} is disabled`);
  }
  const enabled = await facilitator.evaluate(() => [...document.querySelectorAll('#console :is(button, input, select, textarea)')]
    .filter((el) => !(/** @type {HTMLButtonElement} */ (el)).disabled && !el.closest('[data-view-only]'))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(enabled, [], 'no command can be sent from the console');
  assert.equal(await text(facilitator, 'speaker-state'), 'Stopped');
  const elapsed = await text(facilitator, 'elapsed');
  await facilitator.waitForTimeout(1200);
  assert.equal(await text(facilitator, 'elapsed'), elapsed, 'the speaker\'s time stopped at the close');
  // The record stays: the exports and the minutes; the question tabs still switch.
  await facilitator.locator('[data-testid="exports"] summary').click();
  assert.equal(await facilitator.isDisabled('[data-testid="export-minutes-md"]'), false);
  await facilitator.click('[data-testid="tab-answered"]');
  assert.equal(await facilitator.getAttribute('[data-testid="tab-answered"]', 'aria-pressed'), 'true');
  await facilitator.screenshot({ path: join(artifacts, 'closed-facilitator.png'), fullPage: true });

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});

test('a participant\'s question is refused with `closed`; the organizer still downloads the record', { timeout: 60_000 }, async () => {
  const participant = await joinRoom(podium, ROOM, 'participant');
  clients.push(participant);
  assert.ok(participant.welcome.snapshot.closed_at_ms > 0);
  const refused = await participant.command('question.ask', { text: 'Is anyone still there?' });
  assert.equal(refused.type, 'reject');
  assert.equal(refused.code, 'closed');
  assert.match(refused.message, CLOSED_MESSAGE);

  const res = await fetch(`${podium.url}/api/export/minutes.md`, { headers: { Authorization: `Bearer ${podium.organizerKey}` } });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /^\uFEFF?# /);

  // And through the page, as the organizer would.
  const organizer = page('organizer');
  await organizer.locator('[data-testid="exports"] summary').click();
  const [download] = await Promise.all([organizer.waitForEvent('download'), organizer.click('[data-testid="export-minutes-md"]')]);
  assert.match(readFileSync(await download.path(), 'utf8'), /^\uFEFF?# /);
  await organizer.waitForFunction(() => /^Saved .+\.md\.$/.test(document.querySelector('[data-testid="export-status"]')?.textContent ?? ''));
  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});
