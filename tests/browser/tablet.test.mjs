// The facilitator console one-handed and by keyboard, in Debian's chromium against the real podium binary:
// N, Space, + and − drive the floor (checked in the server's own state, read by a second connection), they
// are ignored while typing and when switched off, ? opens their list and Esc closes it; removing a speaker,
// resetting a timer and rejecting a question each offer an Undo for a few seconds instead of a dialog, and
// without it the action reaches the server — before any later command, and even when the page goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { joinRoom } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, viewRegistry } from '../support/browser.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const ROOM = 'group-1';
const TABLET = { width: 1024, height: 768 };
const MINUTE = 60_000;

const env = browserTestSetUp({ chair: ROOM });
const views = viewRegistry(() => env.browser, () => env.podium.url);

/** The room as the server holds it, from a fresh connection's welcome (a facilitator's: it sees every question). */
async function serverState() {
  const c = await joinRoom(env.podium, ROOM, 'facilitator', env.podium.keys[ROOM]);
  await c.close();
  return c.welcome.snapshot;
}

/**
 * Waits until the server's state satisfies `pred` (polled; no fixed sleep decides anything).
 * @param {(state: any) => boolean} pred @param {string} what @param {number} [timeout]
 */
async function serverReaches(pred, what, timeout = 12_000) {
  const until = Date.now() + timeout;
  let state;
  for (;;) {
    state = await serverState();
    if (pred(state)) return state;
    if (Date.now() > until) assert.fail(`the server never reached: ${what}; it has ${JSON.stringify({ current: state.current?.entry.name, queue: state.queue.map((e) => e.name), speaker: state.speaker })}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** @param {any} state */
const names = (state) => state.queue.map((/** @type {any} */ e) => e.name);

/** @param {string} name */
async function addSpeaker(name) {
  const ack = await env.desk.command('queue.add', { name });
  assert.equal(ack.type, 'ack', JSON.stringify(ack));
}

async function openConsole() {
  const page = await views.open('facilitator', `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(env.podium.keys[ROOM])}`, TABLET,
    { hasTouch: true });
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
  return page;
}

/**
 * A command after the ones a key might have sent: once the server shows it, anything sent before it has
 * arrived too. Here the list closed to participants by its button, and opened again.
 * @param {import('playwright-core').Page} page
 */
async function barrier(page) {
  const open = (await serverState()).queue_open;
  await page.click('[data-testid="toggle-list"]');
  await serverReaches((s) => s.queue_open === !open, 'the barrier');
  await page.click('[data-testid="toggle-list"]');
  await serverReaches((s) => s.queue_open === open, 'the barrier back');
  await unfocus(page);
}

/** The focus back on the page itself, off any button or field. @param {import('playwright-core').Page} page */
async function unfocus(page) {
  await page.evaluate(() => /** @type {HTMLElement|null} */ (document.activeElement)?.blur());
}

test('N gives the floor, Space starts and pauses the speaker timer, + and − add and take a minute', { timeout: 60_000 }, async () => {
  for (const name of ['Ana Souza', 'Ben Okafor', 'Chen Li', 'Dana Haddad']) await addSpeaker(name);
  const page = await openConsole();
  await page.locator('[data-testid="queue-entry"]', { hasText: 'Dana Haddad' }).waitFor();

  await page.keyboard.press('n');
  await page.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');
  let state = await serverReaches((s) => s.current?.entry.name === 'Ana Souza' && s.speaker.run === 'running', 'Ana has the floor');
  assert.deepEqual(names(state), ['Ben Okafor', 'Chen Li', 'Dana Haddad']);
  // Space means what the tablet shows (Pause or Resume): wait until it shows the server's state.
  await page.waitForSelector('[data-testid="speaker-toggle"]:text("Pause")');

  await page.keyboard.press(' ');
  state = await serverReaches((s) => s.speaker.run === 'paused', 'the speaker timer paused');
  const left = state.speaker.remaining_ms;
  await page.waitForSelector('[data-testid="speaker-toggle"]:text("Resume")');

  await page.keyboard.press('+');
  await serverReaches((s) => s.speaker.remaining_ms === left + MINUTE, 'a minute more');
  await page.keyboard.press('-');
  await serverReaches((s) => s.speaker.remaining_ms === left, 'a minute less');

  // Space with a button focused (a tap on "Next speaker" leaves it focused) still means the timer.
  await page.focus('[data-testid="next-speaker"]');
  await page.keyboard.press(' ');
  state = await serverReaches((s) => s.speaker.run === 'running', 'the speaker timer running again');
  assert.equal(state.current?.entry.name, 'Ana Souza', 'Space did not press the focused button');
  await page.waitForSelector('[data-testid="speaker-toggle"]:text("Pause")');
  await page.keyboard.press(' ');
  await serverReaches((s) => s.speaker.run === 'paused', 'paused again');
  await page.screenshot({ path: join(artifacts, 'tablet-console.png') });
});

test('the shortcuts are ignored while typing, and off on this device when switched off', { timeout: 60_000 }, async () => {
  const page = views.page('facilitator');
  await page.fill('[data-testid="add-name"]', '');
  await page.focus('[data-testid="add-name"]');
  await page.keyboard.type('N+ -');
  assert.equal(await page.inputValue('[data-testid="add-name"]'), 'N+ -', 'the keys went into the field');
  await barrier(page);
  let state = await serverState();
  assert.equal(state.current?.entry.name, 'Ana Souza', 'typing N gave no one the floor');
  assert.equal(state.speaker.run, 'paused');
  await page.fill('[data-testid="add-name"]', '');

  // Switched off: the keys do nothing, and the choice stays on this device.
  const toggle = page.locator('[data-testid="shortcuts-switch"]');
  assert.equal(await toggle.isChecked(), true, 'on by default');
  await toggle.uncheck();
  await unfocus(page);
  await page.keyboard.press('n');
  await page.keyboard.press(' ');
  await page.keyboard.press('?');
  await barrier(page);
  state = await serverState();
  assert.equal(state.current?.entry.name, 'Ana Souza', 'N is off');
  assert.equal(state.speaker.run, 'paused', 'Space is off');
  assert.equal(await page.locator('[data-testid="shortcuts-help"]').evaluate((d) => /** @type {HTMLDialogElement} */ (d).open), false);

  await page.reload();
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
  assert.equal(await page.locator('[data-testid="shortcuts-switch"]').isChecked(), false, 'still off after a reload');
  await page.locator('[data-testid="shortcuts-switch"]').check();
  await unfocus(page);
  await page.keyboard.press(' ');
  await serverReaches((s) => s.speaker.run === 'running', 'on again: Space starts the timer');
});

test('? opens the list of shortcuts, Esc closes it; no shortcut acts behind it', { timeout: 30_000 }, async () => {
  const page = views.page('facilitator');
  const help = page.locator('[data-testid="shortcuts-help"]');
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid="shortcuts-help"][open]');
  assert.match(await help.innerText(), /Next speaker/);
  assert.match(await help.innerText(), /Space/);
  await page.keyboard.press('n');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[data-testid="shortcuts-help"]')?.hasAttribute('open'));
  await barrier(page);
  assert.equal((await serverState()).current?.entry.name, 'Ana Souza', 'N behind the list did nothing');

  // The button in the bar opens it too; its Close button closes it.
  await page.click('[data-testid="shortcuts-open"]');
  await page.waitForSelector('[data-testid="shortcuts-help"][open]');
  await page.click('[data-testid="shortcuts-close"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="shortcuts-help"]')?.hasAttribute('open'));
});

test('removing a speaker offers Undo; without it the removal reaches the server, before any later command', { timeout: 90_000 }, async () => {
  const page = views.page('facilitator');
  const entry = (/** @type {string} */ name) => page.locator('[data-testid="queue-entry"]', { hasText: name });

  // Undo by the button: back in place, and the server never lost them.
  await entry('Ben Okafor').locator('button[data-action="remove"]').click();
  await entry('Ben Okafor').waitFor({ state: 'detached' });
  assert.match(await page.textContent('[data-testid="undo-text"]') ?? '', /Removed Ben Okafor/);
  assert.deepEqual(names(await serverState()), ['Ben Okafor', 'Chen Li', 'Dana Haddad'], 'not sent yet');
  await page.click('[data-testid="undo-button"]');
  await entry('Ben Okafor').waitFor();
  assert.equal(await page.locator('[data-testid="queue-entry"]').first().innerText().then((t) => t.includes('Ben Okafor')), true, 'first again');
  await page.waitForSelector('[data-testid="undo"][hidden]', { state: 'attached' });

  // Undo by U.
  await entry('Chen Li').locator('button[data-action="remove"]').click();
  await entry('Chen Li').waitFor({ state: 'detached' });
  await page.keyboard.press('u');
  await entry('Chen Li').waitFor();
  await barrier(page);
  assert.deepEqual(names(await serverState()), ['Ben Okafor', 'Chen Li', 'Dana Haddad'], 'an undone removal is never sent');

  // No Undo: the removal is sent when the time is up, and the bar goes.
  await entry('Chen Li').locator('button[data-action="remove"]').click();
  await serverReaches((s) => !names(s).includes('Chen Li'), 'Chen removed after the delay');
  await page.waitForSelector('[data-testid="undo"][hidden]', { state: 'attached' });

  // A later command sends the waiting removal first: removing the first in line and pressing N at once
  // gives the floor to the next one, not to the one removed.
  await entry('Ben Okafor').locator('button[data-action="remove"]').click();
  await entry('Ben Okafor').waitFor({ state: 'detached' });
  await unfocus(page);
  await page.keyboard.press('n');
  const state = await serverReaches((s) => s.current?.entry.name === 'Dana Haddad', 'Dana has the floor');
  assert.deepEqual(names(state), [], 'Ben was removed before the floor moved');
  assert.equal(state.turns.some((/** @type {any} */ t) => t.name === 'Ben Okafor'), false, 'Ben never spoke');
});

test('a removal waiting for its Undo is sent when the page goes away', { timeout: 60_000 }, async () => {
  await addSpeaker('Emeka Obi');
  const page = views.page('facilitator');
  const entry = page.locator('[data-testid="queue-entry"]', { hasText: 'Emeka Obi' });
  await entry.locator('button[data-action="remove"]').click();
  await entry.waitFor({ state: 'detached' });
  await page.goto('about:blank');
  await serverReaches((s) => !names(s).includes('Emeka Obi'), 'Emeka removed on pagehide', 4000);
  await page.goto(`${env.podium.url}/facilitator.html?room=${ROOM}`); // the key is kept on this device
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
});

test('resetting a timer offers Undo; without it the reset reaches the server', { timeout: 60_000 }, async () => {
  const page = views.page('facilitator');
  let state = await serverReaches((s) => s.speaker.run === 'running' || s.speaker.run === 'paused', 'a speaker timer in use');
  if (state.speaker.run === 'paused') {
    await unfocus(page);
    await page.keyboard.press(' ');
    await serverReaches((s) => s.speaker.run === 'running', 'running');
  }
  const reset = page.locator('[data-testid="timer-speaker"] button[data-action="reset"]');
  await reset.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="speaker-state"]')?.textContent === 'Ready');
  assert.match(await page.textContent('[data-testid="undo-text"]') ?? '', /Speaker timer reset/);
  assert.equal((await serverState()).speaker.run, 'running', 'not sent yet');
  await page.click('[data-testid="undo-button"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="speaker-state"]')?.textContent !== 'Ready');
  await barrier(page);
  assert.equal((await serverState()).speaker.run, 'running', 'an undone reset is never sent');

  await reset.click();
  state = await serverReaches((s) => s.speaker.run === 'idle', 'reset after the delay');
  assert.equal(state.speaker.remaining_ms, state.speaker.duration_ms, 'back to its full duration');
});

test('rejecting a question offers Undo, which puts it back; without it the rejection stays', { timeout: 60_000 }, async () => {
  const page = views.page('facilitator');
  const phone = await joinRoom(env.podium, ROOM, 'participant');
  const asked = await phone.command('question.ask', { text: 'Which cities have a human rights office?' });
  assert.equal(asked.type, 'ack', JSON.stringify(asked));
  await page.click('[data-testid="tab-pending"]');
  const pending = page.locator('[data-testid="mod-question"][data-status="pending"]', { hasText: 'human rights office' });
  await pending.locator('[data-testid="mod-reject"]').click();
  await page.waitForSelector('[data-testid="undo"]:not([hidden])');
  await serverReaches((s) => s.questions.some((/** @type {any} */ q) => q.status === 'rejected'), 'rejected');
  await page.click('[data-testid="undo-button"]');
  await serverReaches((s) => s.questions.some((/** @type {any} */ q) => q.status === 'pending'), 'pending again');

  await pending.locator('[data-testid="mod-reject"]').click();
  await page.waitForSelector('[data-testid="undo"]:not([hidden])');
  await page.waitForSelector('[data-testid="undo"][hidden]', { state: 'attached', timeout: 15_000 });
  const state = await serverState();
  assert.equal(state.questions.find((/** @type {any} */ q) => /human rights office/.test(q.text))?.status, 'rejected');
  await phone.close();

  for (const [name, { issues }] of views.views) assert.deepEqual(issues, [], `${name}: no console errors`);
});
