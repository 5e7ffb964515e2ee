// The room's plan in Debian's chromium against the real podium binary, driven by a facilitator's real
// commands over a WebSocket: presenters added and given the floor (the display shows who presents now and
// who is next, the plan line and the drift; the organizer's card the running block, the drift and the next
// presenter; the phone "presenting" and the block now), the discussion with a request for the floor tagged
// with a guiding question (the tag on the display), and a handoff from group-1 shown on the plenary's
// display. In the browser, exact drift minutes depend on today's wall clock, so only their form is
// checked (the projected end of the running block is the segment timer's, so that one is checked to the
// minute); the words for exact drifts are checked first, in node, on plan_view.mjs with a fixed clock.
// Screenshots land in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { join } from 'node:path';
import { Client, startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, viewRegistry } from '../support/browser.mjs';

const ROOM = 'group-1';
const MINUTE = 60_000;

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
/** @type {any} GET /api/meeting */
let meeting;
/** @type {Client} group-1's facilitator */
let facilitator;
const { views, open, page } = viewRegistry(() => browser, () => podium.url);
/** Slot ids by presenter name. @type {Record<string, string>} */
const slots = {};

before(async () => {
  podium = await startPodium();
  browser = await launchChromium();
  meeting = await (await fetch(`${podium.url}/api/meeting`)).json();
  facilitator = await Client.connect(podium.url);
  const welcome = await facilitator.hello({ room: ROOM, role: 'facilitator', key: podium.keys[ROOM] });
  assert.equal(welcome.type, 'welcome', JSON.stringify(welcome));
});

after(async () => {
  await facilitator?.close();
  await browser?.close();
  await podium?.stop();
});


/** Sends a command as `client` and insists on its ack. @param {Client} client @param {string} type @param {object} fields */
async function ok(client, type, fields) {
  const answer = await client.command(type, fields);
  assert.equal(answer.type, 'ack', `${type} ${JSON.stringify(fields)} -> ${JSON.stringify(answer)}`);
  return answer;
}

/** The last event of a type the facilitator saw. @param {string} type */
function lastEvent(type) {
  const found = facilitator.events().filter((m) => m.event.type === type).at(-1);
  assert.ok(found, `the facilitator saw ${type}`);
  return found.event;
}

/** An instant as the meeting's time of day, as the views format it. @param {number} at */
function timeOfDay(at) {
  return new Intl.DateTimeFormat('en', { timeZone: meeting.time_zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** Waits until the element's text matches, then returns it (or fails with the text as it stands). */
async function textMatching(/** @type {import('playwright-core').Page} */ p, /** @type {string} */ sel, /** @type {RegExp} */ re) {
  await p.waitForFunction(([s, source]) => new RegExp(source).test(document.querySelector(s)?.textContent ?? ''),
    [sel, re.source], { timeout: 10_000 }).catch(() => {});
  const text = (await p.textContent(sel)) ?? '';
  assert.match(text, re, sel);
  return text;
}

// plan_view.mjs imports the protocol by its served URL (/protocol/plan.mjs): map it to protocol/js/ here.
const PROTOCOL = new URL('../../protocol/js/', import.meta.url).href;
register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('/protocol/')) return next(${JSON.stringify(PROTOCOL)} + specifier.slice('/protocol/'.length), context);
  return next(specifier, context);
}`)}`);

test('plan words with a controlled clock: minutes behind, ahead, on time, and the projected end', async () => {
  const view = await import('../../web-client/js/plan_view.mjs');
  const zone = 'Europe/Zurich';
  const at = (/** @type {string} */ hhmm) => Date.parse(`2019-06-17T${hhmm}:00+02:00`);
  const time = (/** @type {number} */ ms) => new Intl.DateTimeFormat('en', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(ms);
  const block = (/** @type {object} */ over) => ({ slots: [], started_at_ms: 0, ended_at_ms: 0, allotted_ms: 0, left_ms: 0, max_presenters: 0, ...over });
  /** Group-1's plan with the presentations started at `start` and their segment timer ending at `end`. */
  const state = (/** @type {string} */ start, /** @type {string} */ end) => /** @type {any} */ ({
    block: 'presentations',
    segment: { label: '', duration_ms: 1_800_000, run: 'running', ends_at_ms: at(end), remaining_ms: 0, warning_ms: 0, warned: false, expired: false },
    blocks: [
      block({ id: 'presentations', kind: 'presentations', title: 'Presentations by local government representatives', planned_ms: 1_800_000, plan_start_min: 645, started_at_ms: at(start) }),
      block({ id: 'discussion', kind: 'discussion', title: 'Open round of discussion', planned_ms: 900_000, plan_start_min: 675 }),
    ],
  });
  // Started four minutes late: the discussion, and so the room, ends four minutes after 11:30.
  let plan = view.planAt(state('10:49', '11:19'), at('10:50'), zone);
  assert.deepEqual(view.driftView(plan, time), { text: '4 min behind plan · ends 11:34', level: 'behind' });
  assert.deepEqual(view.planItems(plan, time).map((i) => i.text), ['Presentations until 11:19', 'Discussion until 11:34']);
  // Ten minutes late is late; two minutes early is ahead; half a minute either way is on time.
  plan = view.planAt(state('10:55', '11:25'), at('10:56'), zone);
  assert.deepEqual(view.driftView(plan, time), { text: '10 min behind plan · ends 11:40', level: 'late' });
  plan = view.planAt(state('10:43', '11:13'), at('10:44'), zone);
  assert.deepEqual(view.driftView(plan, time), { text: '2 min ahead of plan · ends 11:28', level: 'ahead' });
  plan = view.planAt(state('10:45', '11:15'), at('10:46'), zone);
  assert.deepEqual(view.driftView(plan, time), { text: 'On time · ends 11:30', level: 'on_time' });
  assert.equal(view.minutesText(125 * 60_000), '2 h 5 min');
  assert.equal(view.blockName({ kind: 'session', title: 'Opening statements by the Deputy High Commissioner, Kate Gilmore and UCLG CSIPDHR co-presidency' }),
    'Opening statements by the Deputy High…');
  // A conclusion sent twice shows once (its latest text); groups follow the meeting's order of rooms.
  const groups = view.handoffGroups([
    { id: 'h1', from_room: 'group-2', at_ms: 3, conclusions: [{ id: 'c1', text: 'B', guiding_question: null }], questions: [] },
    { id: 'h1', from_room: 'group-1', at_ms: 1, conclusions: [{ id: 'c1', text: 'A', guiding_question: null }, { id: 'c2', text: 'C', guiding_question: null }],
      questions: [{ id: 'q1', text: 'Q1', name: '', guiding_question: null, votes: 1 }, { id: 'q2', text: 'Q2', name: '', guiding_question: null, votes: 3 }] },
    { id: 'h2', from_room: 'group-1', at_ms: 2, conclusions: [{ id: 'c1', text: 'A, edited', guiding_question: null }], questions: [] },
  ], ['plenary', 'group-1', 'group-2']);
  assert.deepEqual(groups.map((g) => [g.room, g.conclusions.map((c) => c.text), g.questions.map((q) => q.id)]),
    [['group-1', ['A, edited', 'C'], ['q2', 'q1']], ['group-2', ['B'], []]]);
});

const card = (/** @type {string} */ room) => `[data-testid="org-room"][data-room="${room}"]`;
// Drift in whole minutes as plan_view.mjs words it: "4 min", "1 h 5 min", "2 h". (It depends on the time of day
// the test runs: the plan is today's.)
const DRIFT = /^(On time|(\d+ h \d+ min|\d+ h|\d+ min) (behind|ahead of) plan) · ends \d\d:\d\d$/;

test('presenters take the floor: display, organizer and phone show the presenter, the next one and the plan', { timeout: 90_000 }, async () => {
  const display = await open('display', `/display.html?room=${ROOM}`, { width: 1280, height: 720 });
  const organizer = await open('organizer', `/organizer.html#key=${encodeURIComponent(podium.organizerKey)}`, { width: 1440, height: 1000 });
  const phone = await open('participant', `/participant.html?room=${ROOM}`, { width: 320, height: 640 }, { isMobile: true, hasTouch: true });
  await display.waitForSelector('body[data-live="yes"]');
  await organizer.waitForSelector(`${card(ROOM)} [data-testid="org-room-connection"][data-status="live"]`);
  await phone.waitForSelector('[data-testid="connection"][data-status="live"]');

  // Before anything runs: the plan is there, nothing is running, the first presenter is not known yet.
  await display.waitForSelector('[data-testid="d-plan"]:not([hidden])');
  await textMatching(organizer, `${card(ROOM)} [data-testid="org-block"]`, /^No block running · next: Presentations at \d\d:\d\d$/);

  for (const [name, affiliation] of [['Ana Souza', 'City of Porto Alegre'], ['Mayor of Gwangju', 'City of Gwangju'], ['Li Wei', 'Guangzhou']]) {
    const ack = await ok(facilitator, 'slot.add', { block_id: 'presentations', name, affiliation });
    assert.ok(ack.slot_id, 'slot.add acks with the slot id');
    slots[name] = ack.slot_id;
  }
  // Before the block starts the organizer already knows who presents first.
  await textMatching(organizer, `${card(ROOM)} [data-testid="org-next-presenter"]`, /^Next presenter: Ana Souza, City of Porto Alegre$/);

  await ok(facilitator, 'slot.start', { slot_id: slots['Ana Souza'], expected_current: null });
  const started = lastEvent('block.started');
  assert.equal(started.block_id, 'presentations');
  const presentationsEnd = started.segment.ends_at_ms;

  // The display: who presents, the place among the presenters, who is next.
  await display.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Ana Souza');
  assert.equal(await display.textContent('[data-testid="current-affiliation"]'), 'City of Porto Alegre');
  await textMatching(display, '[data-testid="now-heading"]', /^Now presenting · 1 of 3$/);
  await display.waitForSelector('[data-testid="d-next-presenter"]:not([hidden])');
  assert.equal(await display.textContent('[data-testid="d-next-presenter-name"]'), 'Mayor of Gwangju');
  assert.equal(await display.textContent('[data-testid="d-next-presenter-aff"]'), 'City of Gwangju');

  // The plan line: the running block ends with its segment timer, the discussion 15 minutes later.
  const line = await textMatching(display, '[data-testid="d-plan-line"]', /Presentations until \d\d:\d\d/);
  assert.equal(line, `Presentations until ${timeOfDay(presentationsEnd)} · Discussion until ${timeOfDay(presentationsEnd + 15 * MINUTE)}`);
  assert.equal(await display.getAttribute('[data-testid="plan-item"][data-status="running"]', 'data-id'), 'presentations');
  assert.equal(await display.locator('[data-testid="plan-item"]').count(), 2);
  // The drift, with the projected end of the room's stretch (the discussion's end), ticking.
  const drift = await textMatching(display, '[data-testid="d-plan-drift"]', DRIFT);
  assert.ok(drift.endsWith(`ends ${timeOfDay(presentationsEnd + 15 * MINUTE)}`), drift);
  assert.match(await display.getAttribute('[data-testid="d-plan-drift"]', 'data-drift') ?? '', /^(on_time|ahead|behind|late)$/);

  // The guiding questions of the room, one at a time in the footer.
  await display.waitForSelector('[data-testid="d-guiding"]:not([hidden])');
  const gqs = meeting.guiding_questions.map((/** @type {{text: string}} */ g) => g.text);
  assert.ok(gqs.includes(await display.textContent('[data-testid="d-guiding-text"]')), 'a guiding question of the room');
  assert.match(await display.textContent('[data-testid="d-guiding-heading"]') ?? '', /^Guiding question [1-6] of 6$/);

  // The organizer's card: the running block until when, the presenters so far, the drift, the next one.
  const group = card(ROOM);
  await textMatching(organizer, `${group} [data-testid="org-block"]`,
    new RegExp(`^Running: Presentations · until ${timeOfDay(presentationsEnd)} · 0 of 3 presenters done$`));
  await textMatching(organizer, `${group} [data-testid="org-drift"]`, DRIFT);
  assert.match(await organizer.getAttribute(`${group} [data-testid="org-drift"]`, 'data-drift') ?? '', /^(on_time|ahead|behind|late)$/);
  assert.equal(await organizer.textContent(`${group} [data-testid="org-next-presenter"]`), 'Next presenter: Mayor of Gwangju, City of Gwangju');
  await textMatching(organizer, `${group} [data-testid="org-speaker"]`, /^Ana Souza, speaking for \d+:\d\d$/);
  // A room whose plan has not started shows so, with its drift against the plan all the same.
  await textMatching(organizer, `${card('group-2')} [data-testid="org-block"]`, /^No block running/);

  // The phone: presenting, and the block now with its end.
  await textMatching(phone, '[data-testid="floor-heading"]', /^Now presenting$/);
  assert.equal(await phone.textContent('[data-testid="current-speaker"]'), 'Ana Souza');
  await textMatching(phone, '[data-testid="plan-now"]', new RegExp(`^Now: Presentations · until ${timeOfDay(presentationsEnd)}$`));

  await display.screenshot({ path: join(artifacts, 'display-plan.png') });
  await organizer.screenshot({ path: join(artifacts, 'organizer-plan.png'), fullPage: true });

  // The next presenter takes the floor: everyone moves on.
  const ana = lastEvent('turn.started').entry.id;
  await ok(facilitator, 'slot.start', { slot_id: slots['Mayor of Gwangju'], expected_current: ana });
  await display.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Mayor of Gwangju');
  await textMatching(display, '[data-testid="now-heading"]', /^Now presenting · 2 of 3$/);
  await textMatching(display, '[data-testid="d-next-presenter-name"]', /^Li Wei$/);
  await textMatching(organizer, `${group} [data-testid="org-block"]`, /· 1 of 3 presenters done$/);
  await textMatching(organizer, `${group} [data-testid="org-next-presenter"]`, /^Next presenter: Li Wei, Guangzhou$/);
});

test('in the discussion a participant asks for the floor on a guiding question; the display shows its tag', { timeout: 60_000 }, async () => {
  const display = page('display');
  const phone = page('participant');
  await ok(facilitator, 'block.start', { block_id: 'discussion', expected_current: 'presentations' });
  const started = lastEvent('block.started');
  assert.equal(started.block_id, 'discussion');

  // The plan moves on: presentations done, the discussion running; no presenter is next.
  await display.waitForFunction(() => document.querySelector('[data-testid="plan-item"][data-status="running"]')?.getAttribute('data-id') === 'discussion');
  assert.equal(await display.locator('[data-testid="plan-item"]').count(), 1);
  await display.waitForSelector('[data-testid="d-next-presenter"]', { state: 'hidden' });
  assert.equal(await display.textContent('[data-testid="now-heading"]'), 'Now speaking');
  await textMatching(phone, '[data-testid="plan-now"]', new RegExp(`^Now: Discussion · until ${timeOfDay(started.segment.ends_at_ms)}$`));

  // The select offers the room's guiding questions as short labels, with the whole text under it.
  const options = await phone.$$eval('[data-testid="ask-guiding"] option', (os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  assert.deepEqual(options, ['', 'gq1', 'gq2', 'gq3', 'gq4', 'gq5', 'gq6']);
  assert.match(await phone.textContent('[data-testid="ask-guiding"] option[value="gq3"]') ?? '', /^GQ 3: What are the conditions/);
  await phone.selectOption('[data-testid="ask-guiding"]', 'gq3');
  const gq3 = meeting.guiding_questions.find((/** @type {{id: string}} */ g) => g.id === 'gq3').text;
  assert.equal(await phone.textContent('[data-testid="ask-guiding-text"]'), gq3);
  await phone.fill('[data-testid="name-input"]', 'Amina');
  await phone.fill('[data-testid="affiliation-input"]', 'City of Banjul');
  await phone.click('[data-testid="ask-button"]');
  await phone.waitForFunction(() => /1st in line/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));
  assert.match(await phone.textContent('[data-testid="my-entry"]') ?? '', /GQ 3/);
  // The facilitator's copy of the entry carries the tag the phone sent.
  const joined = lastEvent('queue.joined');
  assert.equal(joined.entry.guiding_question, 'gq3');

  // The display lists Amina with the tag; its title is the whole guiding question.
  const speaker = display.locator('[data-testid="next-speaker"]', { hasText: 'Amina' });
  await speaker.waitFor();
  const tag = speaker.locator('[data-testid="next-speaker-gq"]');
  assert.equal(await tag.textContent(), 'GQ 3');
  assert.equal(await tag.getAttribute('title'), gq3);
  await display.screenshot({ path: join(artifacts, 'display-discussion.png') });

  // When Amina speaks, the footer shows the guiding question she addresses.
  await ok(facilitator, 'turn.next', { expected_current: null });
  await display.waitForFunction(() => document.querySelector('[data-testid="d-guiding"]')?.getAttribute('data-gq') === 'gq3');
  assert.match(await display.textContent('[data-testid="d-guiding-heading"]') ?? '', /addresses guiding question 3/);
});

test('the phone stays readable at 320 px with 44 px targets', async () => {
  const phone = page('participant');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling at 320 px');
  const small = await phone.evaluate(() => [...document.querySelectorAll('button, input:not([type="radio"]), select, .kind')]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
    .filter((x) => x.h < 44));
  assert.deepEqual(small, [], 'every control is at least 44 px tall');
  await phone.screenshot({ path: join(artifacts, 'participant-plan.png'), fullPage: true });
});

test('the plenary display shows what group-1 handed off, conclusions first, then questions with votes', { timeout: 60_000 }, async () => {
  const plenary = await open('plenary', '/display.html?room=plenary', { width: 1280, height: 720 });
  await plenary.waitForSelector('body[data-live="yes"]');
  assert.equal(await plenary.isVisible('[data-testid="d-handoffs"]'), false, 'nothing handed off yet');

  // A question from the floor of group-1, approved, and a conclusion; both sent to the plenary.
  const asker = await Client.connect(podium.url);
  await asker.hello({ room: ROOM, role: 'participant' });
  const asked = await ok(asker, 'question.ask', { text: 'How can cities without a national human rights institution take part in the UPR?', name: 'Amina', guiding_question: 'gq5' });
  await ok(facilitator, 'question.moderate', { question_id: asked.question_id, action: 'approve' });
  await asker.close();
  const first = await ok(facilitator, 'conclusion.add', { text: 'Cities need a standing channel to the Human Rights Council.', guiding_question: 'gq5' });
  const second = await ok(facilitator, 'conclusion.add', { text: 'Informal settlements must be counted before they can be served.' });
  await ok(facilitator, 'handoff.send', { conclusion_ids: [first.conclusion_id, second.conclusion_id], question_ids: [asked.question_id] });

  const group = plenary.locator('[data-testid="d-handoff-group"][data-room="group-1"]');
  await group.waitFor();
  assert.equal(await plenary.textContent('#ho-h'), 'From the groups');
  const title = meeting.rooms.find((/** @type {{id: string}} */ r) => r.id === ROOM).title;
  assert.equal(await group.locator('[data-testid="d-handoff-room"]').textContent(), title);
  const conclusions = await group.locator('[data-testid="d-handoff-conclusion"] .ho-text').allTextContents();
  assert.deepEqual(conclusions, ['Cities need a standing channel to the Human Rights Council.', 'Informal settlements must be counted before they can be served.']);
  assert.equal(await group.locator('[data-testid="d-handoff-conclusion"]').first().locator('[data-testid="d-handoff-gq"]').textContent(), 'GQ 5');
  const question = group.locator('[data-testid="d-handoff-question"]');
  assert.equal(await question.count(), 1);
  assert.match(await question.textContent() ?? '', /^0 votes How can cities without a national human rights institution take part in the UPR\? — Amina GQ 5$/);
  // Conclusions come before questions.
  const order = await group.evaluate((el) => [...el.querySelectorAll('[data-testid^="d-handoff-"]')]
    .map((x) => x.getAttribute('data-testid')).filter((id) => id === 'd-handoff-conclusion' || id === 'd-handoff-question'));
  assert.deepEqual(order, ['d-handoff-conclusion', 'd-handoff-conclusion', 'd-handoff-question']);
  // group-1's own display does not list what it sent.
  assert.equal(await page('display').isVisible('[data-testid="d-handoffs"]'), false);
  await plenary.screenshot({ path: join(artifacts, 'display-plenary-handoffs.png') });

  for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
});
