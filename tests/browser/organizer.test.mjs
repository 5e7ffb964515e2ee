// The organizer's page in Debian's chromium against the real podium binary: every room at a glance, the
// agenda moved for the whole meeting (a display follows), a message to a facilitator acknowledged, a
// phone joining by code, the display's QR code decoding to the join link, and a facilitator key rotated
// under a connected console. Screenshots land in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, viewRegistry } from '../support/browser.mjs';

const ROOM = 'group-1';
const ITEM = 'thematic-discussions';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
/** @type {any} GET /api/meeting */
let meeting;
const { views, open, page } = viewRegistry(() => browser, () => podium.url);

before(async () => {
  podium = await startPodium();
  browser = await launchChromium();
  meeting = await (await fetch(`${podium.url}/api/meeting`)).json();
});

after(async () => {
  await browser?.close();
  await podium?.stop();
});


const card = (/** @type {string} */ room) => `[data-testid="org-room"][data-room="${room}"]`;

test('the organizer sees every room, moves the agenda, and a display of group-1 follows', { timeout: 90_000 }, async () => {
  assert.ok(podium.organizerKey, 'the server printed an organizer key');
  const organizer = await open('organizer', `/organizer.html#key=${encodeURIComponent(podium.organizerKey)}`, { width: 1440, height: 1000 });
  const display = await open('display', `/display.html?room=${ROOM}`, { width: 1280, height: 720 });

  // The key leaves the address bar at once; every room of the meeting has a live card.
  assert.equal(new URL(organizer.url()).hash, '');
  const rooms = meeting.rooms.map((/** @type {{id: string}} */ r) => r.id);
  assert.equal(rooms.length, 4);
  for (const room of rooms) await organizer.waitForSelector(`${card(room)} [data-testid="org-room-connection"][data-status="live"]`);
  assert.equal(await organizer.locator('[data-testid="org-room"]').count(), 4);
  for (const r of meeting.rooms) assert.equal(await organizer.textContent(`${card(r.id)} [data-testid="org-room-title"]`), r.title);
  await display.waitForSelector('body[data-live="yes"]');
  // Move the whole meeting to the thematic discussions.
  const item = meeting.agenda.find((/** @type {{id: string}} */ i) => i.id === ITEM);
  assert.ok(item, `the agenda has ${ITEM}`);
  await organizer.click(`[data-testid="org-agenda-item"][data-id="${ITEM}"] [data-testid="org-agenda-move"]`);
  await organizer.waitForSelector(`[data-testid="org-agenda-item"][data-id="${ITEM}"][aria-current="step"]`);
  assert.match(await organizer.textContent('[data-testid="org-agenda-now"]') ?? '', /Thematic discussions/);

  // The display shows the item with its times in the meeting's zone, and what comes next.
  await display.waitForFunction((title) => document.querySelector('[data-testid="d-agenda-now"]')?.textContent === title, item.title);
  assert.match(await display.textContent('[data-testid="d-agenda-now-time"]') ?? '', /10:45\s*–\s*12:45/);
  const next = meeting.agenda[meeting.agenda.indexOf(item) + 1];
  assert.equal(await display.textContent('[data-testid="d-agenda-next"]'), next.title);

  // "Next item" moves on from there, then back again by "Move to this item".
  await organizer.click('[data-testid="org-agenda-next"]');
  await display.waitForFunction((title) => document.querySelector('[data-testid="d-agenda-now"]')?.textContent === title, next.title);
  await organizer.click(`[data-testid="org-agenda-item"][data-id="${ITEM}"] [data-testid="org-agenda-move"]`);
  await display.waitForFunction((title) => document.querySelector('[data-testid="d-agenda-now"]')?.textContent === title, item.title);

  // A note to the display stays up on it.
  const group = card(ROOM);
  await organizer.selectOption(`${group} [data-testid="org-message-to"]`, 'display');
  await organizer.fill(`${group} [data-testid="org-message-text"]`, 'Please move to the plenary at 12:45');
  await organizer.click(`${group} [data-testid="org-message-send"]`);
  await display.waitForFunction(() => document.querySelector('[data-testid="d-message-text"]')?.textContent === 'Please move to the plenary at 12:45');
  await display.screenshot({ path: join(artifacts, 'display-agenda.png') });
});

test('a message to group-1\'s facilitator is shown, acknowledged, and the organizer sees it acknowledged', { timeout: 60_000 }, async () => {
  const organizer = page('organizer');
  const facilitator = await open('facilitator', `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`,
    { width: 1280, height: 900 });
  await facilitator.waitForSelector('[data-testid="connection"][data-status="live"]');
  // The console shows where the meeting is.
  await facilitator.waitForFunction(() => /Thematic discussions/.test(document.querySelector('[data-testid="agenda-now"]')?.textContent ?? ''));

  const group = card(ROOM);
  await organizer.selectOption(`${group} [data-testid="org-message-to"]`, 'facilitator');
  await organizer.click(`${group} button[data-action="preset"][data-text="5 minutes left"]`);
  assert.equal(await organizer.inputValue(`${group} [data-testid="org-message-text"]`), '5 minutes left');
  await organizer.click(`${group} [data-testid="org-message-send"]`);
  await organizer.waitForSelector(`${group} [data-testid="org-message"][data-state="waiting"]`);
  assert.match(await organizer.textContent(`${group} [data-testid="org-unacked"]`) ?? '', /1/);

  const note = facilitator.locator('[data-testid="org-message"]', { hasText: '5 minutes left' });
  await note.waitFor();
  assert.equal(await facilitator.isVisible('[data-testid="org-messages"]'), true);
  await facilitator.screenshot({ path: join(artifacts, 'facilitator-message.png') });
  await note.locator('[data-testid="org-ack"]').click();
  await facilitator.waitForSelector('[data-testid="org-messages"]', { state: 'hidden' });

  await organizer.waitForSelector(`${group} [data-testid="org-message"][data-state="acknowledged"]`);
  assert.match(await organizer.textContent(`${group} [data-testid="org-message"][data-state="acknowledged"]`) ?? '', /acknowledged/);
  assert.equal(await organizer.getAttribute(`${group} [data-testid="org-unacked"]`, 'data-count'), '0');
});

test('a phone joins group-1 by its code and lands on the participant page', { timeout: 30_000 }, async () => {
  const code = meeting.rooms.find((/** @type {{id: string}} */ r) => r.id === ROOM).join_code;
  assert.match(code, /^[A-Z0-9]{4,}$/);
  const phone = await open('participant', `/j/${code}`, { width: 360, height: 740 }, { isMobile: true, hasTouch: true });
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
  const landed = new URL(phone.url());
  assert.equal(landed.pathname, '/participant.html');
  assert.equal(landed.searchParams.get('room'), ROOM);
  await phone.waitForFunction(() => /Thematic discussions/.test(document.querySelector('[data-testid="agenda-now"]')?.textContent ?? ''));
  await phone.screenshot({ path: join(artifacts, 'participant-agenda.png') });
});

test('the QR code on the display decodes to the join link', { timeout: 30_000 }, async () => {
  const display = page('display');
  const code = meeting.rooms.find((/** @type {{id: string}} */ r) => r.id === ROOM).join_code;
  await display.waitForSelector('[data-testid="join-box"]:not([hidden])');
  assert.equal(await display.textContent('[data-testid="join-link"]'), `${new URL(podium.url).host}/j/${code}`, 'the link as typed: no scheme');
  // Rasterise the (same-origin) SVG in the page at 8 px a module, white around it, and decode here.
  const image = await display.evaluate(async () => {
    const img = /** @type {HTMLImageElement} */ (document.querySelector('[data-testid="join-qr"]'));
    await img.decode();
    const size = 800;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 40, 40, size - 80, size - 80);
    const data = ctx.getImageData(0, 0, size, size).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { size, base64: btoa(binary), alt: img.alt };
  });
  const pixels = new Uint8ClampedArray(Buffer.from(image.base64, 'base64'));
  const decoded = jsQR(pixels, image.size, image.size);
  assert.ok(decoded, 'the QR code decodes');
  assert.equal(decoded.data, `${podium.url}/j/${code}`);
  assert.match(image.alt, /QR code/);
});

test('the organizer sees the connected devices of each room by role', { timeout: 30_000 }, async () => {
  const organizer = page('organizer');
  /** Waits for a room's presence line to match, and fails with the line as it stands. @param {string} room @param {RegExp} re */
  const presence = async (room, re) => {
    const sel = `${card(room)} [data-testid="org-presence"]`;
    await organizer.waitForFunction(([s, source]) => new RegExp(source).test(document.querySelector(s)?.textContent ?? ''),
      [sel, re.source], { timeout: 10_000 }).catch(() => {});
    assert.match(await organizer.textContent(sel) ?? '', re, `${room}'s connected devices`);
  };
  // By now group-1 has this page, a display, a facilitator and a phone; the tallies say so. PROTOCOL.md:
  // presence is {participant, display, facilitator, organizer}, all four counted.
  await presence(ROOM, /participants: 1, displays: 1, facilitators: 1, organizers: 1$/);
  // A room nobody but the organizer joined: zeros, not "not known yet".
  await presence('group-3', /participants: 0, displays: 0, facilitators: 0, organizers: 1$/);
});

test('rotating group-1\'s key disconnects the console, which asks for the new key and takes it', { timeout: 60_000 }, async () => {
  const organizer = page('organizer');
  const facilitator = page('facilitator');
  const group = card(ROOM);

  // A confirmation step first; cancelling changes nothing.
  await organizer.click(`${group} [data-testid="org-rotate"]`);
  await organizer.click(`${group} button[data-action="rotate-no"]`);
  assert.equal(await organizer.isVisible(`${group} [data-testid="org-new-key"]`), false);
  await organizer.click(`${group} [data-testid="org-rotate"]`);
  await organizer.click(`${group} [data-testid="org-rotate-yes"]`);
  await organizer.waitForSelector(`${group} [data-testid="org-new-key"]:not([hidden])`);
  const key = (await organizer.textContent(`${group} [data-testid="org-new-key-value"]`))?.trim() ?? '';
  assert.ok(key.length >= 8 && key !== podium.keys[ROOM], 'a new key');
  assert.equal(await organizer.getAttribute(`${group} [data-testid="org-new-key-link"]`, 'href'),
    `${podium.url}/facilitator.html?room=${ROOM}#key=${encodeURIComponent(key)}`);
  await organizer.screenshot({ path: join(artifacts, 'organizer.png'), fullPage: true });

  // The console on the old key is closed with 4401 and says why.
  await facilitator.waitForSelector('[data-testid="key-panel"]:not([hidden])');
  assert.match(await facilitator.textContent('[data-testid="key-error"]') ?? '', /replaced by the organizer/);
  await facilitator.fill('[data-testid="key-input"]', key);
  await facilitator.press('[data-testid="key-input"]', 'Enter');
  await facilitator.waitForSelector('[data-testid="connection"][data-status="live"]');

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});
