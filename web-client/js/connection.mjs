// @ts-check
// One WebSocket to the room: hello (with resume), an outbox of unacknowledged commands that is sent again
// after every reconnect (op_id makes that safe) and kept in sessionStorage so a reload sends it too,
// reconnect with capped exponential backoff and full jitter, liveness pings, and the server clock
// estimated NTP-style from the pongs.
//
// A dead link is found by pings, not by the socket closing: a server that froze or a Wi-Fi that vanished
// sends no close frame, and the browser may hold such a socket open for minutes. A ping goes out once the
// room was quiet for PING_EVERY_MS (and every CLOCK_EVERY_MS anyway, for the clock); one unanswered for
// PONG_LIMIT_MS while nothing else came either drops the socket. So a lost link shows within
// PING_EVERY_MS + CHECK_EVERY_MS + PONG_LIMIT_MS (4.25 s) of the last message heard. A busy room's
// events and tallies stand in for pings: a thousand phones behind a venue's one address cost the server
// fewer messages.
import { CLOSE_KEY_ROTATED, PROTOCOL_VERSION, encodeClient, decodeServer } from '/protocol/protocol.mjs';
import { ClockEstimator, localNow } from './clock.mjs';
import { deviceToken, randomHex, storage } from './device.mjs';

/** @typedef {import('../../protocol/js/types.mjs').ServerMessage} ServerMessage */
/** @typedef {import('../../protocol/js/types.mjs').WelcomeMessage} WelcomeMessage */
/** @typedef {import('../../protocol/js/types.mjs').EventMessage} EventMessage */
/** @typedef {import('../../protocol/js/types.mjs').AckMessage} AckMessage */
/** @typedef {import('../../protocol/js/types.mjs').RejectMessage} RejectMessage */
/** @typedef {{type: string, [field: string]: any}} Command */
/** @typedef {{op_id: string, msg: Command, sent: boolean}} OutboxItem */
/** @typedef {'idle'|'connecting'|'joining'|'live'|'offline'|'rejected'} Status */

const PING_EVERY_MS = 1500;
const PONG_LIMIT_MS = 2500; // a ping unanswered for this long: the socket is dead (e.g. a Wi-Fi switch)
const CHECK_EVERY_MS = 250;
const CLOCK_EVERY_MS = 10000;
const JOIN_LIMIT_MS = 10000; // connected but not welcomed within this: start over
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 15000;

function defaultUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export class Connection {
  /**
   * @param {{room: string, role: string, key?: string, url?: string,
   *   commands?: Readonly<Record<string, import('../../protocol/js/commands.mjs').CommandCheck>>}} options
   *   commands: the commands this page may send (the participant's by default)
   */
  constructor({ room, role, key = '', url = defaultUrl(), commands }) {
    this.room = room;
    this.commands = commands;
    this.role = role;
    this.key = key;
    this.url = url;
    this.device = deviceToken();
    // A fresh prefix per page load: op_ids never repeat even though the counter starts again at 1.
    this.opPrefix = `${this.device.slice(0, 8)}-${randomHex(4)}`;
    this.counter = 0;
    /** @type {Status} */
    this.status = 'idle';
    /** @type {RejectMessage|null} why the last hello was refused */
    this.helloReject = null;
    /** @type {() => ({epoch: string, seq: number}|null)} set by the store */
    this.getResume = () => null;

    this.outboxKey = `podium.outbox.${role}.${room}`;
    /** @type {OutboxItem[]} */
    this.outbox = this.loadOutbox();

    this.clock = new ClockEstimator();

    /** @type {WebSocket|null} */
    this.ws = null;
    this.attempt = 0;
    this.lastHeard = 0;
    this.lastPing = 0;
    /** Server time when this page last heard from a live room, once it was lost; 0 while live or never live. */
    this.downSince = 0;
    /** Local time the next reconnect is due while offline, else 0. */
    this.retryAt = 0;
    this.stopped = true;
    /** @type {ReturnType<typeof setTimeout>|undefined} */ this.reconnectTimer = undefined;
    /** @type {ReturnType<typeof setInterval>|undefined} */ this.pingTimer = undefined;
    /** @type {ReturnType<typeof setTimeout>|undefined} */ this.joinTimer = undefined;
    /** @type {Map<string, Set<(payload: any) => void>>} */
    this.handlers = new Map();

    // A phone that changes network or wakes up should not wait out its backoff.
    window.addEventListener('online', () => this.reconnectNow());
    // The browser thinks the network went away: find out now rather than at the next ping.
    window.addEventListener('offline', () => this.ping());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible') return;
      if (this.status === 'live') this.ping(); // a phone waking up finds out at once if the socket died
      else this.reconnectNow();
    });
  }

  /**
   * Listens for 'welcome', 'event', 'tally', 'ack' ({ack, command}), 'reject' ({reject, command}),
   * 'retry' ({reject, command}: rate-limited, sent again later), 'status', 'outbox', 'clock' and
   * 'close' ({code}: the server closed the socket; after 4401 the page must ask for a new key).
   * Returns a function that stops listening.
   * @param {string} type @param {(payload: any) => void} fn
   */
  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type)?.add(fn);
    return () => this.handlers.get(type)?.delete(fn);
  }

  /** @param {string} type @param {any} [payload] */
  emit(type, payload) {
    for (const fn of this.handlers.get(type) ?? []) fn(payload);
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.dropSocket(1000);
    this.setStatus('idle');
  }

  /** The server's clock now, in epoch ms. */
  serverNow() {
    return this.clock.serverNow();
  }

  /**
   * Queues a command and sends it when the room is live. Returns its op_id. Throws a ProtocolError
   * at once when the command is malformed.
   * @param {Command} command
   */
  send(command) {
    const op_id = `${this.opPrefix}-${++this.counter}`;
    const msg = { ...command, op_id };
    encodeClient(msg, this.commands);
    const item = { op_id, msg, sent: false };
    this.outbox.push(item);
    this.saveOutbox();
    if (this.status === 'live') this.transmit(item);
    this.emit('outbox', this.pending());
    return op_id;
  }

  /** Commands not yet acknowledged, oldest first. */
  pending() {
    return this.outbox.map((i) => i.msg);
  }

  /**
   * Asks for a fresh welcome (after a gap): missed events when `resume` is given, else a snapshot.
   * @param {{epoch: string, seq: number}|null} resume
   */
  sync(resume) {
    this.raw(resume ? { type: 'sync', resume } : { type: 'sync' });
  }


  open() {
    clearTimeout(this.reconnectTimer);
    this.retryAt = 0;
    this.dropSocket();
    this.setStatus('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.lastHeard = localNow();
    this.joinTimer = setTimeout(() => {
      if (this.ws === ws && this.status !== 'live' && this.status !== 'rejected') this.lost();
    }, JOIN_LIMIT_MS);
    ws.onopen = () => {
      if (this.ws === ws) this.sendHello();
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      this.lastHeard = localNow();
      if (typeof e.data === 'string') this.receive(e.data);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.markDown();
      this.dropSocket();
      this.emit('close', { code: e.code });
      // The organizer replaced the key this page holds: coming back with it would only be refused.
      if (e.code === CLOSE_KEY_ROTATED) this.setStatus('rejected');
      if (this.status === 'rejected' || this.stopped) return;
      this.scheduleReconnect();
    };
  }

  /** Detaches the current socket (if any) so its late callbacks are ignored, and closes it. @param {number} [code] */
  dropSocket(code) {
    clearInterval(this.pingTimer);
    clearTimeout(this.joinTimer);
    const ws = this.ws;
    this.ws = null;
    for (const item of this.outbox) item.sent = false;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
      try {
        ws.close(code ?? 1000);
      } catch {
        /* already closing */
      }
    }
  }

  /** The socket went quiet or failed: start over after a backoff. */
  lost() {
    this.markDown();
    this.dropSocket();
    if (!this.stopped) this.scheduleReconnect();
  }

  /** Notes when the room was last known live, the first time a live link is lost. */
  markDown() {
    if (this.status === 'live' && !this.downSince) this.downSince = this.clock.serverAt(this.lastHeard);
  }

  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    // Exponential backoff with full jitter (anywhere from 0 to the ceiling): a room full of phones coming
    // back after a server restart spreads its knocks over the whole window instead of arriving in waves.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    const delay = Math.random() * ceiling;
    this.attempt = Math.min(this.attempt + 1, 16);
    this.retryAt = localNow() + delay;
    this.reconnectTimer = setTimeout(() => {
      this.retryAt = 0;
      this.open();
    }, delay);
    if (this.status === 'offline') this.emit('status', this.status); // a new countdown to show
    else this.setStatus('offline');
  }

  /**
   * Reconnects now when offline (network came back, page became visible).
   * @param {boolean} [force] also when connecting or refused
   */
  reconnectNow(force = false) {
    if (this.stopped) return;
    if (this.status === 'offline' || (force && this.status !== 'live')) {
      this.attempt = 0;
      this.open();
    }
  }

  sendHello() {
    /** @type {Command} */
    const hello = { type: 'hello', protocol: PROTOCOL_VERSION, room: this.room, role: this.role, device: this.device };
    if (this.key) hello.key = this.key;
    const resume = this.getResume();
    if (resume) hello.resume = resume;
    this.setStatus('joining');
    this.raw(hello);
  }

  /** @param {Command} msg */
  raw(msg) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try {
      ws.send(encodeClient(msg, this.commands));
    } catch (err) {
      console.error('podium: not sent, the message does not follow the protocol:', err);
      return false;
    }
    return true;
  }

  /** @param {OutboxItem} item */
  transmit(item) {
    if (this.raw(item.msg)) item.sent = true;
  }

  /** @param {string} text */
  receive(text) {
    /** @type {ServerMessage} */
    let msg;
    try {
      msg = decodeServer(text);
    } catch (err) {
      console.warn('podium: ignoring a message that does not follow the protocol:', err);
      return;
    }
    switch (msg.type) {
      case 'welcome':
        this.welcomed(msg);
        break;
      case 'event':
        this.emit('event', msg);
        break;
      case 'tally':
        this.emit('tally', msg);
        break;
      case 'ack': {
        const item = this.take(msg.op_id);
        this.emit('ack', { ack: msg, command: item?.msg ?? null });
        break;
      }
      case 'reject':
        this.rejected(msg);
        break;
      case 'pong':
        this.clockSample(msg.t0, msg.ts);
        break;
    }
  }

  /** @param {WelcomeMessage} w */
  welcomed(w) {
    const first = this.status !== 'live';
    clearTimeout(this.joinTimer);
    this.attempt = 0;
    this.helloReject = null;
    this.downSince = 0;
    this.clock.roughly(w.server_time_ms);
    this.setStatus('live');
    this.emit('welcome', w);
    if (!first) return; // a welcome answering a sync: the outbox is already on its way
    for (const item of this.outbox) this.transmit(item);
    this.startPings();
  }

  /** @param {RejectMessage} r */
  rejected(r) {
    const item = r.op_id ? this.outbox.find((i) => i.op_id === r.op_id) : undefined;
    if (item && (r.code === 'rate_limited' || r.code === 'storage_unavailable')) {
      // Nothing happened (too fast, or the server could not write it down); the same command goes again
      // when the server says so, until it is taken. The page may say why it waits.
      item.sent = false;
      this.emit('retry', { reject: r, command: item.msg });
      setTimeout(() => {
        if (this.status === 'live' && this.outbox.includes(item) && !item.sent) this.transmit(item);
      }, r.retry_after_ms ?? 1000);
      return;
    }
    if (item) {
      this.take(item.op_id);
      this.emit('reject', { reject: r, command: item.msg });
      return;
    }
    if (!r.op_id && this.status === 'joining') {
      if (r.code === 'rate_limited') {
        setTimeout(() => this.status === 'joining' && this.sendHello(), r.retry_after_ms ?? 1000);
        return;
      }
      this.helloReject = r;
      clearTimeout(this.joinTimer);
      this.setStatus('rejected');
    }
    this.emit('reject', { reject: r, command: null });
  }

  /** @param {string} op_id */
  take(op_id) {
    const i = this.outbox.findIndex((item) => item.op_id === op_id);
    if (i < 0) return undefined;
    const [item] = this.outbox.splice(i, 1);
    this.saveOutbox();
    this.emit('outbox', this.pending());
    return item;
  }

  startPings() {
    clearInterval(this.pingTimer);
    // A few quick samples first so the clock settles within a second, then one every few seconds.
    this.ping();
    setTimeout(() => this.ping(), 250);
    setTimeout(() => this.ping(), 750);
    // Liveness counts from the last unanswered ping, not from the clock alone: a background tab whose
    // timers the browser slowed to once a minute is not mistaken for a dead socket.
    this.pingTimer = setInterval(() => {
      const now = localNow();
      const waiting = this.lastPing > this.lastHeard;
      if (waiting && now - this.lastPing > PONG_LIMIT_MS) this.lost();
      else if (!waiting && (now - this.lastHeard >= PING_EVERY_MS || now - this.lastPing >= CLOCK_EVERY_MS)) this.ping();
    }, CHECK_EVERY_MS);
  }

  ping() {
    if (this.status !== 'live') return;
    const t0 = localNow();
    if (this.raw({ type: 'ping', t0 })) this.lastPing = Math.max(this.lastPing, t0);
  }

  /** @param {number} t0 @param {number} ts */
  clockSample(t0, ts) {
    if (this.clock.sample(t0, ts, localNow())) this.emit('clock', this.clock.offset);
  }

  /** @param {Status} status */
  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  /** @returns {OutboxItem[]} */
  loadOutbox() {
    try {
      const kept = JSON.parse(storage('sessionStorage')?.getItem(this.outboxKey) ?? '[]');
      if (!Array.isArray(kept)) return [];
      return kept
        .filter((i) => i && typeof i.op_id === 'string' && i.msg && typeof i.msg.type === 'string')
        .map((i) => ({ op_id: i.op_id, msg: i.msg, sent: false }));
    } catch {
      return [];
    }
  }

  saveOutbox() {
    const ss = storage('sessionStorage');
    if (!ss) return;
    if (this.outbox.length === 0) ss.removeItem(this.outboxKey);
    else ss.setItem(this.outboxKey, JSON.stringify(this.outbox.map(({ op_id, msg }) => ({ op_id, msg }))));
  }
}
