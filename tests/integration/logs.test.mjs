// @ts-check
// The server's log: one JSON object per line, whatever a message holds, and never a key, a device id
// or what people wrote. A day of activity at log level info, then every line is read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startPodium } from '../support/podium.mjs';

test('the log is JSON lines and holds no key, device id, question or name', async () => {
  const podium = await startPodium({ logLevel: 'info' });
  const QUESTION = 'Which cities publish their budgets "line by line"? \\ <b>secret-question-7f3a</b>';
  const NAME = 'Secret Name 9c1e';
  const phone = await Client.connect(podium.url);
  assert.equal((await phone.hello({ room: 'group-1', role: 'participant' })).type, 'welcome');
  assert.equal((await phone.command('question.ask', { text: QUESTION, name: NAME })).type, 'ack');
  assert.equal((await phone.command('queue.join', { name: NAME })).type, 'ack');
  const desk = await Client.connect(podium.url);
  assert.equal((await desk.hello({ room: 'group-1', role: 'facilitator', key: podium.keys['group-1'] })).type, 'welcome');
  const org = await Client.connect(podium.url);
  assert.equal((await org.hello({ room: 'plenary', role: 'organizer', key: podium.organizerKey })).type, 'welcome');
  // Things worth a warning: a wrong key, a foreign origin, a malformed message.
  const wrong = await Client.connect(podium.url);
  assert.equal((await wrong.hello({ room: 'group-2', role: 'facilitator', key: podium.keys['group-1'] })).code, 'bad_key');
  await assert.rejects(Client.connect(podium.url, { origin: 'https://evil.example' }), /HTTP 403/);
  phone.send('{"type": "queue.join", "op_id": ');
  await Promise.all([phone.close(), desk.close(), org.close(), wrong.close()]);
  const { code } = await podium.stop();
  assert.equal(code, 0);

  const lines = podium.stderr().trimEnd().split('\n');
  assert.ok(lines.length >= 5, podium.stderr());
  for (const line of lines) {
    const entry = JSON.parse(line);
    assert.deepEqual(Object.keys(entry), ['ts', 'level', 'msg'], line);
    assert.match(entry.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(['trace', 'debug', 'info', 'warning', 'error', 'critical'].includes(entry.level), line);
  }
  const messages = lines.map((l) => JSON.parse(l).msg);
  assert.ok(messages.some((m) => /origin not allowed/.test(m)), 'the refused origin is logged');
  assert.ok(messages.includes('stopped cleanly'));
  const secrets = [...Object.values(podium.keys), podium.organizerKey, phone.device, desk.device, org.device,
    wrong.device, 'secret-question-7f3a', NAME];
  for (const secret of secrets) assert.ok(!podium.stderr().includes(secret), `the log holds ${secret}`);
});
