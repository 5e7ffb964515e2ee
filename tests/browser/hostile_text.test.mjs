// Hostile text from a phone, in Debian's chromium against the real podium binary: markup with an event
// handler, a `javascript:` link and a right-to-left override, as a question and as a name on the speaker
// list. The tablet and the room display show the words as typed (the override removed by the server, so
// "txt.exe" cannot pose as "exe.txt"), no element is made from them, no script runs, and the strict
// Content-Security-Policy is never even tested: nothing reaches it. And a long name in another script
// is cut to the server's byte limit, not silently dropped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { joinRoom, startPodium } from '../support/podium.mjs';
import { launchChromium, openView } from '../support/browser.mjs';

const ROOM = 'group-3';
const RLO = '\u202e';
const QUESTION = `<img src=x onerror="window.__pwned='question'"> [see](javascript:window.__pwned='link') safe${RLO}txt.exe`;
const NAME = `<script>window.__pwned='name'</script>${RLO}Eve`;

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;

before(async () => {
  podium = await startPodium();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await podium?.stop();
});

/**
 * What a page made of the hostile text: no script ran, no element or link came from it, no override.
 * @param {import('playwright-core').Page} page
 */
function damage(page) {
  return page.evaluate((rlo) => ({
    pwned: /** @type {any} */ (window).__pwned ?? null,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
    links: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
    override: document.body.innerText.includes(rlo),
  }), RLO);
}
const HARMLESS = { pwned: null, images: 0, scripts: 0, links: 0, override: false };

test('markup, a javascript: link and a right-to-left override are shown as text on the tablet and the display', { timeout: 90_000 }, async () => {
  const phoneView = await openView(browser, `${podium.url}/participant.html?room=${ROOM}`, { width: 360, height: 740 },
    { isMobile: true, hasTouch: true });
  const tabletView = await openView(browser,
    `${podium.url}/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`, { width: 1024, height: 900 });
  const displayView = await openView(browser, `${podium.url}/display.html?room=${ROOM}`, { width: 1280, height: 720 });
  const [phone, tablet, display] = [phoneView.page, tabletView.page, displayView.page];
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  await tablet.waitForSelector('[data-testid="connection"][data-status="live"]');
  await display.waitForSelector('body[data-live="yes"]');

  // The phone asks for the floor and asks a question, under the hostile name.
  await phone.fill('[data-testid="name-input"]', NAME);
  await phone.click('[data-testid="ask-button"]');
  await phone.waitForFunction(() => /1st in line/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  await phone.fill('[data-testid="question-input"]', QUESTION);
  await phone.fill('[data-testid="question-name"]', NAME);
  await phone.click('[data-testid="question-submit"]');
  await phone.locator('[data-testid="my-question"]').filter({ hasText: 'waiting for moderation' }).waitFor();

  // What the server kept: the words, without the override.
  const desk = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
  const { snapshot } = /** @type {any} */ (desk).welcome;
  const asked = snapshot.questions.find((/** @type {any} */ q) => q.text.includes('onerror'));
  assert.equal(asked.text, QUESTION.replace(RLO, ''));
  assert.equal(asked.name, NAME.replace(RLO, ''));
  assert.equal(snapshot.queue[0].name, NAME.replace(RLO, ''));

  // The tablet: the pending question and the speaker list, as text.
  const pending = tablet.locator('[data-testid="mod-question"][data-status="pending"]', { hasText: 'onerror' });
  await pending.waitFor();
  assert.ok((await pending.innerText()).includes(QUESTION.replace(RLO, '')), await pending.innerText());
  const entry = tablet.locator('[data-testid="queue-entry"]', { hasText: '<script>' });
  await entry.waitFor();
  assert.ok((await entry.innerText()).includes(NAME.replace(RLO, '')));

  // Approved, answered now, and the speaker given the floor: the display shows all of it, big.
  assert.equal((await desk.command('question.moderate', { question_id: asked.id, action: 'approve' })).type, 'ack');
  assert.equal((await desk.command('question.answering', { question_id: asked.id })).type, 'ack');
  assert.equal((await desk.command('turn.next', { expected_current: null })).type, 'ack');
  await desk.close();
  await display.waitForSelector('[data-testid="d-answering"]:not([hidden])');
  assert.equal(await display.textContent('[data-testid="d-answering-text"]'), QUESTION.replace(RLO, ''));
  await display.waitForFunction((name) => document.querySelector('[data-testid="current-speaker"]')?.textContent === name,
    NAME.replace(RLO, ''));
  await tablet.waitForFunction((name) => document.querySelector('[data-testid="current-speaker"]')?.textContent === name,
    NAME.replace(RLO, ''));
  await phone.waitForSelector('[data-testid="answering"]:not([hidden])');

  // A long name in another script fits the field (80 characters) but not the server's 80 bytes: it is
  // cut on a character boundary and sent, not silently dropped.
  const LONG = 'Ngũgĩ wa Thiong\'o '.repeat(5).slice(0, 80);
  await phone.fill('[data-testid="name-input"]', LONG);
  await phone.click('[data-testid="ask-button"]');
  await tablet.locator('[data-testid="queue-entry"]', { hasText: 'Ngũgĩ' }).waitFor();
  const watcher = await joinRoom(podium, ROOM, 'display');
  const cut = /** @type {any} */ (watcher).welcome.snapshot.queue.find((/** @type {any} */ e) => e.name.startsWith('Ngũgĩ'));
  await watcher.close();
  assert.ok(Buffer.byteLength(cut.name) <= 80 && LONG.startsWith(cut.name) && cut.name.length > 60, cut.name);

  for (const [name, page] of [['phone', phone], ['tablet', tablet], ['display', display]]) {
    assert.deepEqual(await damage(/** @type {any} */ (page)), HARMLESS, name);
  }
  for (const [name, view] of [['phone', phoneView], ['tablet', tabletView], ['display', displayView]]) {
    assert.deepEqual(view.issues, [], `${name}: no console errors, no CSP violations`);
  }
});
