// @ts-check
// /livez and /metrics: what an operator's Prometheus scrapes. The counts follow what clients really
// did, and nothing a person wrote, no key and no device id is ever in them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPodium, Client, joinRoom } from '../support/podium.mjs';

/** @type {Awaited<ReturnType<typeof startPodium>>} */
let podium;
before(async () => {
  podium = await startPodium();
});
after(async () => {
  await podium.stop();
});

/**
 * The scrape, parsed: every sample line must be `name{labels} value` with a TYPE line before it.
 * @returns {Promise<{text: string, value: (name: string, labels?: string) => number}>}
 */
async function scrape() {
  const res = await fetch(`${podium.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  /** @type {Map<string, number>} */
  const samples = new Map();
  const typed = new Set();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = line.match(/^# TYPE (\w+) (counter|gauge|histogram)$/);
    if (type) typed.add(type[1]);
    if (line.startsWith('#')) continue;
    const m = line.match(/^(\w+)(\{[^}]*\})? (-?[0-9.e+]+)$/);
    assert.ok(m, `a sample line: ${line}`);
    assert.ok(typed.has(m[1].replace(/_(bucket|sum|count)$/, '')), `TYPE before ${m[1]}`);
    samples.set(m[1] + (m[2] ?? ''), Number(m[3]));
  }
  return {
    text,
    value(name, labels = '') {
      const v = samples.get(name + labels);
      assert.ok(v !== undefined, `${name}${labels} is exported`);
      return /** @type {number} */ (v);
    },
  };
}

test('/livez answers while the server runs', async () => {
  const res = await fetch(`${podium.url}/livez`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'live');
});

test('/metrics counts connections by role, messages, rejects by code, rate limits and commits', async () => {
  const before = await scrape();
  const chair = await joinRoom(podium, 'group-1', 'facilitator', podium.keys['group-1']);
  const phones = await Promise.all([1, 2].map(() => joinRoom(podium, 'group-1', 'participant')));
  const display = await joinRoom(podium, 'group-1', 'display');
  const unjoined = await Client.connect(podium.url);

  const secretName = 'Ximena Metricsova';
  const added = await chair.command('queue.add', { name: secretName });
  assert.equal(added.type, 'ack');
  assert.equal((await phones[0].command('queue.join', { name: 'Phone One' })).type, 'ack');
  // Two refusals with their codes: a malformed message, and a participant trying a chair's command.
  phones[1].send('{not json');
  await phones[1].next((m) => m.type === 'reject' && m.code === 'bad_request');
  assert.equal((await phones[1].command('timer.start', { timer: 'segment' })).code, 'forbidden');
  // A participant far past its allowance (20 at once): refused as rate limited.
  const from = phones[1].messages.length;
  for (let i = 0; i < 40; i++) phones[1].send({ type: 'ping', t0: i });
  await phones[1].next((m) => m.type === 'reject' && m.code === 'rate_limited', { from });

  const now = await scrape();
  assert.equal(now.value('podium_connections', '{role="facilitator"}'), 1);
  assert.equal(now.value('podium_connections', '{role="participant"}'), 2);
  assert.equal(now.value('podium_connections', '{role="display"}'), 1);
  assert.equal(now.value('podium_connections', '{role="unjoined"}'), 1);
  assert.equal(now.value('podium_connections', '{role="organizer"}'), 0);
  // hellos (4), two commands, the malformed one, the forbidden one, 40 pings.
  assert.equal(now.value('podium_messages_in_total') - before.value('podium_messages_in_total'), 48);
  assert.ok(now.value('podium_messages_out_total') - before.value('podium_messages_out_total') >= 4 + 2 + 2 + 20);
  const delta = (/** @type {string} */ name, labels = '') => now.value(name, labels) - before.value(name, labels);
  assert.equal(delta('podium_rejects_total', '{code="bad_request"}'), 1);
  assert.equal(delta('podium_rejects_total', '{code="forbidden"}'), 1);
  assert.ok(delta('podium_rejects_total', '{code="rate_limited"}') >= 1);
  assert.equal(delta('podium_rejects_total', '{code="rate_limited"}'), delta('podium_rate_limited_total', '{scope="connection"}'));
  assert.equal(delta('podium_rate_limited_total', '{scope="address"}'), 0);
  assert.equal(now.value('podium_room_seq', '{room="group-1"}'), chair.welcome.seq + 2);
  // Each of the two commands was committed in a batch of its own: two observations, each under 2.5 s.
  assert.equal(delta('podium_commit_latency_seconds_count'), 2);
  assert.equal(delta('podium_commit_latency_seconds_bucket', '{le="2.5"}'), 2);
  assert.ok(delta('podium_commit_latency_seconds_sum') > 0);
  assert.equal(now.value('podium_storage_writable'), 1);
  assert.equal(now.value('podium_slow_consumer_closes_total'), 0);
  assert.equal(now.value('podium_backlogged_connections'), 0);
  // Counts only: no name, key or device token.
  for (const secret of [secretName, podium.keys['group-1'], podium.organizerKey, phones[0].device])
    assert.equal(now.text.includes(secret), false);

  await Promise.all([chair, ...phones, display, unjoined].map((c) => c.close()));
  // The server forgets a connection once the peer's side of it has ended too: a moment later.
  let open = -1;
  for (let tries = 0; open !== 0 && tries < 50; tries++) {
    const after = await scrape();
    open = ['facilitator', 'participant', 'display', 'unjoined']
      .map((role) => after.value('podium_connections', `{role="${role}"}`))
      .reduce((a, b) => a + b, 0);
    if (open !== 0) await new Promise((resolve) => setTimeout(resolve, 40));
  }
  assert.equal(open, 0);
});
