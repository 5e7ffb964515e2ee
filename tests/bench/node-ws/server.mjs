// The baseline: what a team would write in an afternoon with Node and `ws`, for the same fan-out that
// Podium's load generator measures. It speaks just enough of Podium's protocol for the generator:
// hello -> welcome; a facilitator's queue.add/queue.remove -> one event to everyone in the room
// (serialised once, sent to each socket) and an ack to the sender. No persistence, no rules, no
// resume: it is the floor of what a broadcast costs in Node, not a competitor's full product.
//   node server.mjs [--port 0] [--bind 127.0.0.1]
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const bind = arg('--bind', '127.0.0.1');
const rooms = new Map(); // room id -> { seq, clients: Set }
const epoch = randomBytes(8).toString('hex');
const key = randomBytes(16).toString('hex');
let nextEntry = 1;

const wss = new WebSocketServer({ host: bind, port: Number(arg('--port', '0')), path: '/ws', perMessageDeflate: false });

function roomOf(id) {
  if (!rooms.has(id)) rooms.set(id, { seq: 0, clients: new Set() });
  return rooms.get(id);
}

wss.on('connection', (ws) => {
  let room = null;
  let chair = false;
  ws.on('message', (data) => {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      ws.send(JSON.stringify({ code: 'bad_request', message: 'Not JSON.', type: 'reject' }));
      return;
    }
    if (msg.type === 'hello') {
      room = roomOf(msg.room);
      chair = msg.role === 'facilitator' && msg.key === key;
      room.clients.add(ws);
      ws.send(JSON.stringify({ epoch, room: msg.room, seq: room.seq, snapshot: {}, type: 'welcome' }));
      return;
    }
    if (!room || !chair) return;
    let event;
    if (msg.type === 'queue.add') {
      const entry = { added_at_ms: Date.now(), affiliation: msg.affiliation ?? '', id: `e${nextEntry++}`, kind: 'new_point', name: msg.name };
      event = { entry, type: 'queue.joined' };
    } else if (msg.type === 'queue.remove') {
      event = { entry_id: msg.entry_id, type: 'queue.removed' };
    } else {
      return;
    }
    const seq = ++room.seq;
    const text = JSON.stringify({ epoch, event, prev_seq: seq - 1, room: msg.room, seq, server_time_ms: Date.now(), type: 'event' });
    for (const client of room.clients) client.send(text);
    ws.send(JSON.stringify({ entry_id: event.entry?.id, op_id: msg.op_id, seq, type: 'ack' }));
  });
  ws.on('close', () => room?.clients.delete(ws));
  ws.on('error', () => {});
});

wss.on('listening', () => {
  const { address, port } = wss.address();
  console.log(`node-ws baseline listening on http://${address}:${port}`);
  for (const id of ['plenary', 'group-1', 'group-2', 'group-3']) console.log(`  facilitator key for ${id}: ${key}`);
});
process.on('SIGTERM', () => process.exit(0));
