// Questions and polls in Debian's chromium against the real podium binary: a phone asks a question, the
// facilitator approves it and answers it now, the display shows it; the facilitator runs a poll, two
// phones vote, the results are revealed and the display shows the bars. Screenshots land in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, openView } from '../support/browser.mjs';

const ROOM = 'group-2';
const QUESTION = 'How can a city without a national human rights institution take part in the UPR? <b>not bold</b>';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
let dataDir = '';
/** @type {Map<string, {page: import('playwright-core').Page, issues: string[]}>} */
const views = new Map();

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'podium-qp-'));
  podium = await startPodium({ dataDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await podium?.stop().catch(() => {});
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

const phoneSize = { width: 360, height: 740 };
const mobile = { isMobile: true, hasTouch: true };

/** @param {import('playwright-core').Page} page @param {string} prefix */
async function shoot(page, prefix, name) {
  await page.screenshot({ path: join(artifacts, `${prefix}-${name}.png`), fullPage: name !== 'display' });
}

test('a question goes from a phone through moderation to the display, and a poll from the console to the bars', { timeout: 120_000 }, async () => {
  const display = await open('display', `/display.html?room=${ROOM}`, { width: 1280, height: 720 });
  const phone = await open('phone', `/participant.html?room=${ROOM}`, phoneSize, mobile);
  const phone2 = await open('phone2', `/participant.html?room=${ROOM}`, phoneSize, mobile);
  const facilitator = await open('facilitator', `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`,
    { width: 1024, height: 900 });
  await display.waitForSelector('body[data-live="yes"]');
  for (const p of [phone, phone2, facilitator]) await p.waitForSelector('[data-testid="connection"][data-status="live"]');

  // The phone asks, tagged with a guiding question; it waits for moderation (pre-moderation is on by default).
  await phone.fill('[data-testid="question-input"]', QUESTION);
  assert.match(await phone.textContent('[data-testid="question-count"]') ?? '', new RegExp(`^${[...QUESTION].length} / 500`));
  await phone.fill('[data-testid="question-name"]', 'Amina');
  // The room's guiding questions are offered, once the meeting file has come (it loads beside the room).
  await phone.waitForFunction(() => document.querySelectorAll('[data-testid="question-guiding"] option').length > 1);
  await phone.selectOption('[data-testid="question-guiding"]', { index: 2 });
  await phone.click('[data-testid="question-submit"]');
  const mine = phone.locator('[data-testid="my-question"]');
  await mine.filter({ hasText: 'waiting for moderation' }).waitFor();
  assert.equal(await phone.locator('[data-testid="room-question"]').count(), 0, 'not shown to the room yet');
  assert.equal(await phone2.locator('[data-testid="room-question"]').count(), 0);

  // The facilitator sees it pending (as text, not markup), approves it; an Undo is offered.
  const pending = facilitator.locator('[data-testid="mod-question"][data-status="pending"]', { hasText: 'Amina' });
  await pending.waitFor();
  assert.equal(await pending.locator('b').count(), 0, 'question text is rendered as text');
  assert.match(await pending.innerText(), /<b>not bold<\/b>/);
  await pending.locator('[data-testid="mod-approve"]').click();
  await facilitator.waitForSelector('[data-testid="undo"]:not([hidden])');
  assert.match(await facilitator.textContent('[data-testid="undo-text"]') ?? '', /approved/);
  await phone.waitForFunction(() => /shown to the room/.test(document.querySelector('[data-testid="my-question"]')?.textContent ?? ''));

  // The other phone sees it and upvotes it; the asker sees it marked as theirs, without an upvote button.
  const theirs = phone2.locator('[data-testid="room-question"]', { hasText: 'UPR' });
  await theirs.waitFor();
  await theirs.locator('[data-testid="upvote"]').click();
  await phone2.waitForFunction(() => document.querySelector('[data-testid="upvote"]')?.getAttribute('aria-pressed') === 'true');
  const own = phone.locator('[data-testid="room-question"]', { hasText: 'UPR' });
  await own.waitFor();
  assert.equal(await own.getAttribute('data-yours'), '');
  assert.equal(await own.locator('[data-testid="upvote"]').count(), 0);
  await phone.waitForFunction(() => /1 vote/.test(document.querySelector('[data-testid="room-question"] .votes')?.textContent ?? ''));

  // "Answering now": big on the display, highlighted on the phones and the console.
  await facilitator.click('[data-testid="tab-approved"]');
  const approved = facilitator.locator('[data-testid="mod-question"][data-status="approved"]', { hasText: 'UPR' });
  await approved.waitFor();
  await facilitator.waitForFunction(() => /1 vote/.test(document.querySelector('[data-testid="mod-question"] .q-meta')?.textContent ?? ''));
  await approved.locator('[data-testid="mod-answering"]').click();
  await display.waitForSelector('[data-testid="d-answering"]:not([hidden])');
  assert.equal(await display.textContent('[data-testid="d-answering-text"]'), QUESTION);
  assert.match(await display.textContent('[data-testid="d-answering-name"]') ?? '', /Amina/);
  await phone.waitForSelector('[data-testid="answering"]:not([hidden])');
  await phone2.waitForSelector('[data-testid="answering"]:not([hidden])');
  assert.equal(await phone2.textContent('[data-testid="answering-text"]'), QUESTION);
  await facilitator.waitForSelector('[data-testid="f-answering"]:not([hidden])');
  await display.waitForTimeout(300); // let the ticker settle the digits before the picture
  await shoot(phone, 'questions', 'participant');
  await shoot(facilitator, 'questions', 'facilitator');
  await shoot(display, 'questions', 'display');

  // A poll: created as a draft, opened; the display shows its options and the count of votes.
  await facilitator.click('[data-testid="new-poll"] summary');
  await facilitator.fill('[data-testid="poll-question-input"]', 'Which right should the network prioritise next year?');
  await facilitator.selectOption('[data-testid="poll-kind"]', 'single');
  const optionInputs = facilitator.locator('[data-testid="poll-option-input"]');
  await optionInputs.nth(0).fill('Housing');
  await optionInputs.nth(1).fill('Water and sanitation');
  await facilitator.click('[data-testid="add-option"]');
  await optionInputs.nth(2).fill('Public space');
  await facilitator.click('[data-testid="poll-save"]');
  const draft = facilitator.locator('[data-testid="poll-item"][data-status="draft"]');
  await draft.waitFor();
  await draft.locator('[data-testid="poll-open"]').click();
  await facilitator.waitForSelector('[data-testid="poll-item"][data-status="open"]');
  await display.waitForSelector('[data-testid="d-poll"]:not([hidden])');
  assert.deepEqual(await display.locator('[data-testid="d-poll-option"]').allTextContents(),
    ['Housing', 'Water and sanitation', 'Public space']);
  assert.equal(await display.textContent('[data-testid="d-poll-votes"]'), '0 votes');

  // Two phones vote; the results stay hidden from the room while the poll is open.
  for (const [p, pick] of [[phone, 'Housing'], [phone2, 'Public space']]) {
    await p.waitForSelector('[data-testid="poll"]:not([hidden])');
    await p.locator('[data-testid="poll-form"] label', { hasText: pick }).click();
    await p.click('[data-testid="poll-vote"]');
    await p.waitForFunction(() => /You voted/.test(document.querySelector('[data-testid="poll-status"]')?.textContent ?? ''));
  }
  // A changed vote counts once.
  await phone2.locator('[data-testid="poll-form"] label', { hasText: 'Water and sanitation' }).click();
  await phone2.click('[data-testid="poll-vote"]');
  await phone2.waitForFunction(() => /You voted/.test(document.querySelector('[data-testid="poll-status"]')?.textContent ?? ''));
  await display.waitForFunction(() => document.querySelector('[data-testid="d-poll-votes"]')?.textContent === '2 votes');
  assert.equal(await display.locator('[data-testid="poll-result"]').count(), 0, 'no results on the display before reveal');
  assert.equal(await phone.locator('[data-testid="poll-result"]').count(), 0);
  // The facilitator sees the live counts all along.
  const live = facilitator.locator('[data-testid="poll-item"][data-status="open"] [data-testid="poll-result"]');
  await facilitator.waitForFunction(() => [...document.querySelectorAll('[data-testid="poll-item"] [data-testid="poll-result"]')]
    .map((li) => li.getAttribute('data-count')).join() === '1,1,0');
  assert.equal(await live.count(), 3);
  await shoot(phone2, 'poll', 'participant-open');

  // Close and reveal: the display shows bars with counts and percentages.
  await facilitator.click('[data-testid="poll-close"]');
  await facilitator.waitForSelector('[data-testid="poll-item"][data-status="closed"]');
  await facilitator.click('[data-testid="poll-reveal"]');
  await display.waitForFunction(() => document.querySelectorAll('[data-testid="poll-result"]').length === 3);
  const bars = await display.locator('[data-testid="poll-result"]').evaluateAll((items) => items.map((li) => ({
    count: li.getAttribute('data-count'), text: li.textContent, value: li.querySelector('progress')?.value })));
  assert.deepEqual(bars.map((b) => b.count), ['1', '1', '0']);
  assert.match(bars[0].text ?? '', /Housing.*1 · 50%/);
  assert.match(bars[1].text ?? '', /Water and sanitation.*1 · 50%/);
  assert.match(bars[2].text ?? '', /Public space.*0 · 0%/);
  assert.deepEqual(bars.map((b) => b.value), [50, 50, 0]);
  await phone.waitForFunction(() => document.querySelectorAll('[data-testid="poll-result"]').length === 3);
  await display.waitForTimeout(300);
  await shoot(phone, 'poll', 'participant');
  await shoot(facilitator, 'poll', 'facilitator');
  await shoot(display, 'poll', 'display');

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});

test('undo puts a moderation action back; a duplicate question is refused in words', { timeout: 60_000 }, async () => {
  const phone = views.get('phone')?.page;
  const facilitator = views.get('facilitator')?.page;
  assert.ok(phone && facilitator, 'the pages of the first test are open');

  // Mark it answered, then undo: it is approved again.
  await facilitator.click('[data-testid="tab-approved"]');
  await facilitator.locator('[data-testid="mod-question"][data-status="approved"] [data-testid="mod-answer"]').click();
  await facilitator.waitForSelector('[data-testid="undo"]:not([hidden])');
  await phone.waitForFunction(() => /answered/.test(document.querySelector('[data-testid="my-question"]')?.textContent ?? ''));
  await facilitator.click('[data-testid="undo-button"]');
  await facilitator.waitForSelector('[data-testid="mod-question"][data-status="approved"]');
  await phone.waitForFunction(() => /shown to the room/.test(document.querySelector('[data-testid="my-question"]')?.textContent ?? ''));

  // The same question again from the same phone.
  await phone.fill('[data-testid="question-input"]', QUESTION);
  await phone.click('[data-testid="question-submit"]');
  await phone.waitForFunction(() => /already asked/.test(document.querySelector('[data-testid="question-note"]')?.textContent ?? ''));

  // A pending question can be edited and withdrawn by its asker.
  await phone.fill('[data-testid="question-input"]', 'What budget do city human rights offices have?');
  await phone.click('[data-testid="question-submit"]');
  const waiting = phone.locator('[data-testid="my-question"]', { hasText: 'waiting for moderation' });
  await waiting.waitFor();
  await waiting.locator('button[data-action="edit"]').click();
  await phone.fill('[data-testid="question-input"]', 'What budget do human rights offices in cities usually have?');
  await phone.click('[data-testid="question-submit"]');
  await phone.locator('[data-testid="my-question"]', { hasText: 'usually have' }).filter({ hasText: 'waiting' }).waitFor();
  await facilitator.click('[data-testid="tab-pending"]');
  await facilitator.locator('[data-testid="mod-question"]', { hasText: 'usually have' }).waitFor();
  await phone.locator('[data-testid="my-question"]', { hasText: 'usually have' }).locator('button[data-action="withdraw"]').click();
  await phone.locator('[data-testid="my-question"]', { hasText: 'usually have' }).waitFor({ state: 'detached' });

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});
