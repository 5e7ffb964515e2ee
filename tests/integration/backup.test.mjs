// @ts-check
// Backups and restore with the real binary: `podium backup` of a database the server is writing,
// `podium restore` with new epochs that make resuming clients take a fresh snapshot, the automatic
// backups in --backup-dir, and the refusals of the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PODIUM_BIN, startPodium, Client, joinRoom, tempDir } from '../support/podium.mjs';

const ROOMS = ['plenary', 'group-1', 'group-2', 'group-3'];
const BACKUP_NAME = /^podium-\d{8}-\d{6}\.db$/;

/** @param {string} db @param {string} sqlText */
function sql(db, sqlText) {
  const out = execFileSync('sqlite3', ['-json', db, sqlText], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** The podium binary, without blocking the event loop (the clients keep running meanwhile). */
function podium(...args) {
  return new Promise((resolve) => {
    execFile(PODIUM_BIN, args, { encoding: 'utf8', timeout: 30000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/**
 * What a test starts is stopped after it even when an assertion fails, so a failure is reported
 * instead of an open socket or server keeping the runner waiting.
 */
function tracker(t) {
  /** @type {any[]} */ const servers = [];
  /** @type {any[]} */ const clients = [];
  /** @type {any[]} */ const dirs = [];
  t.after(() => {
    for (const c of clients) c.ws.terminate();
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    for (const d of dirs) d.cleanup();
  });
  return {
    server: (s) => (servers.push(s), s),
    client: (c) => (clients.push(c), c),
    dir: (d) => (dirs.push(d), d),
  };
}

const run = (...args) => spawnSync(PODIUM_BIN, args, { encoding: 'utf8', timeout: 30000 });

/** A backup file is intact and every room's log runs 1..n without a gap. Returns the rows. */
function checkBackup(file) {
  assert.deepEqual(sql(file, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }], file);
  const rows = sql(file, 'SELECT room, seq, op_id FROM events ORDER BY room, seq');
  for (const room of ROOMS) {
    const seqs = rows.filter((r) => r.room === room).map((r) => r.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `${file}: ${room} has no gap in seq`);
  }
  return rows;
}

/**
 * Commands from one facilitator, three in flight, until stopped: add a speaker, remove it again. A
 * command refused by the rate limit is sent again after the wait it names.
 */
function burst(client, prefix) {
  let n = 0;
  let acks = 0;
  let stopped = false;
  /** @type {string[]} */
  const failures = [];
  const send = async (type, fields, opId) => {
    for (let attempt = 0; ; attempt++) {
      // A refused command was not applied: the retry is a new command with an op_id of its own.
      const m = await client.command(type, fields, attempt ? `${opId}-${attempt}` : opId).catch(() => null);
      if (m?.type === 'reject' && m.code === 'rate_limited' && !stopped) {
        await new Promise((r) => setTimeout(r, m.retry_after_ms ?? 50));
        continue;
      }
      if (m?.type === 'ack') acks++;
      else if (!stopped) failures.push(m ? `${m.code}: ${m.message}` : `${type}: no answer`);
      return m?.type === 'ack' ? m : null;
    }
  };
  const pump = async () => {
    while (!stopped) {
      const k = ++n;
      const add = await send('queue.add', { name: `${prefix}-${k}` }, `${prefix}-add-${k}`);
      if (!add || !(await send('queue.remove', { entry_id: add.entry_id }, `${prefix}-rm-${k}`))) return;
    }
  };
  const done = Promise.all([pump(), pump(), pump()]);
  return { acks: () => acks, failures, stop: () => { stopped = true; return done; } };
}

test('podium backup during a burst is consistent, and a restore resynchronises resuming clients', async (t) => {
  const track = tracker(t);
  const data = track.dir(tempDir());
  const server = track.server(await startPodium({ dataDir: data.dir, args: ['--backup-every', '0'] }));
  const { keys, organizerKey } = server;

  // Several clients: a facilitator per room, a second one in group-1, phones joining group-2's queue.
  const chairs = await Promise.all([...ROOMS, 'group-1'].map(async (room) => track.client(await joinRoom(server, room, 'facilitator', keys[room]))));
  const phones = await Promise.all([1, 2, 3].map(async () => track.client(await joinRoom(server, 'group-2', 'participant'))));
  const bursts = chairs.map((c, i) => burst(c, `c${i}`));
  for (const [i, p] of phones.entries()) assert.equal((await p.command('queue.join', { name: `Phone ${i}` })).type, 'ack');

  // Backups while the burst runs.
  const backups = [];
  const timings = [];
  const reported = [];
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 3; i++) {
    const out = path.join(data.dir, `during-${i}.db`);
    const started = performance.now();
    const r = await podium('backup', '--db', server.db, '--out', out);
    timings.push(performance.now() - started);
    assert.equal(r.status, 0, r.stderr);
    const m = r.stdout.match(/-> .*during-\d\.db \((\d+) bytes, (\d+) ms\)/);
    assert.ok(m, r.stdout);
    reported.push(`${m[2]} (${m[1]} bytes)`);
    backups.push(out);
  }
  // Let commands land after the last backup too, so it cannot hold the whole log.
  const acks = () => bursts.reduce((sum, b) => sum + b.acks(), 0);
  const acksAtLastBackup = acks();
  const deadline = Date.now() + 10000;
  while (acks() < acksAtLastBackup + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await Promise.all(bursts.map((b) => b.stop()));
  assert.deepEqual(bursts.flatMap((b) => b.failures), [], 'every command of the burst was acked');
  assert.ok(acks() >= acksAtLastBackup + 20, 'commands were acked after the last backup');
  assert.ok(acksAtLastBackup > 20, `the burst was running (${acksAtLastBackup} acks)`);
  t.diagnostic(`podium backup took ${timings.map((ms) => ms.toFixed(0)).join(', ')} ms (process start to exit); ` +
    `it reported ${reported.join(', ')} ms for the copy`);

  // Each backup is intact, gapless, and a prefix of the live log.
  const live = sql(server.db, 'SELECT room, seq, op_id FROM events ORDER BY room, seq');
  let previous = 0;
  for (const file of backups) {
    const rows = checkBackup(file);
    for (const room of ROOMS) {
      const mine = rows.filter((r) => r.room === room);
      assert.deepEqual(mine, live.filter((r) => r.room === room).slice(0, mine.length), `${file}: ${room} is a prefix`);
    }
    assert.ok(rows.length >= previous, 'later backups hold more');
    previous = rows.length;
  }
  assert.ok(previous < live.length, 'the backups were taken while events were being written');
  // Backups of the same database are a plain SQLite file: no WAL beside them.
  assert.ok(!existsSync(backups[0] + '-wal'));

  // A quiet final state worth restoring: a running timer and a queue.
  const chair = chairs[0];
  await chair.command('queue.add', { name: 'Amina' });
  await chair.command('timer.set', { timer: 'segment', duration_ms: 600000 });
  await chair.command('timer.start', { timer: 'segment' });
  const before = {};
  for (const room of ROOMS) before[room] = track.client(await joinRoom(server, room, 'facilitator', keys[room])).welcome;
  const phoneBefore = await (async () => {
    const c = track.client(await Client.connect(server.url));
    c.device = phones[1].device;
    return c.hello({ room: 'group-2', role: 'participant' });
  })();
  const final = path.join(data.dir, 'final.db');
  const r = await podium('backup', '--db', server.db, '--out', final);
  assert.equal(r.status, 0, r.stderr);
  checkBackup(final);
  await server.kill();

  // Restore into a new place and serve it.
  const target = path.join(data.dir, 'restored', 'podium.db');
  const restored = run('restore', '--from', final, '--db', target);
  assert.equal(restored.status, 0, restored.stderr);
  for (const room of ROOMS) assert.match(restored.stdout, new RegExp(`${room}=[0-9a-f]{16}`));
  const again = track.server(await startPodium({ db: target, dataDir: path.dirname(target), keys, organizerKey, args: ['--backup-every', '0'] }));
  for (const room of ROOMS) {
    const old = before[room];
    const c = track.client(await Client.connect(again.url));
    const w = await c.hello({ room, role: 'facilitator', key: keys[room], resume: { epoch: old.epoch, seq: old.seq } });
    assert.equal(w.type, 'welcome', JSON.stringify(w));
    assert.notEqual(w.epoch, old.epoch, `${room}: a new epoch`);
    assert.ok(w.snapshot, `${room}: a resume with the old epoch gets a full snapshot`);
    assert.equal(w.events, undefined);
    assert.equal(w.seq, old.seq, `${room}: the same log`);
    assert.deepEqual(w.snapshot, old.snapshot, `${room}: the same state`);
    await c.close();
  }
  const phone = track.client(await Client.connect(again.url));
  phone.device = phones[1].device;
  const pw = await phone.hello({ room: 'group-2', role: 'participant', resume: { epoch: phoneBefore.epoch, seq: phoneBefore.seq } });
  assert.ok(pw.snapshot);
  assert.deepEqual(pw.mine, phoneBefore.mine, 'the phone finds its own queue entry again');
  await again.stop();
});

test('backup and restore refuse bad input with a one-line message and a non-zero exit', async (t) => {
  const track = tracker(t);
  const data = track.dir(tempDir());
  const server = track.server(await startPodium({ dataDir: data.dir, args: ['--backup-every', '0'] }));
  const backup = path.join(data.dir, 'b.db');
  assert.equal(run('backup', '--db', server.db, '--out', backup).status, 0);
  const notAFolder = path.join(data.dir, 'plain-file');
  writeFileSync(notAFolder, 'x');
  const newer = path.join(data.dir, 'newer.db');
  assert.equal(run('backup', '--db', server.db, '--out', newer).status, 0);
  execFileSync('sqlite3', [newer, 'PRAGMA user_version = 42']);

  const cases = [
    [['backup', '--db', path.join(data.dir, 'nope.db'), '--out', path.join(data.dir, 'x.db')], /no database at .*nope\.db/],
    [['backup', '--db', server.db, '--out', path.join(notAFolder, 'x.db')], /cannot write .*plain-file/],
    [['backup', '--db', server.db, '--out', '/nonexistent-podium-dir/x.db'], /cannot write/],
    [['backup', '--db', server.db, '--out', backup], /already exists; pass --force/],
    [['backup', '--db', newer, '--out', path.join(data.dir, 'y.db')], /newer/],
    [['restore', '--from', path.join(data.dir, 'nope.db'), '--db', path.join(data.dir, 'r.db')], /no database at/],
    [['restore', '--from', newer, '--db', path.join(data.dir, 'r.db')], /newer/],
    [['restore', '--from', backup, '--db', server.db], /already exists.*--force/],
    [['restore', '--from', backup, '--db', server.db, '--force'], /in use/],
    [['restore', '--from', notAFolder, '--db', path.join(data.dir, 'r.db')], /cannot be read as a database|not a Podium database/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.notEqual(r.status, 0, `${args.join(' ')} must fail`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
  }
  for (const name of ['x.db', 'y.db', 'r.db']) assert.ok(!existsSync(path.join(data.dir, name)), `no ${name}`);
  assert.deepEqual(readdirSync(data.dir).filter((f) => f.includes('partial')), [], 'no partial file is left');
  // The refused restore left the live database alone.
  assert.deepEqual(sql(server.db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  await server.stop();
});

test('the server backs up every --backup-every minutes into --backup-dir, and once more at SIGTERM', async (t) => {
  const track = tracker(t);
  const data = track.dir(tempDir());
  const dir = path.join(data.dir, 'kept');
  const server = track.server(await startPodium({ dataDir: data.dir, args: ['--backup-dir', dir, '--backup-every', '0.01'] }));
  const chair = track.client(await joinRoom(server, 'group-3', 'facilitator', server.keys['group-3']));
  const deadline = Date.now() + 10000;
  while (!(existsSync(dir) && readdirSync(dir).some((f) => BACKUP_NAME.test(f))) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  assert.ok(readdirSync(dir).some((f) => BACKUP_NAME.test(f)), 'a periodic backup appeared');
  for (let i = 0; i < 5; i++) assert.equal((await chair.command('queue.add', { name: `Late ${i}` })).type, 'ack');
  const { code } = await server.stop();
  assert.equal(code, 0);
  const files = readdirSync(dir).sort();
  assert.ok(files.length >= 1 && files.length <= 20, files.join(' '));
  for (const f of files) assert.match(f, BACKUP_NAME);
  const newest = path.join(dir, files[files.length - 1]);
  const rows = checkBackup(newest);
  assert.equal(rows.filter((r) => r.room === 'group-3').length, 5, 'the shutdown backup holds the last commands');

  // By default they go to backups/ beside the database.
  const other = track.dir(tempDir());
  const plain = track.server(await startPodium({ dataDir: other.dir }));
  assert.equal((await plain.stop()).code, 0);
  assert.ok(readdirSync(path.join(other.dir, 'backups')).some((f) => BACKUP_NAME.test(f)));
});
