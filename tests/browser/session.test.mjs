// The room's plan on the facilitator's tablet, in Debian's chromium against the real podium binary: in
// group-1 the facilitator adds presenters, gives the floor to each in turn (the speaker timer gets the
// slot's share), starts the open round, gives the floor to a speaker tagged with a guiding question,
// writes a conclusion, approves a participant's question and sends both to the plenary, whose console
// shows them under Group 1. Then a refusal: a presenter added to a block that filled up meanwhile shows
// the server's message. Screenshots land in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, openView } from '../support/browser.mjs';

const ROOM = 'group-1';
const CONCLUSION = 'Informal settlements must be counted before they can be served.';
const QUESTION = 'How do cities pay for housing rights when <i>national</i> budgets shrink?';
const tablet = { width: 1024, height: 768 };

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
let dataDir = '';
/** @type {Map<string, {page: import('playwright-core').Page, issues: string[]}>} */
const views = new Map();
/** @type {Client[]} */
const clients = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'podium-session-'));
  podium = await startPodium({ dataDir });
  browser = await launchChromium();
});

after(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await browser?.close();
  await podium?.stop().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** @param {string} name @param {string} room */
async function openConsole(name, room) {
  const view = await openView(browser, `${podium.url}/facilitator.html?room=${room}#key=${encodeURIComponent(podium.keys[room])}`, tablet);
  views.set(name, view);
  await view.page.waitForSelector('[data-testid="connection"][data-status="live"]');
  return view.page;
}

/** "2:59" or "1:02:03" as seconds. @param {string} text */
function seconds(text) {
  const m = /(\d+):(\d{2})(?::(\d{2}))?/.exec(text);
  assert.ok(m, `not a clock reading: "${text}"`);
  return m[3] === undefined ? Number(m[1]) * 60 + Number(m[2]) : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** @param {import('playwright-core').Page} page @param {string} name @param {string} affiliation @param {string} [minutes] */
async function addPresenter(page, name, affiliation, minutes = '') {
  await page.fill('[data-testid="slot-add-name"]', name);
  await page.fill('[data-testid="slot-add-affiliation"]', affiliation);
  await page.fill('[data-testid="slot-add-minutes"]', minutes);
  await page.click('[data-testid="slot-add-submit"]');
  await page.locator('[data-testid="slot"]:not([data-pending])', { hasText: name }).waitFor();
}

test('presenters, the open round, a conclusion and a question travel from group 1 to the plenary', { timeout: 120_000 }, async () => {
  const group = await openConsole('group', ROOM);
  const plenary = await openConsole('plenary', 'plenary');

  // The plan: both blocks in order with their planned times, and where the room stands against them.
  const blocks = group.locator('[data-testid="block"]');
  await blocks.first().waitFor();
  assert.equal(await blocks.count(), 2);
  assert.match(await blocks.nth(0).innerText(), /Presentations[\s\S]*Plan 10:45–11:15/);
  assert.match(await blocks.nth(1).innerText(), /Open round of discussion[\s\S]*Plan 11:15–11:30/);
  await group.waitForFunction(() => /on time|behind|ahead/i.test(document.querySelector('[data-testid="drift"]')?.textContent ?? ''));
  assert.match(await group.textContent('[data-testid="plan-end"]') ?? '', /Ends ~\d\d:\d\d \(plan 11:30\)/);
  assert.match(await group.textContent('[data-testid="block-start-next"]') ?? '', /Start “Presentations/);
  assert.equal(await group.isVisible('[data-testid="block-end"]'), false);

  // Presenters added on the spot; the limit of the block shows.
  await addPresenter(group, 'Ana Souza', 'City of Porto Alegre');
  await addPresenter(group, 'Li Wei', 'Guangzhou', '6');
  await addPresenter(group, 'Mayor of Gwangju', 'City of Gwangju');
  assert.equal(await group.textContent('[data-testid="slot-count"]'), '3 of 4 presenters');
  assert.match(await group.locator('[data-testid="slot"]', { hasText: 'Li Wei' }).innerText(), /planned 6:00/);
  // Reorder by keyboard: Gwangju up, before Li Wei; focus stays on the button.
  const gwangjuUp = group.locator('[data-testid="slot"]', { hasText: 'Gwangju' }).locator('[data-testid="slot-up"]');
  await gwangjuUp.focus();
  await group.keyboard.press('Enter');
  await group.waitForFunction(() => [...document.querySelectorAll('[data-testid="slot-name"]')].map((e) => e.textContent).join() ===
    'Ana Souza,Mayor of Gwangju,Li Wei');
  assert.equal(await group.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move Mayor of Gwangju up');
  // Correct one: Gwangju gets a name; then drop Li Wei.
  await group.locator('[data-testid="slot"]', { hasText: 'Gwangju' }).locator('[data-testid="slot-edit"]').click();
  await group.fill('[data-testid="slot-edit-name"]', 'Kim Jae-hoon');
  await group.click('[data-testid="slot-edit-save"]');
  await group.locator('[data-testid="slot"]', { hasText: 'Kim Jae-hoon' }).waitFor();
  await group.locator('[data-testid="slot"]', { hasText: 'Li Wei' }).locator('[data-testid="slot-remove"]').click();
  await group.locator('[data-testid="slot"]', { hasText: 'Li Wei' }).waitFor({ state: 'detached' });

  // Give the floor to the first presenter: the block starts, and the speaker timer holds the slot's share.
  const give = group.locator('[data-testid="give-floor"]');
  assert.equal(await give.textContent(), 'Give the floor to Ana Souza');
  await give.click();
  await group.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');
  assert.equal(await group.textContent('[data-testid="current-kind"]'), 'Presentation');
  const ana = group.locator('[data-testid="slot"][data-status="speaking"]', { hasText: 'Ana Souza' });
  await ana.waitFor();
  const allotted = seconds(/allotted (\S+)/.exec(await ana.locator('[data-testid="slot-meta"]').innerText())?.[1] ?? '');
  assert.equal(allotted, 15 * 60, 'two presenters share the 30 minutes equally');
  const onTimer = seconds(await group.textContent('[data-testid="speaker-digits"]') ?? '');
  assert.ok(onTimer <= allotted && onTimer >= allotted - 5, `the speaker timer shows the share: ${onTimer} s of ${allotted} s`);
  await group.waitForSelector('[data-testid="block"][data-id="presentations"][data-status="running"]');
  assert.match(await group.textContent('[data-testid="block-end"]') ?? '', /End “Presentations/);
  await group.waitForFunction(() => /speaking 0:0[1-9]/.test(document.querySelector('[data-part="slot-spoken"]')?.textContent ?? ''));
  await group.locator('[data-testid="session-panel"]').screenshot({ path: join(artifacts, 'session-panel.png') });

  // The next presenter.
  assert.equal(await give.textContent(), 'Give the floor to Kim Jae-hoon');
  await give.click();
  await group.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Kim Jae-hoon');
  const done = group.locator('[data-testid="slot"][data-status="done"]', { hasText: 'Ana Souza' });
  await done.waitFor();
  assert.match(await done.innerText(), /spoke 0:\d\d/);
  assert.equal(await give.isVisible(), false, 'nobody is left waiting');

  // The open round: the presentations end, the presenters fold away, the queue takes over.
  await group.click('[data-testid="block-start-next"]');
  await group.waitForSelector('[data-testid="block"][data-id="discussion"][data-status="running"]');
  await group.waitForSelector('[data-testid="block"][data-id="presentations"][data-status="done"]');
  assert.equal(await group.textContent('[data-testid="current-speaker"]'), 'Nobody has the floor');
  assert.equal(await group.getAttribute('[data-testid="slots"]', 'open'), null);

  // A speaker tagged with guiding question 3: the tag on the queue and on the floor, the question as tooltip.
  const gqOptions = await group.locator('[data-testid="add-guiding"] option').allTextContents();
  assert.deepEqual(gqOptions.slice(0, 4), ['None', 'GQ 1', 'GQ 2', 'GQ 3']);
  await group.fill('[data-testid="add-name"]', 'Rosa Díaz');
  await group.selectOption('[data-testid="add-guiding"]', 'gq3');
  assert.match(await group.textContent('[data-testid="add-guiding-text"]') ?? '', /multi-stakeholder/);
  await group.click('#add-form button[type="submit"]');
  const tagged = group.locator('[data-testid="queue-entry"]:not([data-pending])', { hasText: 'Rosa Díaz' }).locator('[data-testid="gq-tag"]');
  await tagged.waitFor();
  assert.equal(await tagged.textContent(), 'GQ 3');
  assert.match(await tagged.getAttribute('title') ?? '', /multi-stakeholder/);
  await group.click('[data-testid="next-speaker"]');
  await group.waitForFunction(() => document.querySelector('[data-testid="current-gq"]')?.textContent === 'GQ 3');

  // A conclusion tagged with guiding question 2.
  await group.waitForSelector('[data-testid="conclusions-panel"]:not([hidden])');
  await group.fill('[data-testid="conclusion-input"]', CONCLUSION);
  await group.selectOption('[data-testid="conclusion-guiding"]', 'gq2');
  await group.click('[data-testid="conclusion-save"]');
  const conclusion = group.locator('[data-testid="conclusion"]:not([data-pending])', { hasText: 'Informal settlements' });
  await conclusion.waitFor();
  assert.equal(await conclusion.locator('[data-testid="gq-tag"]').textContent(), 'GQ 2');
  // Corrected, and a second one written then deleted.
  await conclusion.locator('[data-testid="conclusion-edit"]').click();
  assert.equal(await group.inputValue('[data-testid="conclusion-input"]'), CONCLUSION);
  assert.equal(await group.inputValue('[data-testid="conclusion-guiding"]'), 'gq2');
  await group.fill('[data-testid="conclusion-input"]', `${CONCLUSION} Soon.`);
  await group.click('[data-testid="conclusion-save"]');
  await group.locator('[data-testid="conclusion"]:not([data-pending])', { hasText: 'served. Soon.' }).waitFor();
  await group.fill('[data-testid="conclusion-input"]', 'A draft to drop.');
  await group.keyboard.press('Tab'); // to the guiding question, then the button, by keyboard
  await group.keyboard.press('Tab');
  await group.keyboard.press('Enter');
  const draft = group.locator('[data-testid="conclusion"]:not([data-pending])', { hasText: 'A draft to drop.' });
  await draft.locator('[data-testid="conclusion-remove"]').click();
  await group.locator('[data-testid="conclusion"]', { hasText: 'A draft to drop.' }).waitFor({ state: 'detached' });
  assert.equal(await group.locator('[data-testid="conclusion"]').count(), 1);

  // A participant asks a question; the facilitator approves it; it can go to the plenary too.
  const phone = await Client.connect(podium.url);
  clients.push(phone);
  assert.equal((await phone.hello({ room: ROOM, role: 'participant' })).type, 'welcome');
  assert.equal((await phone.command('question.ask', { text: QUESTION, name: 'Amina', guiding_question: 'gq3' })).type, 'ack');
  const pending = group.locator('[data-testid="mod-question"][data-status="pending"]', { hasText: 'housing rights' });
  await pending.locator('[data-testid="mod-approve"]').click();
  const pickQ = group.locator('[data-testid="handoff-question"]', { hasText: 'housing rights' });
  await pickQ.waitFor();
  assert.equal(await pickQ.locator('i').count(), 0, 'question text is rendered as text');

  // The handoff: the new conclusion is ticked already, the question is ticked by keyboard.
  assert.equal(await group.isChecked('[data-testid="handoff-conclusion"] input'), true);
  assert.equal(await pickQ.locator('input').isChecked(), false);
  await pickQ.locator('input').focus();
  await group.keyboard.press('Space');
  await group.waitForFunction(() => /1 conclusion and 1 question ticked/.test(document.querySelector('[data-testid="handoff-picked"]')?.textContent ?? ''));
  assert.equal(await group.textContent('[data-testid="handoff-heading"]'), 'Send to Plenary');
  await group.click('[data-testid="handoff-send"]');
  const sent = group.locator('[data-testid="handoff-sent"]');
  await sent.waitFor();
  assert.match(await sent.innerText(), /Sent \d\d:\d\d[\s\S]*1 conclusion, 1 question[\s\S]*served\. Soon\.[\s\S]*housing rights/);
  await conclusion.locator('[data-testid="conclusion-sent"]').waitFor();
  assert.equal(await group.isChecked('[data-testid="handoff-conclusion"] input'), false, 'a sent handoff leaves nothing ticked');

  // The plenary: from the groups, under Group 1, by guiding question.
  const fromGroup1 = plenary.locator('[data-testid="from-group"][data-room="group-1"]');
  await fromGroup1.waitFor();
  assert.match(await fromGroup1.locator('h3').innerText(), /^Group 1:/);
  const byGq = async (/** @type {string} */ gq) => fromGroup1.locator(`[data-testid="from-sub"][data-key="${gq}"]`).innerText();
  assert.match(await byGq('gq2'), /GQ 2[\s\S]*Informal settlements must be counted before they can be served\. Soon\./);
  assert.match(await byGq('gq3'), /GQ 3[\s\S]*housing rights[\s\S]*Amina · 0 votes/);
  // Arranged by guiding question instead: the group's title under each.
  await plenary.click('[data-testid="from-groups-by"] button[data-by="gq"]');
  await plenary.locator('[data-testid="from-group"][data-gq="gq2"]', { hasText: 'Group 1:' }).waitFor();
  // The plenary has no conclusions of its own to send.
  assert.equal(await plenary.isVisible('[data-testid="conclusions-panel"]'), false);

  await group.screenshot({ path: join(artifacts, 'session-facilitator.png'), fullPage: true });
  await plenary.screenshot({ path: join(artifacts, 'session-plenary.png'), fullPage: true });

  // Usable on the tablet: no horizontal scrolling, every control of the new panels labelled and large.
  for (const page of [group, plenary]) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal scrolling at 1024 px');
  }
  const problems = await group.evaluate(() => [...document.querySelectorAll(
    '[data-testid="session-panel"] :is(button, input, select, textarea), [data-testid="conclusions-panel"] :is(button, input, select, textarea)')]
    .filter((el) => el.getClientRects().length > 0)
    .flatMap((el) => {
      const out = [];
      const r = el.getBoundingClientRect();
      if (el.matches('button, input:not([type="checkbox"]), select') && r.height < 44) out.push(`small: ${el.outerHTML.slice(0, 80)}`);
      const named = el.getAttribute('aria-label') || el.textContent?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label');
      if (!named) out.push(`unlabelled: ${el.outerHTML.slice(0, 80)}`);
      return out;
    }));
  assert.deepEqual(problems, []);

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});

test('drift in words, presenter moves and the plenary\'s arrangement, in the page\'s own modules', async () => {
  const page = views.get('plenary')?.page;
  assert.ok(page, 'the plenary console of the first test is open');
  const r = await page.evaluate(async () => {
    const session = await import('/js/facilitator_session.mjs');
    const planView = await import('/js/plan_view.mjs'); // the drift words of every screen; the panel's without the end
    const conclusions = await import('/js/facilitator_conclusions.mjs');
    const slot = (/** @type {string} */ id, /** @type {string} */ status) => ({ id, status, name: id, affiliation: '', planned_ms: 0,
      started_at_ms: 0, ended_at_ms: 0, allotted_ms: 0, spoken_ms: 0 });
    const block = { id: 'presentations', kind: 'presentations', title: 'P', planned_ms: 1800000, plan_start_min: 645, max_presenters: 4,
      slots: [slot('s1', 'done'), slot('s2', 'waiting'), slot('s3', 'waiting'), slot('s4', 'waiting')],
      started_at_ms: 0, ended_at_ms: 0, allotted_ms: 0, left_ms: 0 };
    const c = (/** @type {string} */ id, /** @type {string|null} */ gq, text = id) => ({ id, text, guiding_question: gq });
    const handoffs = [
      { id: 'h1', from_room: 'group-2', at_ms: 100, conclusions: [c('c1', 'gq2', 'old')], questions: [{ id: 'q1', text: 'Q', name: '', guiding_question: 'gq1', votes: 2 }] },
      { id: 'h1', from_room: 'group-1', at_ms: 200, conclusions: [c('c1', null)], questions: [] },
      { id: 'h2', from_room: 'group-2', at_ms: 300, conclusions: [c('c1', 'gq2', 'new'), c('c2', 'gq1')], questions: [] },
    ];
    const shape = (/** @type {any[]} */ tree) => tree.map((o) => [o.key, o.at_ms, o.groups.map((/** @type {any} */ i) => [i.key, i.items.map((/** @type {any} */ x) => `${x.kind[0]}:${x.text}`)])]);
    return {
      drift: [null, 0, 59999, 60000, 185000, -120000, 4500000, 7200000].map((ms) => planView.driftView(
        /** @type {any} */ ({ blocks: [], drift_ms: ms, projected_end_ms: 1 }), () => '11:30', { end: false })?.text ?? ''),
      moves: [['s3', 'up'], ['s3', 'down'], ['s4', 'down'], ['s2', 'up'], ['s2', 'down'], ['s1', 'up']]
        .map(([id, dir]) => session.slotMove(/** @type {any} */ (block), id, /** @type {'up'|'down'} */ (dir))?.before_id),
      full: [session.blockFull(/** @type {any} */ (block)), session.blockFull(/** @type {any} */ ({ ...block, slots: block.slots.slice(1) }))],
      byGroup: shape(conclusions.fromGroups(handoffs, 'group', ['plenary', 'group-1', 'group-2'], ['gq1', 'gq2'])),
      byGq: shape(conclusions.fromGroups(handoffs, 'gq', ['plenary', 'group-1', 'group-2'], ['gq1', 'gq2'])),
    };
  });
  assert.deepEqual(r.drift, ['', 'On time', 'On time', '1 min behind plan', '3 min behind plan', '2 min ahead of plan', '1 h 15 min behind plan',
    '2 h behind plan']);
  assert.deepEqual(r.moves, ['s2', null, undefined, undefined, 's4', undefined]);
  assert.deepEqual(r.full, [true, false]);
  // A conclusion sent again counts once, as last sent; conclusions before questions; untagged last.
  assert.deepEqual(r.byGroup, [
    ['group-1', 200, [['', ['c:c1']]]],
    ['group-2', 300, [['gq1', ['c:c2', 'q:Q']], ['gq2', ['c:new']]]],
  ]);
  assert.deepEqual(r.byGq, [
    ['gq1', 300, [['group-2', ['c:c2', 'q:Q']]]],
    ['gq2', 300, [['group-2', ['c:new']]]],
    ['', 200, [['group-1', ['c:c1']]]],
  ]);
});

test('a presenter added to a block that filled up meanwhile is refused in the server\'s words', { timeout: 60_000 }, async () => {
  const room = 'group-2';
  // The tablet's WebSocket goes through a gate: while it is shut, what the server sends waits, as on a
  // slow venue network, so the page still shows room for one more presenter.
  const context = await browser.newContext({ viewport: tablet });
  const page = await context.newPage();
  /** @type {string[]} */
  const issues = [];
  page.on('console', (msg) => { if (msg.type() === 'error') issues.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => issues.push(`uncaught: ${err.message}`));
  let shut = false;
  /** @type {(string|Buffer)[]} */
  const held = [];
  /** @type {((m: string|Buffer) => void)|null} */
  let toPage = null;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    toPage = (m) => ws.send(m);
    server.onMessage((m) => { if (shut) held.push(m); else ws.send(m); });
  });
  await page.goto(`${podium.url}/facilitator.html?room=${room}#key=${encodeURIComponent(podium.keys[room])}`);
  await page.waitForSelector('[data-testid="connection"][data-status="live"]');
  await addPresenter(page, 'Amal Haddad', 'City of Amman');
  await addPresenter(page, 'Jan Novak', 'City of Brno');

  const other = await Client.connect(podium.url);
  clients.push(other);
  assert.equal((await other.hello({ room, role: 'facilitator', key: podium.keys[room] })).type, 'welcome');
  shut = true;
  for (const name of ['Sara Okafor', 'Tomás Ruiz']) {
    assert.equal((await other.command('slot.add', { block_id: 'presentations', name })).type, 'ack');
  }
  // The tablet still sees two of four and sends a third.
  assert.equal(await page.textContent('[data-testid="slot-count"]'), '2 of 4 presenters');
  await page.fill('[data-testid="slot-add-name"]', 'Late Presenter');
  await page.click('[data-testid="slot-add-submit"]');
  const deadline = Date.now() + 5000;
  while (!held.some((m) => String(m).includes('"reject"')) && Date.now() < deadline) await page.waitForTimeout(50);
  assert.ok(held.some((m) => String(m).includes('"too_many"')), `the server refused it: ${held.map(String).join('\n')}`);
  shut = false;
  for (const m of held.splice(0)) toPage?.(m);

  const error = page.locator('[data-testid="error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /takes at most 4 presenters/);
  await page.waitForSelector('#slot-add-fields:disabled');
  assert.match(await page.textContent('[data-testid="slot-full"]') ?? '', /The block is full: it takes at most 4 presenters/);
  assert.equal(await page.locator('[data-testid="slot"]').count(), 4, 'the refused presenter is not shown');
  assert.equal(await page.inputValue('[data-testid="slot-add-name"]'), 'Late Presenter', 'what was typed is kept for later');
  await page.screenshot({ path: join(artifacts, 'session-refused.png') });
  assert.deepEqual(issues, []);
  await context.close();
});
