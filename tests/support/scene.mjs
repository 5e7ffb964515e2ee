// @ts-check
// A room in the middle of a meeting, set up through the real protocol: the meeting at its thematic
// discussions and the room in its discussion block, one turn spoken, someone speaking, three people
// waiting, two questions shown to the room (one being answered), an open poll with a few votes. The
// phone and picture tests look at the views in this state, the way a meeting looks most of the time.
import { before, after } from 'node:test';
import { joinRoom, startPodium } from './podium.mjs';
import { launchChromium } from './browser.mjs';

/** @param {import('./podium.mjs').Client} client @param {string} type @param {Record<string, unknown>} [fields] */
async function ack(client, type, fields = {}) {
  const reply = await client.command(type, fields);
  if (reply.type !== 'ack') throw new Error(`${type}: ${JSON.stringify(reply)}`);
  return reply;
}

/**
 * Furnishes `room`; returns the protocol clients it used and a `close()` for them.
 * @param {{url: string, keys: Record<string, string>, organizerKey: string}} podium @param {string} room
 */
export async function furnishRoom(podium, room) {
  const chair = await joinRoom(podium, room, 'facilitator', podium.keys[room]);
  const organizer = await joinRoom(podium, room, 'organizer', podium.organizerKey);
  const phones = await Promise.all([1, 2, 3].map(() => joinRoom(podium, room, 'participant')));

  // The meeting is at the thematic discussions; this room has opened its discussion block.
  await ack(organizer, 'agenda.set', { item_id: 'thematic-discussions', expected_current: null });
  await ack(chair, 'block.start', { block_id: 'discussion', expected_current: null });

  // One turn already spoken (the minutes have a row), then Ana Souza has the floor.
  const before = await ack(chair, 'queue.add', { name: 'Li Wei', affiliation: 'City of Wuhan', affiliation_kind: 'local_government' });
  await ack(chair, 'turn.next', { expected_current: null });
  await ack(chair, 'queue.add', { name: 'Ana Souza', affiliation: 'City of Porto Alegre', affiliation_kind: 'local_government' });
  await ack(chair, 'turn.next', { expected_current: before.entry_id });
  const waiting = [
    { name: 'Kwame Mensah', affiliation: 'UCLG Africa', affiliation_kind: 'civil_society', guiding_question: 'gq2' },
    { name: 'Ingrid Lund', affiliation: 'Municipality of Bergen', affiliation_kind: 'local_government', kind: 'reply' },
    { name: 'Rafael Ortiz', affiliation: 'OHCHR', affiliation_kind: 'un' },
  ];
  for (const [i, entry] of waiting.entries()) await ack(phones[i], 'queue.join', entry);

  const first = await ack(phones[0], 'question.ask', {
    text: 'How can a city without a national human rights institution take part in the UPR?', name: 'Amina', guiding_question: 'gq1' });
  const second = await ack(phones[1], 'question.ask', { text: 'Who pays for the local human rights office once the pilot ends?' });
  for (const q of [first, second]) await ack(chair, 'question.moderate', { question_id: q.question_id, action: 'approve' });
  await ack(phones[2], 'question.upvote', { question_id: first.question_id, up: true });
  await ack(phones[1], 'question.upvote', { question_id: first.question_id, up: true });
  await ack(phones[0], 'question.upvote', { question_id: second.question_id, up: true });
  await ack(chair, 'question.answering', { question_id: first.question_id });

  const poll = await ack(chair, 'poll.create', {
    question: 'Which right should the network take up first next year?', kind: 'single',
    options: ['Housing', 'Water and sanitation', 'Participation in public life'], live_results: true });
  await ack(chair, 'poll.open', { poll_id: poll.poll_id });
  await ack(phones[0], 'poll.vote', { poll_id: poll.poll_id, picks: [0] });
  await ack(phones[1], 'poll.vote', { poll_id: poll.poll_id, picks: [2] });

  const clients = [chair, organizer, ...phones];
  return { clients, close: () => Promise.all(clients.map((c) => c.close())) };
}

/**
 * A browser test file's shared set-up: before its tests, Podium and chromium, and with `chair` that room's
 * facilitator connected through the protocol, with `furnish` that room furnished (furnishRoom); after them,
 * all closed. The fields are set once the tests run.
 * @param {{chair?: string, furnish?: string}} [options]
 */
export function browserTestSetUp({ chair, furnish } = {}) {
  const set = /** @type {{podium: Awaited<ReturnType<typeof startPodium>>, browser: import('playwright-core').Browser,
    scene?: Awaited<ReturnType<typeof furnishRoom>>, desk?: any}} */ ({});
  before(async () => {
    set.podium = await startPodium();
    set.browser = await launchChromium();
    if (furnish) set.scene = await furnishRoom(set.podium, furnish);
    if (chair) set.desk = await joinRoom(set.podium, chair, 'facilitator', set.podium.keys[chair]);
  });
  after(async () => {
    await set.desk?.close();
    await set.scene?.close();
    await set.browser?.close();
    await set.podium?.stop();
  });
  return set;
}
