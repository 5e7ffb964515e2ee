// The server's disk fills up while a phone asks a question: nothing is saved, so nothing is acked; the
// phone keeps the question as "sending" and tries again when the server says, and once space returns the
// question arrives, once. (The server side of a full disk is tests/integration/storage.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinRoom, setDiskFull } from '../support/podium.mjs';
import { openView } from '../support/browser.mjs';
import { browserTestSetUp } from '../support/scene.mjs';

const env = browserTestSetUp();


test('a question asked while the server cannot write waits as "sending" and arrives once space returns', { timeout: 60_000 }, async () => {
  const room = 'group-2';
  const { page } = await openView(env.browser, `${env.podium.url}/participant.html?room=${room}`, { width: 360, height: 740 }, { isMobile: true, hasTouch: true });
  const sent = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)))));
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await page.focus('[data-testid="question-input"]');
  await page.waitForFunction(() => /** @type {HTMLSelectElement} */ (document.querySelector('#q-guiding')).options.length > 0);

  setDiskFull(env.podium.child.pid, true);
  const text = 'Who pays for the ramps when the disk is full?';
  await page.fill('[data-testid="question-input"]', text);
  await page.click('[data-testid="question-submit"]');
  const mine = page.locator('[data-testid="my-question"]', { hasText: text });
  await mine.waitFor();
  // Refused with storage_unavailable at least once, and tried again: still waiting, not dropped.
  const asked = () => sent.filter((m) => m.type === 'question.ask' && m.text === text);
  for (let i = 0; i < 100 && asked().length < 2; i++) await page.waitForTimeout(100);
  assert.ok(asked().length >= 2, 'sent again after the refusal');
  assert.equal(await mine.getAttribute('data-state'), 'sending');

  setDiskFull(env.podium.child.pid, false);
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('[data-testid="my-question"]')].some((e) => e.textContent.includes(t) && e.getAttribute('data-state') !== 'sending'),
    text, { timeout: 15_000 });
  assert.equal(new Set(asked().map((m) => m.op_id)).size, 1, 'one op_id however often it went');
  const chair = await joinRoom(env.podium, room, 'facilitator', env.podium.keys[room]);
  assert.equal(chair.welcome.snapshot.questions.filter((/** @type {any} */ q) => q.text === text).length, 1);
  await chair.close();
});
