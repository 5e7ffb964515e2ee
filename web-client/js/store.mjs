// @ts-check
// The room as this page knows it: a welcome snapshot plus the events after it, applied strictly by seq.
// A duplicate (seq <= last) is ignored; a gap, another epoch or an event type this page does not know
// asks the server for a fresh welcome. Views subscribe and redraw.
import { applyEvent, isKnownEvent } from '/protocol/protocol.mjs';
import { storage } from './device.mjs';

/** @typedef {import('../../protocol/js/protocol.mjs').RoomState} RoomState */
/** @typedef {import('../../protocol/js/protocol.mjs').WelcomeMessage} WelcomeMessage */
/** @typedef {import('../../protocol/js/protocol.mjs').EventMessage} EventMessage */
/** @typedef {import('./connection.mjs').Connection} Connection */
/** @typedef {'applied'|'duplicate'|'gap'|'resync'} Outcome */

const MINE_KEPT = 20;

export class Store {
  /** @param {string} room */
  constructor(room) {
    this.room = room;
    /** @type {RoomState|null} */
    this.state = null;
    /** @type {string|null} */
    this.epoch = null;
    this.seq = 0;
    /** @type {string|null} */
    this.role = null;
    this.mineKey = `podium.mine.${room}`;
    /** Ids of this device's own entries, kept across reloads so "you have the floor" survives one. */
    /** @type {string|null} the epoch the kept ids belong to */
    this.mineEpoch = null;
    this.mine = new Set(this.loadMine());
    /** @type {Set<() => void>} */
    this.listeners = new Set();
  }

  /** @param {() => void} fn */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify() {
    for (const fn of this.listeners) fn();
  }

  /** What to resume from after a reconnect, or null to ask for a snapshot. */
  resume() {
    return this.state && this.epoch !== null ? { epoch: this.epoch, seq: this.seq } : null;
  }

  /**
   * Takes a welcome: a snapshot replaces everything; missed events are applied in order.
   * @param {WelcomeMessage} w
   * @returns {Outcome} 'resync' when the welcome could not bring this page up to date
   */
  applyWelcome(w) {
    this.role = w.role;
    if (w.snapshot) {
      if (this.mineEpoch !== w.epoch) {
        if (this.mineEpoch !== null) this.mine.clear(); // a reset log reuses entry ids
        this.mineEpoch = w.epoch;
        this.saveMine();
      }
      this.state = w.snapshot;
      this.epoch = w.epoch;
      this.seq = w.seq;
      this.addMine(w.mine);
      this.notify();
      return 'applied';
    }
    if (!this.state || w.epoch !== this.epoch) return 'resync';
    this.addMine(w.mine);
    for (const m of w.events ?? []) {
      const outcome = this.step(m);
      if (outcome === 'gap' || outcome === 'resync') {
        this.notify();
        return 'resync';
      }
    }
    this.notify();
    return this.seq < w.seq ? 'resync' : 'applied';
  }

  /**
   * Applies one live event.
   * @param {EventMessage} m
   * @returns {Outcome}
   */
  applyEventMessage(m) {
    const outcome = this.step(m);
    if (outcome === 'applied') this.notify();
    return outcome;
  }

  /** @param {EventMessage} m @returns {Outcome} */
  step(m) {
    if (!this.state || m.epoch !== this.epoch) return 'resync';
    if (m.seq <= this.seq) return 'duplicate';
    if (m.seq > this.seq + 1) return 'gap';
    if (!isKnownEvent(m.event.type)) return 'resync'; // a newer server: take its snapshot instead
    this.state = applyEvent(this.state, m.event);
    this.seq = m.seq;
    return 'applied';
  }

  /** @param {string[]} ids */
  addMine(ids) {
    let changed = false;
    for (const id of ids) {
      if (!this.mine.has(id)) {
        this.mine.add(id);
        changed = true;
      }
    }
    if (changed) this.saveMine();
  }

  saveMine() {
    const kept = [...this.mine].slice(-MINE_KEPT);
    this.mine = new Set(kept);
    storage('localStorage')?.setItem(this.mineKey, JSON.stringify({ epoch: this.mineEpoch, ids: kept }));
  }

  /** @returns {string[]} */
  loadMine() {
    try {
      const kept = JSON.parse(storage('localStorage')?.getItem(this.mineKey) ?? 'null');
      if (!kept || !Array.isArray(kept.ids)) return [];
      this.mineEpoch = typeof kept.epoch === 'string' ? kept.epoch : null;
      return kept.ids.filter((/** @type {unknown} */ id) => typeof id === 'string');
    } catch {
      return [];
    }
  }
}

/**
 * Feeds a connection's messages into a store: welcomes and events in, a sync out whenever the store
 * falls behind, and the entry ids of this device's acknowledged requests into `mine`.
 * @param {Connection} conn
 * @param {Store} store
 */
export function connectStore(conn, store) {
  let syncing = false;
  /** @param {boolean} fromHere */
  const resync = (fromHere) => {
    if (syncing) return;
    syncing = true;
    conn.sync(fromHere ? store.resume() : null);
  };
  conn.getResume = () => store.resume();
  conn.on('welcome', (/** @type {WelcomeMessage} */ w) => {
    syncing = false;
    if (store.applyWelcome(w) === 'resync') resync(false);
  });
  conn.on('event', (/** @type {EventMessage} */ m) => {
    if (syncing) return; // the coming welcome covers it
    const outcome = store.applyEventMessage(m);
    if (outcome === 'gap') resync(true);
    else if (outcome === 'resync') resync(false);
  });
  conn.on('ack', ({ ack, command }) => {
    if (ack.entry_id && command?.type === 'queue.join') {
      store.addMine([ack.entry_id]);
      store.notify();
    }
  });
  conn.on('status', (status) => {
    if (status !== 'live') syncing = false;
    store.notify();
  });
  conn.on('outbox', () => store.notify());
}
