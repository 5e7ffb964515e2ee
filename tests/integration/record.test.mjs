// @ts-check
// The record leaves the server only to those who hold a key: the minutes, the CSV files and the log of a
// room for its facilitator (or the organizer), the whole meeting's for the organizer. The same bytes
// every time, from the live server and from `podium export` on the same database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PODIUM_BIN, startPodium, tempDir, joinRoom as join } from '../support/podium.mjs';

const run = promisify(execFile);

/** @param {string} url @param {string} [key] */
async function get(url, key) {
  const res = await fetch(url, key ? { headers: { Authorization: `Bearer ${key}` } } : {});
  const bytes = Buffer.from(await res.arrayBuffer());
  // Decoded as written: a byte order mark stays in the text (res.text() would drop it).
  return { status: res.status, headers: res.headers, body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

/** Sends a command that must be acked. */
async function ok(client, type, fields = {}) {
  const reply = await client.command(type, fields);
  assert.equal(reply.type, 'ack', `${type}: ${JSON.stringify(reply)}`);
  return reply;
}

test('exports need the right key, keep rejected words and device ids out, and match the command line', async () => {
  const data = tempDir();
  const podium = await startPodium({ dataDir: data.dir });
  const chair = await join(podium, 'group-1', 'facilitator', podium.keys['group-1']);
  const phone = await join(podium, 'group-1', 'participant');
  await ok(chair, 'slot.add', { block_id: 'presentations', name: 'Ana Souza', affiliation: 'Porto Alegre', affiliation_kind: 'local_government' });
  await ok(chair, 'slot.start', { slot_id: 's1', expected_current: null });
  const good = await ok(phone, 'question.ask', { text: 'How do cities fund rights offices?' });
  const bad = await ok(phone, 'question.ask', { text: 'SECRET insult that must never be published' });
  await ok(chair, 'question.moderate', { question_id: good.question_id, action: 'approve' });
  await ok(chair, 'question.moderate', { question_id: bad.question_id, action: 'reject' });
  await ok(chair, 'block.start', { block_id: 'discussion', expected_current: 'presentations' });

  const room = `${podium.url}/api/rooms/group-1/export`;
  assert.equal((await get(`${room}/minutes.md`)).status, 401);
  assert.equal((await get(`${room}/minutes.md`, podium.keys['group-2'])).status, 401, 'another room\'s key');
  assert.equal((await get(`${room}/minutes.md?key=${podium.keys['group-1']}`)).status, 401, 'never a key in the query');
  assert.equal((await get(`${room}/nothing.txt`, podium.keys['group-1'])).status, 404);
  assert.equal((await get(`${podium.url}/api/rooms/nowhere/export/minutes.md`, podium.organizerKey)).status, 404);
  assert.equal((await get(`${podium.url}/api/export/log.json`, podium.keys['group-1'])).status, 401, 'the meeting is the organizer\'s');

  const minutes = await get(`${room}/minutes.md`, podium.keys['group-1']);
  assert.equal(minutes.status, 200);
  assert.match(minutes.headers.get('content-disposition') ?? '', /attachment; filename="podium-group-1-minutes.md"/);
  assert.match(minutes.body, /Ana Souza/);
  assert.match(minutes.body, /How do cities fund rights offices\?/);
  assert.doesNotMatch(minutes.body, /SECRET/);
  assert.equal((await get(`${room}/minutes.md`, podium.organizerKey)).body, minutes.body, 'the same bytes every time');
  const lower = await fetch(`${room}/minutes.md`, { headers: { Authorization: `bearer  ${podium.keys['group-1']}` } });
  assert.equal(lower.status, 200, 'the scheme in any letter case (RFC 9110)');

  const turns = await get(`${room}/turns.csv`, podium.keys['group-1']);
  assert.ok(turns.body.startsWith('\uFEFF'), 'UTF-8 with a byte order mark');
  assert.match(turns.body, /Ana Souza.*local_government/);
  const questions = await get(`${room}/questions.csv`, podium.keys['group-1']);
  assert.doesNotMatch(questions.body, /SECRET/);
  const log = await get(`${podium.url}/api/export/log.json`, podium.organizerKey);
  assert.equal(log.status, 200);
  const parsed = JSON.parse(log.body);
  assert.ok(parsed.rooms.some((r) => r.room === 'group-1' && r.events.length > 5 && r.epoch));
  assert.doesNotMatch(log.body, /"device"|SECRET/);

  // The command line reads the same database while the server runs, and writes the same bytes.
  const out = path.join(data.dir, 'minutes.md');
  await run(PODIUM_BIN, ['export', '--db', podium.db, '--room', 'group-1', '--format', 'md', '--out', out]);
  assert.equal(readFileSync(out, 'utf8'), minutes.body);
  const { stdout } = await run(PODIUM_BIN, ['export', '--db', podium.db, '--room', 'group-1', '--format', 'csv', '--table', 'questions']);
  assert.equal(stdout, questions.body);
  await assert.rejects(run(PODIUM_BIN, ['export', '--db', podium.db, '--room', 'nowhere', '--format', 'md']),
    (/** @type {any} */ e) => e.code !== 0 && /nowhere/.test(e.stderr));
  await assert.rejects(run(PODIUM_BIN, ['export', '--db', podium.db, '--format', 'md', '--out', '/nonexistent-dir/x.md']),
    (/** @type {any} */ e) => e.code !== 0 && /nonexistent-dir/.test(e.stderr));
  await assert.rejects(run(PODIUM_BIN, ['export', '--db', path.join(data.dir, 'missing.db'), '--format', 'md']),
    (/** @type {any} */ e) => e.code !== 0 && e.stderr.length > 0);
  // A database from a newer Podium, and a file that is not a database: refused, nothing written.
  const newer = path.join(data.dir, 'newer.db');
  await run('sqlite3', [newer, 'PRAGMA user_version = 99; CREATE TABLE t(x);']);
  const corrupt = path.join(data.dir, 'corrupt.db');
  writeFileSync(corrupt, 'this is not an SQLite database, whatever its name says'.repeat(200));
  for (const db of [newer, corrupt]) {
    const target = path.join(data.dir, 'never.md');
    await assert.rejects(run(PODIUM_BIN, ['export', '--db', db, '--format', 'md', '--out', target]),
      (/** @type {any} */ e) => e.code !== 0 && /podium export: /.test(e.stderr) && e.stderr.trim().split('\n').length === 1);
    assert.equal(existsSync(target), false, 'no partial file');
  }
  for (const c of [chair, phone]) await c.close();
  await podium.stop();
  data.cleanup();
});

test('after closing, purge replaces device ids and blanks unpublished questions; counts survive', async () => {
  const data = tempDir();
  let podium = await startPodium({ dataDir: data.dir });
  const { keys, organizerKey } = podium;
  const chair = await join(podium, 'group-1', 'facilitator', keys['group-1']);
  const phones = await Promise.all([1, 2, 3].map(() => join(podium, 'group-1', 'participant')));
  const good = await ok(phones[0], 'question.ask', { text: 'Published question' });
  const bad = await ok(phones[1], 'question.ask', { text: 'SECRET never published' });
  await ok(chair, 'question.moderate', { question_id: good.question_id, action: 'approve' });
  await ok(chair, 'question.moderate', { question_id: bad.question_id, action: 'reject' });
  await ok(phones[1], 'question.upvote', { question_id: good.question_id, up: true });
  await ok(phones[2], 'question.upvote', { question_id: good.question_id, up: true });
  // What the server stores for a device: the first half of its token's SHA-256 (server/app/keys.cpp).
  const stored = phones.map((p) => createHash('sha256').update(p.device).digest('hex').slice(0, 32));
  // Not before the meeting is closed.
  await assert.rejects(run(PODIUM_BIN, ['purge', '--db', podium.db]), (/** @type {any} */ e) => /still open/.test(e.stderr));
  const organizer = await join(podium, 'plenary', 'organizer', organizerKey);
  await ok(organizer, 'meeting.close');
  const before = (await join(podium, 'group-1', 'display')).welcome.snapshot;
  for (const c of [chair, organizer, ...phones]) await c.close();
  await podium.stop();

  const held = readFileSync(podium.db).toString('latin1') + readFileSync(`${podium.db}-wal`, { flag: 'a+' }).toString('latin1');
  assert.ok(stored.some((d) => held.includes(d)), 'before the purge the device ids are there');
  const { stdout } = await run(PODIUM_BIN, ['purge', '--db', podium.db]);
  assert.match(stdout, /device ids replaced/);
  const raw = readFileSync(podium.db).toString('latin1');
  assert.doesNotMatch(raw, /SECRET never published/, 'gone from the file itself, not only from the rows');
  podium = await startPodium({ dataDir: data.dir, keys, organizerKey });
  const after = (await join(podium, 'group-1', 'display')).welcome;
  assert.notEqual(after.epoch, undefined);
  assert.deepEqual(after.snapshot.questions, before.questions, 'published questions and their votes survive');
  const closedMinutes = (await get(`${podium.url}/api/rooms/group-1/export/minutes.md`, organizerKey)).body;
  assert.match(closedMinutes, /The organizer closed the meeting at \d\d:\d\d\./);
  const log = (await get(`${podium.url}/api/export/log.json`, organizerKey)).body;
  assert.match(log, /Published question/);
  assert.doesNotMatch(log, /SECRET/);
  await podium.stop();
  // The device ids are gone: nothing stored matches any phone's token any more.
  const dump = readFileSync(podium.db).toString('latin1');
  for (const d of stored) assert.equal(dump.includes(d), false, d);
  data.cleanup();
});
