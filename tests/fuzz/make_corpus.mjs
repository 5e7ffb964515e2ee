// @ts-check
// Writes the committed seed corpus of the fuzz targets: every client fixture (and a few server ones) for
// the decoder, hostile messages for both, and session scripts for the command path (the line format is
// in command_fuzz.cpp). Run it again after the fixtures change; it rewrites the files it owns (names
// starting fixture-, server-, hostile-, log- or a number) and leaves any other seed, such as a regression
// input kept from a fuzzing run, alone.
//   node tests/fuzz/make_corpus.mjs
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', '..', 'protocol', 'fixtures');
const decoderDir = join(here, 'corpus', 'decoder');
const commandsDir = join(here, 'corpus', 'commands');
const generated = /^(fixture-|server-|hostile-|log-|\d\d-)/;

for (const dir of [decoderDir, commandsDir]) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (generated.test(name)) rmSync(join(dir, name));
}

/** @param {string} side @param {string} name */
const fixture = (side, name) => JSON.parse(readFileSync(join(fixtures, side, `${name}.json`), 'utf8'));
/** @param {string} side */
const fixtureNames = (side) =>
  readdirSync(join(fixtures, side)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const compact = (/** @type {unknown} */ value) => JSON.stringify(value);
/** @param {string} dir @param {string} name @param {string | Buffer} body */
const write = (dir, name, body) => writeFileSync(join(dir, name), body);
const utf8 = (/** @type {string} */ s) => Buffer.from(s, 'utf8');
const bytes = (/** @type {number[]} */ b) => Buffer.from(b);

// ---- decoder: valid messages ----

for (const name of fixtureNames('client')) write(decoderDir, `fixture-${name}.json`, compact(fixture('client', name)));
for (const name of ['welcome', 'welcome-resume', 'tally-facilitator', 'event.queue.joined', 'event.poll.created',
  'event.question.asked', 'ack-entry', 'reject-rate', 'pong'])
  write(decoderDir, `server-${name}.json`, compact(fixture('server', name)));

// ---- decoder: hostile messages ----

const ask = (/** @type {Buffer} */ text) =>
  Buffer.concat([utf8('{"type":"question.ask","op_id":"h1","text":"'), text, utf8('","name":""}')]);
const nest = (/** @type {number} */ n) => '['.repeat(n) + ']'.repeat(n);
const hostile = {
  'empty': '',
  'null': 'null',
  'array': '[{"type":"ping","t0":1}]',
  'string': '"hello"',
  'bom': Buffer.concat([bytes([0xef, 0xbb, 0xbf]), utf8('{"type":"ping","t0":1}')]),
  'trailing-garbage': '{"type":"ping","t0":1} x',
  'comment': '{"type":"ping", /* */ "t0":1}',
  'truncated-escape': '{"type":"ping\\',
  'duplicate-keys': '{"type":"ping","type":"hello","protocol":1,"room":"group-1","role":"display"}',
  'deep-nesting-10000': nest(5000),
  'deep-nesting-33': `{"type":"ping","t0":1,"x":${nest(32)}}`,
  'deep-nesting-32': `{"type":"ping","t0":1,"x":${nest(31)}}`,
  'deep-nesting-in-string': `{"type":"question.ask","op_id":"h2","text":"\\"${'['.repeat(100)}","name":""}`,
  'unbalanced-close-first': `${']'.repeat(40)}{"type":"ping","t0":1}${'['.repeat(40)}`,
  'huge-float': '{"type":"ping","t0":1e999}',
  'huge-negative-float': '{"type":"ping","t0":-1e999}',
  'tiny-float': '{"type":"ping","t0":4.9e-324}',
  'huge-integer': '{"type":"timer.set","op_id":"h3","timer":"speaker","duration_ms":99999999999999999999999}',
  'int64-max': '{"type":"timer.set","op_id":"h4","timer":"speaker","duration_ms":9223372036854775807}',
  'uint64-max': '{"type":"timer.adjust","op_id":"h5","timer":"speaker","delta_ms":18446744073709551615}',
  'int64-min': '{"type":"timer.adjust","op_id":"h6","timer":"speaker","delta_ms":-9223372036854775808}',
  'protocol-wraps-to-1': '{"type":"hello","protocol":4294967297,"room":"group-1","role":"display"}',
  'resume-negative-seq': '{"type":"sync","resume":{"epoch":"x","seq":-1}}',
  'picks-out-of-range': '{"type":"poll.vote","op_id":"h7","poll_id":"p1","picks":[-1,1000,1001,2147483648,1.5]}',
  'max-picks-huge': '{"type":"poll.create","op_id":"h8","question":"q","kind":"multiple","options":["a"],"max_picks":4294967296}',
  'utf8-invalid-continuation': ask(bytes([0xc3, 0x28])),
  'utf8-overlong-slash': ask(bytes([0xc0, 0xaf])),
  'utf8-surrogate': ask(bytes([0xed, 0xa0, 0x80])),
  'utf8-five-bytes': ask(bytes([0xf8, 0x88, 0x80, 0x80, 0x80])),
  'utf8-past-10ffff': ask(bytes([0xf4, 0x90, 0x80, 0x80])),
  'utf8-truncated-at-end': Buffer.concat([utf8('{"type":"ping","t0":1}'), bytes([0xe2, 0x82])]),
  'utf8-outside-string': Buffer.concat([utf8('{"type":"ping","t0":1'), bytes([0xff]), utf8('}')]),
  'escaped-lone-surrogate': '{"type":"question.ask","op_id":"h9","text":"\\ud800 x","name":""}',
  'escaped-nul-and-controls': '{"type":"question.ask","op_id":"h10","text":"a\\u0000b\\u0007\\u202e\\u200bc","name":""}',
  'only-spaces-text': '{"type":"question.ask","op_id":"h11","text":" \\t\\u3000\\u2028 ","name":""}',
  'string-2000-bytes': `{"type":"conclusion.add","op_id":"h12","text":"${'x'.repeat(2000)}"}`,
  'string-2001-bytes': `{"type":"conclusion.add","op_id":"h13","text":"${'x'.repeat(2001)}"}`,
  // U+0958 is 3 bytes and NFC writes it as two code points (6 bytes): under the limit before, over after.
  'nfc-grows-past-limit': `{"type":"conclusion.add","op_id":"h14","text":"${'\u0958'.repeat(666)}"}`,
  'op-id-65': `{"type":"queue.close","op_id":"${'o'.repeat(65)}"}`,
  'op-id-empty': '{"type":"queue.close","op_id":""}',
  'participant-limit-plus-one': `{"type":"ping","t0":1,"pad":"${'p'.repeat(16 * 1024 - 29)}"}`,
  'wrong-type-type': '{"type":7,"op_id":"h15"}',
  'wrong-type-op-id': '{"type":"queue.close","op_id":{"a":1}}',
  'wrong-type-picks': '{"type":"poll.vote","op_id":"h16","poll_id":"p1","picks":"0,1"}',
  'wrong-type-bool': '{"type":"question.upvote","op_id":"h17","question_id":"q1","up":"true"}',
  'wrong-type-resume': '{"type":"hello","protocol":1,"room":"group-1","role":"display","resume":[1,2]}',
  'wrong-type-room': '{"type":"hello","protocol":1,"room":null,"role":"participant","device":"3f9c1d0e8a7b4c2d9e1f0a2b"}',
  'wrong-type-ids': '{"type":"handoff.send","op_id":"h18","conclusion_ids":[1,null,""],"question_ids":{}}',
  'unknown-type-keeps-op-id': '{"type":"queue.jump","op_id":"h19"}',
  'unknown-enum': '{"type":"timer.start","op_id":"h20","timer":"egg"}',
  'server-welcome-deep-snapshot': `{"type":"welcome","room":"r","epoch":"e","seq":1,"server_time_ms":0,"role":"display","snapshot":{"x":${nest(200)}},"mine":[],"my_questions":[],"my_upvotes":[],"my_votes":{}}`,
  'server-event-unknown': '{"type":"event","room":"r","epoch":"e","seq":2,"prev_seq":1,"server_time_ms":0,"event":{"type":"queue.exploded"}}',
};
for (const [name, body] of Object.entries(hostile)) write(decoderDir, `hostile-${name}`, body);

// ---- decoder: log bodies (event_from_log reads votes and upvotes without a JSON tree) ----

const device = 'a3f1c2d4e5b6a7980a1b2c3d4e5f6a7b';
const logs = {
  'vote': `{"at_ms":1560754800000,"device":"${device}","picks":[0,2],"poll_id":"p1","type":"poll.voted"}`,
  'upvote': `{"at_ms":1560754800000,"device":"${device}","question_id":"q3","type":"question.upvoted"}`,
  'unvote': `{"at_ms":-1,"device":"","question_id":"q3","type":"question.unvoted"}`,
  'vote-not-canonical': `{"type":"poll.voted","poll_id":"p1","picks":[ 1000 ],"device":"\\u0064","at_ms":1e3}`,
  'vote-19-digits': `{"at_ms":1234567890123456789,"device":"d","picks":[0],"poll_id":"p1","type":"poll.voted"}`,
  'vote-leading-zero': `{"at_ms":0123,"device":"d","picks":[00],"poll_id":"p1","type":"poll.voted"}`,
  'upvote-trailing': `{"at_ms":1,"device":"d","question_id":"q1","type":"question.upvoted"} `,
  'queue-joined': compact(fixture('server', 'event.queue.joined').event),
  'timer-started': compact(fixture('server', 'event.timer.started').event),
};
for (const [name, body] of Object.entries(logs)) write(decoderDir, `log-${name}`, body);

// ---- commands: session scripts ----
// Rooms by index: 0 group-1, 1 group-2, 2 group-3, 3 plenary. Connections: 0 a participant, 1 the room's
// facilitator, 2 a display, 3 the organizer, 4 a second participant.

const P1 = '3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f';
const P2 = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const F1 = '0badc0ffee0ddf00d0badc0ffee0ddf0';
const O1 = 'c0ffee00c0ffee00c0ffee00c0ffee00';
/** @param {string} room */
const hellos = (room, index = { 'group-1': 0, 'group-2': 1, 'group-3': 2, plenary: 3 }[room]) => [
  `0${compact({ type: 'hello', protocol: 1, room, role: 'participant', device: P1 })}`,
  `1${compact({ type: 'hello', protocol: 1, room, role: 'facilitator', device: F1, key: `@K${index}@` })}`,
  `2${compact({ type: 'hello', protocol: 1, room, role: 'display' })}`,
  `3${compact({ type: 'hello', protocol: 1, room, role: 'organizer', device: O1, key: '@KO@' })}`,
  `4${compact({ type: 'hello', protocol: 1, room, role: 'participant', device: P2 })}`,
];
let op = 0;
/** @param {string} c @param {string} type @param {Record<string, unknown>} fields */
const cmd = (c, type, fields = {}) => `${c}${compact({ type, op_id: `s${++op}`, ...fields })}`;
/** @param {string} name @param {string[]} lines */
const script = (name, lines) => write(commandsDir, name, lines.join('\n') + '\n');

// Every client fixture, sent by the connection its op_id names (p participant, f facilitator, o organizer).
const byArea = /** @type {Record<string, string[]>} */ ({});
for (const name of fixtureNames('client')) {
  if (name.startsWith('hello') || name === 'ping' || name === 'sync') continue;
  const message = fixture('client', name);
  const sender = { p: '0', f: '1', o: '3' }[message.op_id[0]] ?? '1';
  (byArea[name.split('.')[0]] ??= []).push(`${sender}${compact(message)}`);
}
let n = 0;
const num = () => String(++n).padStart(2, '0');
for (const [area, lines] of Object.entries(byArea).sort())
  script(`${num()}-fixtures-${area}`, [...hellos('group-1'), ...lines]);

script(`${num()}-queue-and-turns`, [
  ...hellos('group-1'),
  cmd('0', 'queue.join', { kind: 'new_point', name: 'Ana Souza', affiliation: 'City of Porto Alegre' }),
  cmd('4', 'queue.join', { kind: 'reply', name: 'Amina', affiliation: 'City of Banjul', guiding_question: 'gq1' }),
  cmd('1', 'queue.add', { name: 'Mayor of Gwangju', kind: 'point_of_order', duration_ms: 60000 }),
  cmd('1', 'queue.move', { entry_id: 'e3', before_id: 'e1' }),
  cmd('1', 'turn.next', { expected_current: null }),
  't30000',
  cmd('1', 'timer.pause', { timer: 'speaker' }),
  cmd('1', 'timer.adjust', { timer: 'speaker', delta_ms: 60000 }),
  cmd('1', 'timer.start', { timer: 'speaker' }),
  't200000',
  't60000',
  cmd('1', 'turn.next', { expected_current: 'e2' }),
  cmd('1', 'turn.next', { expected_current: 'e2' }),
  cmd('0', 'queue.withdraw', { entry_id: 'e1' }),
  cmd('1', 'turn.end', { expected_current: 'e3' }),
  cmd('1', 'queue.close'),
  cmd('0', 'queue.join', { kind: 'new_point', name: 'Late', affiliation: '' }),
  cmd('1', 'queue.open'),
  '2{"type":"sync","resume":{"epoch":"@E0@","seq":3}}',
  '0{"type":"ping","t0":12.5}',
]);

script(`${num()}-questions`, [
  ...hellos('group-2'),
  cmd('1', 'questions.configure', { premoderation: true }),
  cmd('0', 'question.ask', { text: 'What budget do human rights offices in cities have?', name: '', guiding_question: 'gq2' }),
  cmd('4', 'question.ask', { text: '  What   budget\tdo human rights offices in cities have? ', name: 'Amina', guiding_question: null }),
  cmd('1', 'question.moderate', { question_id: 'q1', action: 'approve' }),
  cmd('1', 'question.moderate', { question_id: 'q2', action: 'approve' }),
  cmd('4', 'question.upvote', { question_id: 'q1', up: true }),
  cmd('0', 'question.upvote', { question_id: 'q1', up: true }),
  cmd('4', 'question.edit', { question_id: 'q2', text: 'Which budget?', name: 'Amina', guiding_question: 'gq3' }),
  cmd('1', 'question.merge', { question_id: 'q2', into_id: 'q1' }),
  cmd('1', 'question.answering', { question_id: 'q1' }),
  cmd('1', 'device.mute', { question_id: 'q2', muted: true }),
  cmd('0', 'question.promote', { question_id: 'q1', by: 'asker' }),
  cmd('1', 'question.promote', { question_id: 'q1', by: 'facilitator' }),
  cmd('1', 'question.answering', { question_id: null }),
  cmd('0', 'question.withdraw', { question_id: 'q1' }),
  't400',
  cmd('4', 'question.ask', { text: 'After the tally?', name: '' }),
]);

script(`${num()}-polls`, [
  ...hellos('group-3'),
  cmd('1', 'poll.create', { question: 'Which right next?', kind: 'multiple', options: ['Housing', 'Water', 'Public space'], max_picks: 2, live_results: false }),
  cmd('1', 'poll.create', { question: 'How useful?', kind: 'rating', options: [], max_picks: 1, live_results: true }),
  cmd('1', 'poll.open', { poll_id: 'p1', duration_ms: 60000 }),
  cmd('0', 'poll.vote', { poll_id: 'p1', picks: [0, 2] }),
  cmd('4', 'poll.vote', { poll_id: 'p1', picks: [1] }),
  cmd('0', 'poll.vote', { poll_id: 'p1', picks: [2, 2] }),
  't61000',
  cmd('1', 'poll.reveal', { poll_id: 'p1', revealed: true }),
  cmd('1', 'poll.open', { poll_id: 'p2' }),
  cmd('0', 'poll.vote', { poll_id: 'p2', picks: [5] }),
  cmd('4', 'poll.vote', { poll_id: 'p2', picks: [-1] }),
  cmd('1', 'poll.close', { poll_id: 'p2' }),
  cmd('1', 'poll.reveal', { poll_id: 'p2', revealed: false }),
]);

script(`${num()}-blocks-and-slots`, [
  ...hellos('group-1'),
  cmd('1', 'slot.add', { block_id: 'presentations', name: 'Ana Souza', affiliation: 'Porto Alegre', planned_ms: 480000, affiliation_kind: 'local_government' }),
  cmd('1', 'slot.add', { block_id: 'presentations', name: 'Li Wei', before_id: 's1' }),
  cmd('1', 'slot.add', { block_id: 'presentations', name: 'Third' }),
  cmd('1', 'slot.move', { slot_id: 's3', before_id: 's2' }),
  cmd('1', 'slot.edit', { slot_id: 's2', name: 'Li Wei', affiliation: 'Guangzhou', affiliation_kind: 'other' }),
  cmd('1', 'block.start', { block_id: 'presentations', expected_current: null }),
  cmd('1', 'slot.start', { slot_id: 's1', expected_current: null }),
  't490000',
  cmd('1', 'slot.start', { slot_id: 's2', expected_current: 'e1' }),
  cmd('1', 'slot.remove', { slot_id: 's3' }),
  cmd('1', 'block.start', { block_id: 'discussion', expected_current: 'presentations' }),
  cmd('1', 'block.end', { expected_current: 'discussion' }),
  cmd('1', 'room.configure', { speaking_ms: 240000, warning_ms: 30000 }),
  cmd('1', 'timer.set', { timer: 'segment', duration_ms: 900000, label: 'Open discussion', warning_ms: 120000 }),
  cmd('1', 'timer.start', { timer: 'segment' }),
  't800000',
  't200000',
  cmd('1', 'timer.reset', { timer: 'segment' }),
]);

script(`${num()}-conclusions-handoff-close`, [
  ...hellos('group-2'),
  `5${compact({ type: 'hello', protocol: 1, room: 'plenary', role: 'facilitator', device: F1, key: '@K3@' })}`,
  cmd('1', 'conclusion.add', { text: 'Cities need a standing channel.', guiding_question: 'gq5' }),
  cmd('1', 'conclusion.add', { text: 'Budgets follow mandates.' }),
  cmd('1', 'conclusion.edit', { conclusion_id: 'c1', text: 'Cities need a standing channel to the Council.' }),
  cmd('0', 'question.ask', { text: 'Who pays?', name: '' }),
  cmd('1', 'handoff.send', { conclusion_ids: ['c1', 'c2'], question_ids: ['q1'] }),
  cmd('1', 'conclusion.remove', { conclusion_id: 'c2' }),
  cmd('1', 'handoff.send', { conclusion_ids: ['c1'], question_ids: [] }),
  cmd('3', 'agenda.set', { item_id: 'thematic-discussions', expected_current: null }),
  cmd('3', 'agenda.set', { item_id: 'lunch', expected_current: 'thematic-discussions' }),
  cmd('3', 'message.send', { to: 'facilitator', text: '5 minutes to plenary' }),
  cmd('1', 'message.acknowledge', { message_id: 'm1' }),
  cmd('3', 'meeting.close'),
  cmd('0', 'queue.join', { kind: 'new_point', name: 'Too late', affiliation: '' }),
]);

script(`${num()}-key-rotation`, [
  ...hellos('group-1'),
  cmd('3', 'room.rotate_key'),
  `6${compact({ type: 'hello', protocol: 1, room: 'group-1', role: 'facilitator', device: F1, key: '@K0@' })}`,
  cmd('1', 'queue.close'),
  cmd('6', 'queue.close'),
  cmd('6', 'room.rotate_key'),
  `7${compact({ type: 'hello', protocol: 1, room: 'group-1', role: 'facilitator', device: F1, key: 'WRONGWRONGWRONGWRONGWRON' })}`,
]);

script(`${num()}-pipelined-and-resent`, [
  ...hellos('plenary'),
  'a{"type":"queue.join","op_id":"r1","kind":"new_point","name":"A","affiliation":""}',
  'a{"type":"queue.join","op_id":"r1","kind":"new_point","name":"A","affiliation":""}',
  'e{"type":"question.ask","op_id":"r2","text":"Pipelined?","name":""}',
  'b{"type":"turn.next","op_id":"r3","expected_current":null}',
  'c{"type":"sync","resume":{"epoch":"@E3@","seq":0}}',
  'b{"type":"turn.next","op_id":"r4","expected_current":"e1"}',
  'x4',
  '0{"type":"queue.join","op_id":"r1","kind":"new_point","name":"A","affiliation":""}',
  '4{"type":"hello","protocol":1,"room":"plenary","role":"participant","device":"9a8b7c6d5e4f30211203f4e5d6c7b8a9","resume":{"epoch":"@E3@","seq":1}}',
  '5{"type":"hello","protocol":1,"room":"plenary","role":"display","resume":{"epoch":"stale","seq":99}}',
]);

script(`${num()}-handshake-refusals`, [
  '0{"type":"queue.join","op_id":"n1","kind":"new_point","name":"","affiliation":""}',
  '0{"type":"sync"}',
  '0{"type":"hello","protocol":2,"room":"group-1","role":"participant","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f"}',
  '0{"type":"hello","protocol":1,"room":"nowhere","role":"participant","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f"}',
  '0{"type":"hello","protocol":1,"room":"group-1","role":"participant","device":"short"}',
  '0{"type":"hello","protocol":1,"room":"group-1","role":"organizer","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f"}',
  '0{"type":"hello","protocol":1,"room":"group-1","role":"facilitator","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f","key":"@K1@"}',
  '0{"type":"hello","protocol":1,"room":"group-1","role":"participant","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f"}',
  '0{"type":"hello","protocol":1,"room":"group-1","role":"participant","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f"}',
  '2{"type":"hello","protocol":1,"room":"group-1","role":"display"}',
  '2{"type":"queue.close","op_id":"n2"}',
  '0{"type":"queue.close","op_id":"n3"}',
  '0{"type":"room.configure","op_id":"n4","speaking_ms":1,"warning_ms":2}',
]);

// Hostile text through the whole path: each message is decoded, and what is accepted is stored, evolved,
// broadcast and replayed.
script(`${num()}-hostile-values`, [
  ...hellos('group-1'),
  '1{"type":"timer.set","op_id":"v0","timer":"speaker","duration_ms":9223372036854775807}',
  '1{"type":"timer.adjust","op_id":"v1","timer":"speaker","delta_ms":-9223372036854775808}',
  '1{"type":"timer.start","op_id":"v2","timer":"speaker"}',
  '1{"type":"timer.adjust","op_id":"v3","timer":"speaker","delta_ms":9223372036854775807}',
  '1{"type":"room.configure","op_id":"v4","speaking_ms":-1,"warning_ms":9223372036854775807}',
  '1{"type":"queue.add","op_id":"v5","name":"x","kind":"new_point","duration_ms":-9223372036854775808}',
  '1{"type":"poll.open","op_id":"v6","poll_id":"p1","duration_ms":9223372036854775807}',
  '1{"type":"poll.create","op_id":"v7","question":"q","kind":"multiple","options":["a","b"],"max_picks":1000}',
  '1{"type":"poll.create","op_id":"v7b","question":"q","kind":"multiple","options":["a","b"],"max_picks":2}',
  '1{"type":"poll.open","op_id":"v8","poll_id":"p1","duration_ms":9223372036854775807}',
  '1{"type":"poll.open","op_id":"v8b","poll_id":"p1","duration_ms":5000}',
  '0{"type":"poll.vote","op_id":"v9","poll_id":"p1","picks":[1000,-1,0,0,1]}',
  '0{"type":"poll.vote","op_id":"v9b","poll_id":"p1","picks":[1,0]}',
  't86400000',
  '0{"type":"ping","t0":1e999}',
  '0{"type":"ping","t0":-0.0}',
  `0{"type":"question.ask","op_id":"v10","text":"a\\u0000b\\u202e\\u200b\\u0007 c","name":"\\ud83d\\ude00"}`,
  `0{"type":"question.ask","op_id":"v11","text":"${'\u0958'.repeat(666)}","name":""}`,
  `0{"type":"queue.join","op_id":"v12","kind":"new_point","name":"${'n'.repeat(2000)}","affiliation":"${'a'.repeat(2000)}"}`,
  `1{"type":"conclusion.add","op_id":"v13","text":"${'\u0958'.repeat(666)}"}`,
  `1{"type":"slot.add","op_id":"v14","block_id":"presentations","name":"${'\u1e9b\u0323'.repeat(300)}","planned_ms":-5}`,
  `1{"type":"slot.add","op_id":"v14b","block_id":"presentations","name":"${'\u1e9b\u0323'.repeat(10)}","planned_ms":1000}`,
  '0{"type":"queue.join","op_id":"v15","kind":"new_point","name":"","affiliation":"","guiding_question":"gq999"}',
  '1{"type":"queue.move","op_id":"v16","entry_id":"e1","before_id":"e1","after_id":"e1"}',
  '1{"type":"handoff.send","op_id":"v17","conclusion_ids":["c1","c1","c1"],"question_ids":["q1","q1"]}',
]);

// Malformed input until the hub closes the connection, then a fresh one at the same index; a burst past
// the participants' rate limit; text that is not UTF-8 (the session closes with 1007).
script(`${num()}-malformed-until-closed`, [
  ...hellos('group-3').slice(0, 1),
  ...Array.from({ length: 21 }, (_, i) => `0{"type":"ping","t0":"${i}"}`),
  '0{"type":"ping","t0":1}',
  'x0',
  '0{"type":"hello","protocol":1,"room":"group-3","role":"participant","device":"3f9c1d0e8a7b4c2d9e1f0a2b3c4d5e6f"}',
  ...Array.from({ length: 25 }, (_, i) => `a{"type":"question.upvote","op_id":"u${i}","question_id":"q1","up":${i % 2 === 0}}`),
  't1000',
  '0{"type":"ping","t0":2}',
]);
write(commandsDir, `${num()}-invalid-utf8`, Buffer.concat([
  utf8(hellos('group-1')[0] + '\n0{"type":"question.ask","op_id":"w1","text":"'), bytes([0xc3, 0x28]),
  utf8('","name":""}\n0{"type":"ping","t0":1}\n4{"type":"hello","protocol":1,"room":"group-1","role":"display"}\n'),
  utf8(`4${'['.repeat(40)}\n4{"type":"ping","t0":3}\n`),
]));

// ---- libFuzzer dictionaries: the protocol's words, so mutations speak it ----

const words = new Set(['{', '}', '[', ']', ':', ',', '"', 'null', 'true', 'false', '-0', '1e999', '0.5',
  '9223372036854775807', '-9223372036854775808', '18446744073709551616', '\\u0000', '\\ud800', '\\u202e']);
const collect = (/** @type {unknown} */ value) => {
  if (Array.isArray(value)) value.forEach(collect);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      words.add(`"${k}":`);
      collect(v);
    }
  else if (typeof value === 'string' && /^[a-z0-9_.-]{1,32}$/.test(value)) words.add(`"${value}"`);
};
for (const name of fixtureNames('client')) collect(fixture('client', name));
for (const name of ['welcome', 'tally-facilitator', 'ack-entry', 'reject']) collect(fixture('server', name));
for (const role of ['participant', 'facilitator', 'display', 'organizer']) words.add(`"${role}"`);
for (const room of ['group-1', 'group-2', 'group-3', 'plenary']) words.add(`"${room}"`);
// One entry a line, quoted; backslash, quote and any byte outside printable ASCII escaped.
const escape = (/** @type {string} */ t) => [...Buffer.from(t, 'utf8')].map((b) =>
  b === 0x5c || b === 0x22 ? `\\${String.fromCharCode(b)}`
  : b < 0x20 || b > 0x7e ? `\\x${b.toString(16).padStart(2, '0').toUpperCase()}` : String.fromCharCode(b)).join('');
/** @param {Iterable<string>} tokens */
const dict = (tokens) => [...tokens].sort().map((t) => `"${escape(t)}"`).join('\n') + '\n';
writeFileSync(join(here, 'decoder.dict'), '# Written by make_corpus.mjs: the words of the protocol.\n' + dict(words));
const steps = ['@KO@', '@K0@', '@K1@', '@K2@', '@K3@', '@E0@', '@E1@', '@E2@', '@E3@', '\nx1', '\nt1000',
  '\nt86400000', `"device":"${P1}"`, `"device":"${P2}"`, '"key":"@K0@"', '"key":"@KO@"', '\n0{"type":"',
  '\n1{"type":"', '\n3{"type":"', '\na{"type":"', '"op_id":"z",'];
writeFileSync(join(here, 'commands.dict'),
  '# Written by make_corpus.mjs: the words of the protocol and of the step format.\n' + dict([...words, ...steps]));

console.log(`corpus: ${readdirSync(decoderDir).length} decoder inputs, ${readdirSync(commandsDir).length} command scripts`);
