// @ts-check
// Who may do what, as PROTOCOL.md's "Commands" section says it, checked against the real server for every
// command type (each client fixture in protocol/fixtures/client) from every role: a participant's phone,
// the room display, a facilitator holding another room's key, the room's facilitator and the organizer.
// A refused command is refused with `forbidden` (or, without a hello, `not_joined`) and changes nothing:
// the room's seq does not move. An allowed one is never refused with `forbidden` (it may still be
// refused for what it says: an id that does not exist here, a poll that is not open).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client, startPodium } from '../support/podium.mjs';

const FIXTURES = path.resolve(import.meta.dirname, '../../protocol/fixtures/client');
const ROOM = 'group-1';

/** Every command fixture: hello, ping and sync are not commands. One per type is enough. */
const commands = new Map();
for (const file of readdirSync(FIXTURES).sort()) {
  const body = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
  if (['hello', 'ping', 'sync'].includes(body.type) || commands.has(body.type)) continue;
  commands.set(body.type, body);
}

// The documented matrix.
const PARTICIPANT = new Set(['queue.join', 'queue.withdraw', 'question.ask', 'question.edit', 'question.withdraw',
  'question.upvote', 'poll.vote']);
// A participant's own voice: facilitators add speakers with queue.add and do not vote or ask.
const PARTICIPANT_ONLY = new Set([...PARTICIPANT].filter((t) => t !== 'queue.withdraw'));
const ORGANIZER_ONLY = new Set(['agenda.set', 'message.send', 'meeting.close', 'room.rotate_key']);

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium?.stop();
});

/** The room's seq, as a newly welcomed display sees it. */
async function seqNow() {
  const d = await Client.connect(podium.url);
  const w = await d.hello({ room: ROOM, role: 'display' });
  await d.close();
  return w.seq;
}

let counter = 0;
/** Sends one fixture with a fresh op_id; resolves with the ack or reject. */
function send(/** @type {Client} */ c, /** @type {any} */ body) {
  return c.command(body.type, Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'type' && k !== 'op_id')),
    `authz-${++counter}`);
}

test('every command type has a fixture to send', () => {
  assert.ok(commands.size >= 45, `${commands.size} command types`);
  for (const type of [...PARTICIPANT, ...ORGANIZER_ONLY]) assert.ok(commands.has(type), type);
});

for (const role of ['participant', 'display']) {
  test(`a ${role}: only what the documented matrix allows; every refusal is forbidden and changes nothing`, async () => {
    const seq = await seqNow();
    /** @type {string[]} */
    const wrong = [];
    for (const [type, body] of commands) {
      if (role === 'participant' && PARTICIPANT.has(type)) continue;
      // A device of its own for each command: no rate limit is in the way.
      const c = await Client.connect(podium.url);
      assert.equal((await c.hello({ room: ROOM, role })).type, 'welcome');
      const reply = await send(c, body);
      if (reply.type !== 'reject' || reply.code !== 'forbidden') wrong.push(`${type}: ${JSON.stringify(reply)}`);
      else assert.ok(reply.message, `${type}: a message a person can read`);
      await c.close();
    }
    assert.deepEqual(wrong, []);
    assert.equal(await seqNow(), seq, 'nothing changed');
    if (role === 'display') return;
    // What a participant may send is not refused for who they are.
    for (const type of PARTICIPANT) {
      const c = await Client.connect(podium.url);
      await c.hello({ room: ROOM, role });
      const reply = await send(c, commands.get(type));
      assert.notEqual(reply.code, 'forbidden', `${type}: ${JSON.stringify(reply)}`);
      await c.close();
    }
  });
}

test('another room\'s facilitator key opens nothing here: the hello is refused and so is every command', async () => {
  const seq = await seqNow();
  /** @type {string[]} */
  const wrong = [];
  for (const [type, body] of commands) {
    const c = await Client.connect(podium.url);
    assert.equal((await c.hello({ room: ROOM, role: 'facilitator', key: podium.keys['group-2'] })).code, 'bad_key');
    const reply = await send(c, body);
    if (reply.code !== 'not_joined') wrong.push(`${type}: ${JSON.stringify(reply)}`);
    await c.close();
  }
  assert.deepEqual(wrong, []);
  assert.equal(await seqNow(), seq, 'nothing changed');
});

/**
 * A chair (facilitator or organizer) sends every command: those in `refused` are forbidden and change
 * nothing; every other one is not refused for who sends it. `last` goes last (it ends the meeting).
 * @param {Client} c @param {Set<string>} refused @param {string} [last]
 */
async function chairRow(c, refused, last) {
  const seq = await seqNow();
  const wrong = [];
  for (const type of refused) {
    const reply = await send(c, commands.get(type));
    if (reply.code !== 'forbidden') wrong.push(`${type} should be forbidden: ${JSON.stringify(reply)}`);
  }
  assert.equal(await seqNow(), seq, 'nothing changed');
  const allowed = [...commands.keys()].filter((t) => !refused.has(t) && t !== last);
  for (const type of last ? [...allowed, last] : allowed) {
    const reply = await send(c, commands.get(type));
    if (reply.code === 'forbidden') wrong.push(`${type}: ${JSON.stringify(reply)}`);
  }
  assert.deepEqual(wrong, []);
}

test('the room\'s facilitator: everything but the organizer\'s commands and a participant\'s own', async () => {
  const c = await Client.connect(podium.url);
  assert.equal((await c.hello({ room: ROOM, role: 'facilitator', key: podium.keys[ROOM] })).type, 'welcome');
  await chairRow(c, new Set([...ORGANIZER_ONLY, ...PARTICIPANT_ONLY]));
  await c.close();
});

test('the organizer: everything but a participant\'s own (closing the meeting last)', async () => {
  const c = await Client.connect(podium.url);
  assert.equal((await c.hello({ room: ROOM, role: 'organizer', key: podium.organizerKey })).type, 'welcome');
  await chairRow(c, PARTICIPANT_ONLY, 'meeting.close');
  await c.close();
});
