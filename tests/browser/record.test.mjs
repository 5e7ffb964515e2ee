// The record of a room: whom each speaker speaks for, the speaking-time balance live on the facilitator's
// tablet, the exports and the printable minutes. First the pure modules in node (the balance, the
// Markdown the minutes page reads, the export file names); then Debian's chromium against the real podium
// binary: a participant asks for the floor as civil society on the phone, the facilitator gives it and the
// Balance panel shows them with their share, counting up while they speak; the facilitator downloads
// turns.csv and opens the minutes; a page without a key says so and a request without one gets 401.
// Screenshots land in test-artifacts/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinRoom, startPodium } from '../support/podium.mjs';
import { ARTIFACTS as artifacts, launchChromium, viewRegistry } from '../support/browser.mjs';

const { fairness, percent, currentSpokenMs } = await import('../../web-client/js/fairness.mjs');
const { parseMarkdown, parseInline, splitRow, plainText } = await import('../../web-client/js/markdown.mjs');
const { filenameFrom, exportPath, minutesPath, fetchExport } = await import('../../web-client/js/exports.mjs');

const ROOM = 'group-1';
const SPEAKER = 'Amina Diallo';
const ORG = 'Habitat International Coalition';
const tablet = { width: 1024, height: 768 };
const phoneSize = { width: 360, height: 740 };
const NASTY = '<img src=x onerror=alert(1)> **not bold** 1. #3';

// ---------------------------------------------------------------------------------------------------------
// Pure modules, in node.

describe('fairness: the speaking-time balance', () => {
  /** @param {Partial<{name: string, affiliation: string, spoken_ms: number, affiliation_kind: string}>} over */
  const turn = (over) => ({ entry_id: 'e', name: '', affiliation: '', kind: 'new_point', started_at_ms: 0, ended_at_ms: 0,
    allotted_ms: 180000, paused_ms: 0, pauses: 0, spoken_ms: 0, ...over });

  test('an empty room: nothing spoken, every kind listed at zero, not given last', () => {
    const b = fairness({ turns: [], current: null }, 1000);
    assert.equal(b.total_ms, 0);
    assert.equal(b.turns, 0);
    assert.deepEqual(b.speakers, []);
    assert.deepEqual(b.kinds.map((k) => [k.kind, k.spoken_ms, k.share]),
      [['local_government', 0, 0], ['un', 0, 0], ['civil_society', 0, 0], ['other', 0, 0], [null, 0, 0]]);
    assert.equal(b.first_time_speakers, 0);
    assert.equal(fairness(null).turns, 0);
  });

  test('per speaker and per kind: totals, shares, turns; a speaker is name and affiliation', () => {
    const b = fairness({ turns: [
      turn({ name: 'Ana', affiliation: 'Porto Alegre', affiliation_kind: 'local_government', spoken_ms: 60000 }),
      turn({ name: 'Kofi', affiliation: 'UN-Habitat', affiliation_kind: 'un', spoken_ms: 30000 }),
      turn({ name: 'Ana', affiliation: 'Porto Alegre', spoken_ms: 30000 }), // kind not given this time
      turn({ name: '', spoken_ms: 20000 }),
      turn({ name: '', affiliation_kind: 'civil_society', spoken_ms: 10000 }),
      turn({ name: 'Ana', affiliation: 'Other org', affiliation_kind: 'other', spoken_ms: 50000 }),
    ] });
    assert.equal(b.total_ms, 200000);
    assert.equal(b.turns, 6);
    assert.deepEqual(b.speakers.map((s) => [s.name, s.affiliation, s.affiliation_kind, s.spoken_ms, s.turns, s.anonymous]), [
      ['Ana', 'Porto Alegre', 'local_government', 90000, 2, false],
      ['Kofi', 'UN-Habitat', 'un', 30000, 1, false],
      ['A participant', '', 'civil_society', 30000, 2, true], // the first kind given, whenever given
      ['Ana', 'Other org', 'other', 50000, 1, false],
    ]);
    assert.deepEqual(b.speakers.map((s) => s.share), [0.45, 0.15, 0.15, 0.25]);
    // Each turn counts under its own kind.
    assert.deepEqual(b.kinds.map((k) => [k.kind, k.spoken_ms, k.turns, k.speakers]), [
      ['local_government', 60000, 1, 1], ['un', 30000, 1, 1], ['civil_society', 10000, 1, 1], ['other', 50000, 1, 1], [null, 50000, 2, 2],
    ]);
    assert.deepEqual(b.kinds.map((k) => percent(k.share)), [30, 15, 5, 25, 25]);
    assert.equal(b.first_time_speakers, 4);
    assert.equal(fairness({ turns: [turn({ name: '' })] }, undefined, { unnamed: 'Quelqu’un' }).speakers[0].name, 'Quelqu’un');
  });

  test('the turn in progress counts up to now, pauses excluded, and only with a clock', () => {
    const current = { entry: { id: 'e9', name: SPEAKER, affiliation: ORG, kind: 'new_point', affiliation_kind: 'civil_society' },
      started_at_ms: 100_000, allotted_ms: 180000, paused_ms: 5000, paused_since_ms: null, pauses: 1 };
    const state = { turns: [turn({ name: 'Ana', affiliation_kind: 'local_government', spoken_ms: 45000 })], current };
    assert.equal(fairness(state).turns, 1, 'without now, only finished turns');
    const b = fairness(state, 150_000);
    assert.equal(b.turns, 2);
    assert.equal(b.total_ms, 90000);
    const amina = b.speakers.find((s) => s.name === SPEAKER);
    assert.deepEqual([amina?.spoken_ms, amina?.speaking, amina?.affiliation_kind], [45000, true, 'civil_society']);
    assert.equal(b.kinds.find((k) => k.kind === 'civil_society')?.share, 0.5);
    // Paused since 140 s: the pause so far does not count.
    assert.equal(currentSpokenMs({ ...current, paused_since_ms: 140_000 }, 150_000), 35000);
    assert.equal(currentSpokenMs(current, 50_000), 0, 'never negative');
  });

  test('percentages round half up, as the record does', () => {
    assert.deepEqual([0, 0.004, 0.005, 0.125, 1 / 3, 2 / 3, 1].map(percent), [0, 0, 1, 13, 33, 67, 100]);
  });
});

describe('markdown: what the minutes page reads', () => {
  test('headings, paragraphs, lists and pipe tables', () => {
    const md = '\uFEFF# Meeting on local governments\r\n\nGeneva, 17 June 2019. Times are local\n(Europe/Zurich).\n\n## Group 1\n\n' +
      '#### Presentations\n\n- first\n- second **bold**\n\n| # | Speaker | Share |\n| --- | --- | --- |\n| 1 | Amina \\| Diallo | 60% |\n| 2 | Kofi |\n';
    const blocks = parseMarkdown(md);
    assert.deepEqual(blocks.map((b) => b.type), ['heading', 'paragraph', 'heading', 'heading', 'list', 'table']);
    assert.deepEqual(blocks.filter((b) => b.type === 'heading').map((b) => b.type === 'heading' && [b.level, plainText(b.content)]),
      [[1, 'Meeting on local governments'], [2, 'Group 1'], [4, 'Presentations']]);
    const p = blocks[1];
    assert.equal(p.type === 'paragraph' && plainText(p.content), 'Geneva, 17 June 2019. Times are local (Europe/Zurich).');
    const list = blocks[4];
    assert.ok(list.type === 'list');
    assert.deepEqual(list.items[1], [{ type: 'text', text: 'second ' }, { type: 'strong', children: [{ type: 'text', text: 'bold' }] }]);
    const table = blocks[5];
    assert.ok(table.type === 'table');
    assert.deepEqual(table.head.map(plainText), ['#', 'Speaker', 'Share']);
    assert.deepEqual(table.rows.map((r) => r.map(plainText)), [['1', 'Amina | Diallo', '60%'], ['2', 'Kofi', '']]);
  });

  test('emphasis, escapes, and what people typed stays text', () => {
    assert.deepEqual(parseInline('**a _b_** and _c_'), [
      { type: 'strong', children: [{ type: 'text', text: 'a ' }, { type: 'em', children: [{ type: 'text', text: 'b' }] }] },
      { type: 'text', text: ' and ' }, { type: 'em', children: [{ type: 'text', text: 'c' }] }]);
    // The server escapes every markup character of user text.
    assert.deepEqual(parseInline('\\<i\\>national\\</i\\> \\*\\*not bold\\*\\* snake\\_case'),
      [{ type: 'text', text: '<i>national</i> **not bold** snake_case' }]);
    assert.deepEqual(parseInline('a ** b and _unclosed'), [{ type: 'text', text: 'a ** b and _unclosed' }]);
    // An escaped list marker or heading is a paragraph.
    assert.deepEqual(parseMarkdown('\\- not a list\n\\# not a heading').map((b) => b.type), ['paragraph']);
    assert.deepEqual(splitRow('| a | b \\| c | d |'), ['a', 'b \\| c', 'd']);
  });
});

describe('exports: file names and paths', () => {
  test('the name comes from Content-Disposition, safely', () => {
    assert.equal(filenameFrom('attachment; filename="podium-group-1-turns.csv"', 'x'), 'podium-group-1-turns.csv');
    assert.equal(filenameFrom('attachment; filename=minutes.md', 'x'), 'minutes.md');
    assert.equal(filenameFrom("attachment; filename=\"a.csv\"; filename*=UTF-8''r%C3%A9union.csv", 'x'), 'réunion.csv');
    assert.equal(filenameFrom('attachment; filename="../../etc/passwd"', 'x'), 'passwd');
    assert.equal(filenameFrom('attachment; filename="a\\"b.csv"', 'x'), 'a"b.csv');
    assert.equal(filenameFrom('attachment', 'group-1-turns.csv'), 'group-1-turns.csv');
    assert.equal(filenameFrom(null, 'log.json'), 'log.json');
  });

  test('paths: a room\'s or the whole meeting\'s; the key never in the URL', async () => {
    assert.equal(exportPath('turns.csv', 'group-1'), '/api/rooms/group-1/export/turns.csv');
    assert.equal(exportPath('minutes.md'), '/api/export/minutes.md');
    assert.equal(minutesPath('group-1'), '/minutes.html?room=group-1');
    assert.equal(minutesPath(''), '/minutes.html');
    /** @type {any[]} */
    const calls = [];
    /** @type {any} */
    const fake = async (/** @type {string} */ url, /** @type {any} */ init) => {
      calls.push([url, init.headers.Authorization]);
      return new Response('{"error":"bad_key","message":"wrong key"}', { status: 401, headers: { 'Content-Type': 'application/json' } });
    };
    const r = await fetchExport('turns.csv', 'group-1', 's3cret', fake);
    assert.deepEqual(calls, [['/api/rooms/group-1/export/turns.csv', 'Bearer s3cret']]);
    assert.deepEqual(r, { ok: false, status: 401, code: 'bad_key', message: 'wrong key' });
    /** @type {any} */
    const ok = async () => new Response('a,b\r\n', { headers: { 'Content-Disposition': 'attachment; filename="t.csv"' } });
    const good = await fetchExport('turns.csv', 'group-1', 'k', ok);
    assert.equal(good.ok && good.filename, 't.csv');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The pages, against the real binary.

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
const { views, open, page } = viewRegistry(() => browser, () => podium.url);

describe('in the browser', () => {
  before(async () => {
    podium = await startPodium();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await podium?.stop();
  });

  test('a participant asks as civil society; the facilitator gives the floor; Balance shows the share, live', { timeout: 90_000 }, async () => {
    const phone = await open('phone', `/participant.html?room=${ROOM}`, phoneSize, { isMobile: true, hasTouch: true });
    const facilitator = await open('facilitator', `/facilitator.html?room=${ROOM}#key=${encodeURIComponent(podium.keys[ROOM])}`, tablet);
    await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
    await facilitator.waitForSelector('[data-testid="connection"][data-status="live"]');
    assert.equal(await facilitator.isVisible('[data-testid="balance-empty"]'), true, 'nobody has spoken yet');

    // The phone: name, organisation and whom they speak for, optional, in the ask-for-the-floor form.
    assert.deepEqual(await phone.locator('[data-testid="affiliation-kind"] option').allTextContents(),
      ['Not given', 'Local government', 'UN', 'Civil society', 'Other']);
    assert.equal(await phone.inputValue('[data-testid="affiliation-kind"]'), '');
    await phone.fill('[data-testid="name-input"]', SPEAKER);
    await phone.fill('[data-testid="affiliation-input"]', ORG);
    await phone.selectOption('[data-testid="affiliation-kind"]', 'civil_society');
    await phone.click('[data-testid="ask-button"]');
    await phone.waitForFunction(() => /1st in line/i.test(document.querySelector('[data-testid="my-status"]')?.textContent ?? ''));

    // The entry carries it over the wire, and the console shows it next to the name.
    const watcher = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
    const queued = /** @type {any} */ (watcher).welcome.snapshot.queue.find((/** @type {any} */ e) => e.name === SPEAKER);
    assert.equal(queued?.affiliation_kind, 'civil_society');
    const entry = facilitator.locator('[data-testid="queue-entry"]', { hasText: SPEAKER });
    await entry.waitFor();
    assert.equal(await entry.locator('[data-testid="ak-tag"]').textContent(), 'Civil society');

    // The facilitator adds a walk-in from the UN and a presenter from a city, each with their kind.
    assert.deepEqual(await facilitator.locator('[data-testid="add-affiliation-kind"] option').allTextContents(),
      ['Not given', 'Local government', 'UN', 'Civil society', 'Other']);
    await facilitator.fill('#add-name', 'Kofi Mensah');
    await facilitator.fill('#add-affiliation', 'UN-Habitat');
    await facilitator.selectOption('[data-testid="add-affiliation-kind"]', 'un');
    await facilitator.click('#add-form button[type="submit"]');
    const kofi = facilitator.locator('[data-testid="queue-entry"]:not([data-pending])', { hasText: 'Kofi Mensah' });
    await kofi.waitFor();
    assert.equal(await kofi.locator('[data-testid="ak-tag"]').textContent(), 'UN');
    assert.equal(await facilitator.inputValue('[data-testid="add-affiliation-kind"]'), '', 'the form starts afresh');

    await facilitator.fill('[data-testid="slot-add-name"]', 'Ana Souza');
    await facilitator.fill('[data-testid="slot-add-affiliation"]', 'City of Porto Alegre');
    await facilitator.selectOption('[data-testid="slot-add-affiliation-kind"]', 'local_government');
    await facilitator.click('[data-testid="slot-add-submit"]');
    const slot = facilitator.locator('[data-testid="slot"]:not([data-pending])', { hasText: 'Ana Souza' });
    await slot.waitFor();
    assert.equal(await slot.locator('[data-testid="ak-tag"]').textContent(), 'Local government');
    // Corrected: she speaks for civil society after all; then not given.
    await slot.locator('[data-testid="slot-edit"]').click();
    assert.equal(await facilitator.inputValue('[data-testid="slot-edit-affiliation-kind"]'), 'local_government');
    await facilitator.selectOption('[data-testid="slot-edit-affiliation-kind"]', 'other');
    await facilitator.click('[data-testid="slot-edit-save"]');
    await facilitator.locator('[data-testid="slot"]:not([data-editing]) [data-testid="ak-tag"][data-ak="other"]').waitFor();
    await slot.locator('[data-testid="slot-edit"]').click();
    await facilitator.selectOption('[data-testid="slot-edit-affiliation-kind"]', '');
    await facilitator.click('[data-testid="slot-edit-save"]');
    // Ana's own row, settled (the block's other presenters have no kind either).
    await facilitator.waitForFunction(() => [...document.querySelectorAll('[data-testid="slot"]:not([data-editing]):not([data-pending])')]
      .some((s) => s.textContent?.includes('Ana Souza') && !s.querySelector('[data-testid="ak-tag"]')));
    const again = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
    const slotNow = /** @type {any} */ (again).welcome.snapshot.blocks
      .flatMap((/** @type {any} */ b) => b.slots).find((/** @type {any} */ s) => s.name === 'Ana Souza');
    await again.close();
    assert.equal(slotNow?.affiliation_kind, undefined, 'a kind left out is cleared');

    // The floor: the speaker's kind shows under their name, and Balance counts them while they speak.
    await facilitator.click('[data-testid="next-speaker"]');
    await facilitator.waitForFunction((name) => document.querySelector('[data-testid="current-speaker"]')?.textContent === name, SPEAKER);
    assert.equal(await facilitator.textContent('[data-testid="current-ak"]'), 'Civil society');
    assert.equal(await facilitator.isVisible('[data-testid="current-ak"]'), true);
    const row = facilitator.locator('[data-testid="balance-speaker"]', { hasText: SPEAKER });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${SPEAKER}[\\s\\S]*${ORG} · Civil society[\\s\\S]*speaking now[\\s\\S]*\\d+:\\d\\d · 100%`));
    const kind = facilitator.locator('[data-testid="balance-kind"][data-kind="civil_society"]');
    assert.match(await kind.innerText(), /Civil society\s*\d+:\d\d · 100%/);
    assert.equal(await kind.getAttribute('data-share'), '100');
    assert.match(await kind.getAttribute('aria-label') ?? '', /^Civil society: \d+:\d\d, 100% of the speaking time, 1 turn\.$/);
    // Every named kind is listed even at 0%, in words; "not given" only once someone spoke without one.
    assert.deepEqual(await facilitator.locator('[data-testid="balance-kind"] .bal-name').allTextContents(),
      ['Local government', 'UN', 'Civil society', 'Other']);
    assert.match(await facilitator.locator('[data-testid="balance-kind"][data-kind="un"]').innerText(), /UN\s*0:00 · 0%/);
    assert.match(await facilitator.textContent('[data-testid="balance-summary"]') ?? '', /spoken in 1 turn by 1 speaker · first-time speakers: 1/);
    // Live: the time goes up by the second without any event.
    const before = await row.locator('.bal-num').textContent();
    await facilitator.waitForFunction((was) => {
      const now = document.querySelector('[data-testid="balance-speaker"] .bal-num')?.textContent;
      return now && now !== was;
    }, before, { timeout: 5000 });

    // Next speaker: two speakers, two kinds, shares that add up.
    await facilitator.waitForTimeout(1100);
    await facilitator.click('[data-testid="next-speaker"]');
    await facilitator.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Kofi Mensah');
    await facilitator.locator('[data-testid="balance-speaker"]', { hasText: 'Kofi Mensah' }).waitFor();
    // The panel redraws on the once-a-second tick after Kofi's first whole second: 1 to 2 s from now.
    await facilitator.waitForFunction(() =>
      Number(document.querySelector('[data-testid="balance-kind"][data-kind="un"]')?.getAttribute('data-share')) > 0, undefined, { timeout: 5000 });
    const shares = await facilitator.$$eval('[data-testid="balance-kind"]', (els) => els.map((e) => Number(e.getAttribute('data-share'))));
    assert.ok(shares[1] > 0 && shares[2] > 0, `UN and civil society both have time: ${shares}`);
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 100) <= 1, `the shares add up: ${shares}`);
    assert.match(await facilitator.textContent('[data-testid="balance-summary"]') ?? '', /in 2 turns by 2 speakers · first-time speakers: 2/);

    // The phone remembers whom this person speaks for, like their name.
    await phone.reload();
    await phone.waitForSelector('[data-testid="connection"][data-status="live"]');
    assert.equal(await phone.inputValue('[data-testid="affiliation-kind"]'), 'civil_society');
    assert.equal(await phone.inputValue('[data-testid="name-input"]'), SPEAKER);

    await facilitator.locator('[data-testid="balance"]').scrollIntoViewIfNeeded();
    await facilitator.screenshot({ path: join(artifacts, 'record-balance.png'), fullPage: true });
    await phone.screenshot({ path: join(artifacts, 'record-phone.png'), fullPage: true });

    // Usable on the tablet: no sideways scrolling; the new controls labelled and large.
    assert.equal(await facilitator.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    const problems = await facilitator.evaluate(() => [...document.querySelectorAll(
      '[data-testid="balance"] *, #add-form select, #slot-add-form select, [data-testid="exports"] :is(button, a, summary)')]
      .filter((el) => el.matches('button, select, a, summary') && el.getClientRects().length > 0)
      .flatMap((el) => {
        const out = [];
        if (el.getBoundingClientRect().height < 44) out.push(`small: ${el.outerHTML.slice(0, 80)}`);
        const named = el.getAttribute('aria-label') || el.textContent?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`));
        if (!named) out.push(`unlabelled: ${el.outerHTML.slice(0, 80)}`);
        return out;
      }));
    assert.deepEqual(problems, []);
    await watcher.close();
    for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
  });

  test('the facilitator downloads turns.csv and opens the minutes; no key, no record', { timeout: 90_000 }, async () => {
    const facilitator = page('facilitator');
    // A speaker whose name looks like markup: the minutes must show it as typed, as text.
    const desk = await joinRoom(podium, ROOM, 'facilitator', podium.keys[ROOM]);
    assert.equal((await desk.command('queue.add', { name: NASTY, affiliation: '| cell | _x_', affiliation_kind: 'other' })).type, 'ack');
    await desk.close();
    await facilitator.locator('[data-testid="queue-entry"]:not([data-pending])', { hasText: 'onerror' }).waitFor();
    await facilitator.click('[data-testid="next-speaker"]');
    await facilitator.waitForFunction((name) => document.querySelector('[data-testid="current-speaker"]')?.textContent === name, NASTY);
    // Finished turns make the record.
    await facilitator.click('[data-testid="end-turn"]');
    await facilitator.waitForFunction(() => document.querySelector('[data-testid="current-speaker"]')?.textContent === 'Nobody has the floor');

    // Exports: folded away until wanted.
    const exportsBox = facilitator.locator('[data-testid="exports"]');
    assert.equal(await exportsBox.getAttribute('open'), null, 'collapsed by default');
    await exportsBox.locator('summary').click();
    assert.deepEqual(await facilitator.locator('[data-testid="export-buttons"] button').allTextContents(),
      ['Minutes (Markdown)', 'Speaking turns (CSV)', 'Questions (CSV)', 'Polls (CSV)', 'Full log (JSON)']);
    // The key goes in a header, never in the URL.
    /** @type {{url: string, auth: string|undefined}[]} */
    const requests = [];
    facilitator.on('request', (r) => { if (r.url().includes('/export/')) requests.push({ url: r.url(), auth: r.headers().authorization }); });
    const [download] = await Promise.all([
      facilitator.waitForEvent('download'),
      facilitator.click('[data-testid="export-turns-csv"]'),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.doesNotMatch(download.suggestedFilename(), /[/\\]/);
    const csv = readFileSync(await download.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 byte order mark');
    const text = csv.toString('utf8');
    assert.match(text, new RegExp(SPEAKER));
    assert.match(text, /civil_society/);
    assert.match(text, /Kofi Mensah/);
    assert.deepEqual(requests, [{ url: `${podium.url}/api/rooms/${ROOM}/export/turns.csv`, auth: `Bearer ${podium.keys[ROOM]}` }]);
    await facilitator.waitForFunction(() => /^Saved .+\.csv\.$/.test(document.querySelector('[data-testid="export-status"]')?.textContent ?? ''));

    // The minutes: opened from the console, in a tab of their own, with the key this device keeps.
    const [minutes] = await Promise.all([
      facilitator.context().waitForEvent('page'),
      facilitator.click('[data-testid="open-minutes"]'),
    ]);
    /** @type {string[]} */
    const issues = [];
    minutes.on('console', (m) => { if (m.type() === 'error') issues.push(m.text()); });
    minutes.on('pageerror', (e) => issues.push(e.message));
    await minutes.waitForSelector('[data-testid="minutes"]:not([hidden])');
    assert.equal(new URL(minutes.url()).search, `?room=${ROOM}`, 'no key in the address');
    assert.ok(await minutes.locator('[data-testid="minutes"] h1').count() >= 1, 'a heading');
    assert.match(await minutes.locator('[data-testid="minutes"] h1').first().innerText(), /\S/);
    assert.match(await minutes.locator('[data-testid="minutes"] h2').first().innerText(), /Group 1/);
    const speakerCell = minutes.locator('[data-testid="minutes"] td', { hasText: SPEAKER }).first();
    await speakerCell.waitFor();
    assert.match(await minutes.locator('[data-testid="minutes"]').innerText(), /Civil society/);
    assert.match(await minutes.title(), /^Minutes: .+ — Podium$/);
    // Built as text: no markup came through from the file; what people typed reads as they typed it.
    assert.equal(await minutes.locator('[data-testid="minutes"] :is(script, img, a, iframe)').count(), 0);
    const nastyCells = await minutes.$$eval('[data-testid="minutes"] td', (tds, name) => tds.filter((td) => td.textContent === name).length, NASTY);
    assert.ok(nastyCells >= 2, `the name shows verbatim in the turns and speaking-time tables (${nastyCells})`);
    assert.ok(await minutes.locator('[data-testid="minutes"] td', { hasText: '| cell | _x_' }).count() >= 1, 'a pipe stays in its cell');
    await minutes.screenshot({ path: join(artifacts, 'record-minutes.png'), fullPage: true });
    // On paper: no toolbar, the document alone.
    await minutes.emulateMedia({ media: 'print' });
    assert.equal(await minutes.isVisible('header.bar'), false);
    assert.equal(await minutes.isVisible('[data-testid="minutes"]'), true);
    await minutes.emulateMedia({ media: 'screen' });
    assert.deepEqual(issues, [], 'minutes: no console errors or CSP violations');

    // A device without a key: a clear message and the way to the page where the key goes.
    const stranger = await open('stranger', `/minutes.html?room=${ROOM}`, tablet);
    await stranger.waitForSelector('[data-testid="minutes-message"]:not([hidden])');
    assert.match(await stranger.textContent('[data-testid="minutes-message-text"]') ?? '', /no key/i);
    assert.equal(await stranger.getAttribute('[data-testid="minutes-link"]', 'href'), `/facilitator.html?room=${ROOM}`);
    assert.equal(await stranger.isVisible('[data-testid="minutes"]'), false);
    const whole = await open('stranger-meeting', '/minutes.html', tablet);
    await whole.waitForSelector('[data-testid="minutes-message"]:not([hidden])');
    assert.match(await whole.textContent('[data-testid="minutes-message-text"]') ?? '', /organizer key/);
    assert.equal(await whole.getAttribute('[data-testid="minutes-link"]', 'href'), '/organizer.html');

    // Without the key, or with a wrong one, or with it in the query: 401 in JSON.
    const base = `${podium.url}/api/rooms/${ROOM}/export/turns.csv`;
    for (const [url, headers] of /** @type {[string, Record<string, string>][]} */ ([
      [base, {}],
      [base, { Authorization: 'Bearer not-the-key' }],
      [`${base}?key=${encodeURIComponent(podium.keys[ROOM])}`, {}],
      [`${podium.url}/api/export/turns.csv`, { Authorization: `Bearer ${podium.keys[ROOM]}` }], // the meeting's: organizer only
    ])) {
      const res = await fetch(url, { headers });
      assert.equal(res.status, 401, `${url} ${JSON.stringify(headers)}`);
      assert.match(res.headers.get('content-type') ?? '', /json/);
      assert.equal((await res.json()).error, 'bad_key');
    }
    const missing = await fetch(`${podium.url}/api/rooms/${ROOM}/export/secrets.txt`, { headers: { Authorization: `Bearer ${podium.keys[ROOM]}` } });
    assert.equal(missing.status, 404);

    for (const [name, { issues: found }] of views) assert.deepEqual(found, [], `${name}: no console errors or CSP violations`);
  });

  test('the organizer downloads the whole meeting\'s minutes and opens a room\'s', { timeout: 60_000 }, async () => {
    const organizer = await open('organizer', `/organizer.html#key=${encodeURIComponent(podium.organizerKey)}`, { width: 1440, height: 1000 });
    await organizer.waitForSelector('[data-testid="org-connection"][data-status="live"]');
    await organizer.locator('[data-testid="exports"] summary').click();
    assert.equal(await organizer.inputValue('[data-testid="export-room"]'), '');
    const [whole] = await Promise.all([organizer.waitForEvent('download'), organizer.click('[data-testid="export-minutes-md"]')]);
    const md = readFileSync(await whole.path(), 'utf8');
    assert.match(md, /^\uFEFF?# /);
    assert.match(md, new RegExp(SPEAKER));
    // One room's log, by the organizer key.
    await organizer.selectOption('[data-testid="export-room"]', ROOM);
    assert.equal(await organizer.getAttribute('[data-testid="open-minutes"]', 'href'), `/minutes.html?room=${ROOM}`);
    const [log] = await Promise.all([organizer.waitForEvent('download'), organizer.click('[data-testid="export-log-json"]')]);
    assert.match(log.suggestedFilename(), /\.json$/);
    JSON.parse(readFileSync(await log.path(), 'utf8'));
    // The whole meeting's minutes page works with the organizer key this device keeps.
    await organizer.selectOption('[data-testid="export-room"]', '');
    const [minutes] = await Promise.all([organizer.context().waitForEvent('page'), organizer.click('[data-testid="open-minutes"]')]);
    await minutes.waitForSelector('[data-testid="minutes"]:not([hidden])');
    assert.ok(await minutes.locator('[data-testid="minutes"] h2').count() >= 2, 'a section per room');
    for (const [name, { issues }] of views) assert.deepEqual(issues, [], `${name}: no console errors or CSP violations`);
  });
});
