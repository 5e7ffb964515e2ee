// @ts-check
// The podium command line: help, version, and start-up refusals that name the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PODIUM_BIN, tempDir, startPodium, Client } from '../support/podium.mjs';

const run = (...args) => spawnSync(PODIUM_BIN, args, { encoding: 'utf8', timeout: 10000 });

test('--help lists every option and --version prints the version', () => {
  const help = run('--help');
  assert.equal(help.status, 0);
  for (const option of ['--port', '--bind', '--meeting', '--db', '--web-root', '--log-level', '--version'])
    assert.ok(help.stdout.includes(option), option);
  const version = run('--version');
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^podium \d+\.\d+\.\d+/);
});

test('a malformed meeting file is refused at start with the file, the field and the problem', () => {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'meeting.json');
  const bundled = path.resolve(import.meta.dirname, '../../server/meetings/geneva-2019.json');
  const meeting = JSON.parse(readFileSync(bundled, 'utf8'));
  meeting.rooms[2].blocks[0].minutes = 'thirty';
  writeFileSync(file, JSON.stringify(meeting));
  const r = run('--meeting', file, '--db', path.join(dir, 'x.db'), '--port', '0');
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes(file), r.stderr);
  assert.match(r.stderr, /rooms\[2\]\.blocks\[0\]\.minutes/);
  writeFileSync(file, '{ "title": ');
  const broken = run('--meeting', file, '--db', path.join(dir, 'x.db'), '--port', '0');
  assert.equal(broken.status, 1);
  assert.ok(broken.stderr.includes(file), broken.stderr);
  cleanup();
});

test('a database from a newer Podium is refused, not touched', async () => {
  const { dir, cleanup } = tempDir();
  const db = path.join(dir, 'p.db');
  const podium = await startPodium({ db, dataDir: dir });
  await podium.stop();
  execFileSync('sqlite3', [db, 'PRAGMA user_version = 42']);
  const r = run('--db', db, '--port', '0');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /newer/);
  assert.equal(execFileSync('sqlite3', [db, 'PRAGMA user_version'], { encoding: 'utf8' }).trim(), '42');
  cleanup();
});

test('a connection that never says hello is closed with 4408', async () => {
  const podium = await startPodium();
  const c = await Client.connect(podium.url);
  const started = Date.now();
  const { code } = await c.closed;
  assert.equal(code, 4408);
  assert.ok(Date.now() - started >= 9000);
  await podium.stop();
});

test('a busy port fails at start before any key is made, and the next start prints the keys', async () => {
  const first = await startPodium();
  const { dir, cleanup } = tempDir();
  const db = path.join(dir, 'fresh.db');
  const busy = run('--db', db, '--port', String(first.port));
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
  const second = await startPodium({ db, dataDir: dir });
  assert.equal(Object.keys(second.keys).length, 4, 'all four facilitator keys are printed');
  assert.ok(second.organizerKey);
  await second.stop();
  await first.stop();
  cleanup();
});

test('a room keeps its recorded settings when the meeting file is edited later', async () => {
  const { dir, cleanup } = tempDir();
  const db = path.join(dir, 'p.db');
  const first = await startPodium({ db, dataDir: dir });
  const { keys, organizerKey } = first;
  await first.stop();
  const bundled = path.resolve(import.meta.dirname, '../../server/meetings/geneva-2019.json');
  const meeting = JSON.parse(readFileSync(bundled, 'utf8'));
  meeting.rooms[1].speaking_seconds = 60;
  meeting.rooms[1].warning_seconds = 10;
  const edited = path.join(dir, 'edited.json');
  writeFileSync(edited, JSON.stringify(meeting));
  const second = await startPodium({ db, dataDir: dir, keys, organizerKey, args: ['--meeting', edited] });
  const c = await Client.connect(second.url);
  const w = await c.hello({ room: 'group-1', role: 'display' });
  assert.equal(w.snapshot.settings.speaking_ms, 180000);
  await c.close();
  await second.stop();
  cleanup();
});

test('HEAD answers carry headers only, so a keep-alive connection stays in step', async () => {
  const podium = await startPodium();
  const net = await import('node:net');
  const socket = net.connect(podium.port, '127.0.0.1');
  let text = '';
  socket.on('data', (d) => {
    text += d;
  });
  socket.write('HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  await new Promise((resolve) => socket.on('end', resolve));
  const responses = text.split(/(?=HTTP\/1\.1 )/);
  assert.equal(responses.length, 2, text);
  assert.match(responses[0], /Content-Length: \d+\r\n\r\n$/);
  assert.match(responses[1], /\{"status":"ready"\}$/);
  await podium.stop();
});
