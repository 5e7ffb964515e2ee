// Flaky networks, dropped from the server's side mid-session: a frozen server (SIGSTOP: no FIN, no close
// frame; only the pings can tell) and a killed one restarted on the same port and database. The phone says
// it is offline within a few seconds, keeps the last state with its clock running, comes back by itself,
// resumes from its seq and sends again what was not acknowledged, so a question typed while offline
// arrives exactly once, even across a reload. The display says since when it is not live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { joinRoom, restartPodium, startPodium, tempDir } from '../support/podium.mjs';
import { ARTIFACTS, launchChromium, openView } from '../support/browser.mjs';

const ZONE = 'Europe/Zurich'; // the meeting file's
const PHONE = { width: 360, height: 740 };
const BIG = { width: 1280, height: 720 };

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {{port: number, db: string, dataDir: string, keys: Record<string,string>, organizerKey: string, child: import('node:child_process').ChildProcess, stop: () => Promise<unknown>, kill: () => Promise<unknown>, url: string}} */
let podium;
const data = tempDir('podium-network-');

before(async () => {
  podium = await startPodium({ dataDir: data.dir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (podium?.child.signalCode === null && podium.child.exitCode === null) podium.child.kill('SIGCONT');
  await podium?.stop();
  data.cleanup();
});

/**
 * A phone or display with the protocol messages it sends and receives recorded.
 * @param {string} path @param {{width: number, height: number}} viewport
 */
async function openRecorded(path, viewport) {
  const view = await openView(browser, `${podium.url}${path}`, viewport, viewport === PHONE ? { isMobile: true, hasTouch: true } : {});
  return { ...view, ...record(view.page) };
}

/** Every protocol message a page sends and receives, across sockets and reloads. @param {import('playwright-core').Page} page */
function record(page) {
  /** @type {any[]} */ const sent = [];
  /** @type {any[]} */ const received = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload))));
    ws.on('framereceived', (f) => received.push(JSON.parse(String(f.payload))));
  });
  return { sent, received };
}

/** A fresh facilitator connection's view of the room's questions with this text. @param {string} room @param {string} text */
async function questionsWithText(room, text) {
  const chair = await joinRoom(podium, room, 'facilitator', podium.keys[room]);
  const found = chair.welcome.snapshot.questions.filter((/** @type {any} */ q) => q.text === text);
  chair.close();
  return found;
}

/** Seconds after midnight of "hh:mm:ss". @param {string} text */
function secondOfDay(text) {
  const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  assert.ok(m, `hh:mm:ss: "${text}"`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** The wall-clock time of `at` in the meeting's zone, as seconds after midnight. @param {number} at */
function zurichSecondOfDay(at) {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
  return secondOfDay(text);
}

/** @param {import('playwright-core').Page} page @param {string} text */
async function askQuestion(page, text) {
  await page.fill('[data-testid="question-input"]', text);
  await page.click('[data-testid="question-submit"]');
  await page.locator('[data-testid="my-question"]', { hasText: text }).waitFor();
}

/**
 * The person starts writing a question: the questions card's code loads (it loads on first use), as it
 * must have before the phone can ask anything offline. @param {import('playwright-core').Page} page
 */
async function startWriting(page) {
  await page.focus('[data-testid="question-input"]');
  await page.waitForFunction(() => /** @type {HTMLSelectElement} */ (document.querySelector('#q-guiding')).options.length > 0);
}

/** @param {import('playwright-core').Page} page */
const remaining = (page) => page.getAttribute('[data-testid="speaker-timer"]', 'data-remaining-ms').then(Number);

test('a frozen server: offline within seconds, the clock runs on, resume from seq, questions arrive once', { timeout: 120_000 }, async (t) => {
  const room = 'group-1';
  const chair = await joinRoom(podium, room, 'facilitator', podium.keys[room]);
  const phone = await openRecorded(`/participant.html?room=${room}`, PHONE);
  const display = await openRecorded(`/display.html?room=${room}`, BIG);
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await display.page.waitForSelector('body[data-live="yes"]');
  assert.equal(await display.page.isVisible('[data-testid="stale"]'), false);

  // Someone speaks: the speaker timer runs on both screens.
  assert.equal((await chair.command('queue.add', { name: 'Ana Souza' })).type, 'ack');
  assert.equal((await chair.command('turn.next', { expected_current: null })).type, 'ack');
  await phone.page.waitForSelector('[data-testid="speaker-timer"][data-remaining-ms]');
  await display.page.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');
  chair.close();
  await startWriting(phone.page);
  const seenBefore = phone.received.filter((m) => m.type === 'welcome' || m.type === 'event').at(-1);

  // The server freezes: its sockets stay open, nothing answers. A question goes out on the dead socket
  // at once, before the phone can know.
  const frozenAt = Date.now();
  podium.child.kill('SIGSTOP');
  t.after(() => podium.child.kill('SIGCONT')); // whatever happens below, the next test has a server
  const early = 'Asked the moment the server froze: does it arrive once?';
  await askQuestion(phone.page, early);

  // Within a few seconds the phone says so, by its pings alone.
  await phone.page.waitForSelector('[data-testid="connection"][data-down="yes"]', { timeout: 15_000 });
  const noticed = Date.now() - frozenAt;
  t.diagnostic(`the phone noticed the frozen server after ${noticed} ms`);
  assert.ok(noticed <= 5000 + 1500, `offline shown within 5 s (a second more for a loaded machine): ${noticed} ms`);
  await phone.page.waitForFunction(() => /offline — reconnecting/i.test(document.querySelector('[data-testid="connection"]')?.textContent ?? ''),
    null, { timeout: 15_000 });

  // It keeps the last state, and the clock keeps counting.
  assert.equal(await phone.page.textContent('[data-testid="current-speaker"]'), 'Ana Souza');
  const left = await remaining(phone.page);
  await phone.page.waitForFunction((was) => Number(document.querySelector('[data-testid="speaker-timer"]')?.getAttribute('data-remaining-ms')) < was - 1000,
    left, { timeout: 10_000 });

  // The display: "NOT LIVE since hh:mm:ss", the time it last heard from the room, in the meeting's zone.
  const stale = display.page.locator('[data-testid="stale"][data-since]');
  await stale.waitFor({ state: 'visible', timeout: 15_000 });
  const since = await stale.getAttribute('data-since') ?? '';
  assert.match(await stale.innerText(), new RegExp(`NOT LIVE since ${since}`));
  const lag = (zurichSecondOfDay(frozenAt) - secondOfDay(since) + 86400) % 86400;
  assert.ok(lag <= 6 || lag >= 86400 - 1, `the display was last live at ${since}, the server froze at ${zurichSecondOfDay(frozenAt)} s of the day`);
  await display.page.screenshot({ path: join(ARTIFACTS, 'display-not-live-since.png') });
  await phone.page.screenshot({ path: join(ARTIFACTS, 'participant-offline.png'), fullPage: true });

  // A question typed and sent while offline waits, marked as sending.
  const late = 'Typed while the phone was offline: does it arrive exactly once?';
  await askQuestion(phone.page, late);
  assert.equal(await phone.page.getAttribute(`[data-testid="my-question"]:has-text("${late}")`, 'data-state'), 'sending');

  // The server thaws: the phone comes back by itself and resumes from the seq it had.
  const socketsBefore = phone.sent.filter((m) => m.type === 'hello').length;
  podium.child.kill('SIGCONT');
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]', { timeout: 40_000 });
  await phone.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="my-question"]')]
    .every((el) => el.getAttribute('data-state') !== 'sending'), null, { timeout: 15_000 });
  const hellos = phone.sent.filter((m) => m.type === 'hello');
  assert.ok(hellos.length > socketsBefore, 'a new hello');
  const resumed = hellos.at(-1);
  assert.deepEqual(resumed.resume, { epoch: seenBefore.epoch, seq: seenBefore.seq }, 'resumes from the seq it had');
  const welcome = phone.received.filter((m) => m.type === 'welcome').at(-1);
  assert.ok(Array.isArray(welcome.events) && !welcome.snapshot, 'the missed events, not a snapshot');

  // Each question was sent again under its own op_id only, and the room has each exactly once.
  for (const text of [early, late]) {
    const asks = phone.sent.filter((m) => m.type === 'question.ask' && m.text === text);
    assert.ok(asks.length >= 1, `${text} was sent`);
    assert.equal(new Set(asks.map((m) => m.op_id)).size, 1, `one op_id for "${text}" however often it went`);
    assert.equal((await questionsWithText(room, text)).length, 1, `"${text}" arrives exactly once`);
  }
  t.diagnostic(`sends of the early question: ${phone.sent.filter((m) => m.text === early).length}, of the late one: ${phone.sent.filter((m) => m.text === late).length}`);

  // The display is live again, its marker gone.
  await display.page.waitForSelector('body[data-live="yes"]', { timeout: 40_000 });
  await display.page.locator('[data-testid="stale"]').waitFor({ state: 'hidden' });
  for (const v of [phone, display]) assert.deepEqual(v.issues.filter((i) => !/WebSocket/.test(i)), [], 'no errors');
});

test('a killed server restarted on the same port: a question sent while it was down arrives once, even across a reload', { timeout: 150_000 }, async (t) => {
  const room = 'group-3';
  const phone = await openRecorded(`/participant.html?room=${room}`, PHONE);
  const display = await openRecorded(`/display.html?room=${room}`, BIG);
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await display.page.waitForSelector('body[data-live="yes"]');
  await startWriting(phone.page);
  // The phone's socket goes through the test, which can refuse it while the page itself still loads.
  let refuse = false;
  /** @type {any[]} */
  const relayed = [];
  await phone.page.routeWebSocket(/\/ws$/, (ws) => {
    if (refuse) {
      ws.close();
      return;
    }
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      relayed.push(JSON.parse(String(m)));
      server.send(m);
    });
    server.onMessage((m) => ws.send(m));
  });

  const killedAt = Date.now();
  await podium.kill();
  await phone.page.waitForSelector('[data-testid="connection"][data-down="yes"]', { timeout: 10_000 });
  t.diagnostic(`the phone noticed the killed server after ${Date.now() - killedAt} ms`);
  await display.page.locator('[data-testid="stale"][data-since]').waitFor({ state: 'visible', timeout: 10_000 });
  // The countdown to the next try, on the phone.
  await phone.page.waitForFunction(() => /offline — reconnecting in \d+ seconds?/i.test(document.querySelector('[data-testid="connection"]')?.textContent ?? ''),
    null, { timeout: 30_000 });

  // Asked while the server is down.
  const text = 'Sent while the server was down, then the phone reloaded: once?';
  await askQuestion(phone.page, text);
  const outboxKey = `podium.outbox.participant.${room}`;
  const kept = JSON.parse(await phone.page.evaluate((key) => sessionStorage.getItem(key), outboxKey) ?? '[]');
  assert.equal(kept.length, 1, 'the unacknowledged question is kept');

  // The server comes back, but this phone's network does not yet; the person reloads the page: the
  // question is still there, waiting to go.
  refuse = true;
  podium = await restartPodium(podium);
  await phone.page.reload();
  await phone.page.locator('[data-testid="my-question"][data-state="sending"]', { hasText: text }).waitFor();

  // The network comes back: the question goes under the op_id it had before the reload, and arrives once.
  refuse = false;
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]', { timeout: 40_000 });
  await phone.page.locator('[data-testid="my-question"]:not([data-state="sending"])', { hasText: text }).waitFor({ timeout: 15_000 });
  const asks = relayed.filter((m) => m.type === 'question.ask' && m.text === text);
  assert.deepEqual(asks.map((m) => m.op_id), [kept[0].op_id], 'sent once, under the op_id it had before the reload');
  assert.equal((await questionsWithText(room, text)).length, 1, 'arrives exactly once');
  assert.equal(await phone.page.evaluate((key) => sessionStorage.getItem(key), outboxKey), null, 'nothing left to send');

  await display.page.waitForSelector('body[data-live="yes"]', { timeout: 40_000 });
  await display.page.locator('[data-testid="stale"]').waitFor({ state: 'hidden' });
  for (const v of [phone, display]) assert.deepEqual(v.issues.filter((i) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(i)), [], 'no errors');
});

test('a phone whose own network goes: offline by its pings (the socket is not cut), back at once when it returns', { timeout: 90_000 }, async (t) => {
  const room = 'group-2';
  const phone = await openRecorded(`/participant.html?room=${room}`, PHONE);
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]');

  // Chromium keeps an open WebSocket through setOffline: only the unanswered ping tells.
  const wentAt = Date.now();
  await phone.page.context().setOffline(true);
  await phone.page.waitForSelector('[data-testid="connection"][data-down="yes"]', { timeout: 15_000 });
  const noticed = Date.now() - wentAt;
  t.diagnostic(`the phone noticed its network gone after ${noticed} ms`);
  assert.ok(noticed <= 5000 + 1500, `offline shown within 5 s: ${noticed} ms`);

  // Asking for the floor meanwhile waits; back online, it goes once.
  await phone.page.click('[data-testid="ask-button"]');
  await phone.page.waitForFunction(() => /sending/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  const backAt = Date.now();
  await phone.page.context().setOffline(false);
  await phone.page.waitForSelector('[data-testid="connection"][data-status="live"]', { timeout: 20_000 });
  t.diagnostic(`live again ${Date.now() - backAt} ms after the network came back`);
  await phone.page.waitForFunction(() => /1st in line/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  const chair = await joinRoom(podium, room, 'facilitator', podium.keys[room]);
  assert.equal(chair.welcome.snapshot.queue.length, 1, 'one entry');
  chair.close();
  assert.deepEqual(phone.issues.filter((i) => !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(i)), [], 'no errors');
});
