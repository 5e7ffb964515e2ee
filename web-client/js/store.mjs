// @ts-check
// The room as this page knows it (PROTOCOL.md, "Sync rules"). `last` (this.seq) is the seq of the last
// welcome or event applied: seq <= last is a duplicate; prev_seq <= last < seq applies; prev_seq > last
// missed one, so sync with resume. Tallies never move `last`. Another epoch or an unknown event type asks
// for a snapshot. Own questions, upvotes and votes come with each welcome and follow own acks.
import { applyEvent, applyTally, isKnownEvent } from '/protocol/protocol.mjs';
import { storage } from './device.mjs';

/**
 * @typedef {import('../../protocol/js/types.mjs').RoomState} RoomState
 * @typedef {import('../../protocol/js/types.mjs').Question} Question
 * @typedef {import('../../protocol/js/types.mjs').WelcomeMessage} WelcomeMessage
 * @typedef {import('../../protocol/js/types.mjs').EventMessage} EventMessage
 * @typedef {import('../../protocol/js/types.mjs').TallyMessage} TallyMessage
 * @typedef {import('../../protocol/js/types.mjs').AckMessage} AckMessage
 * @typedef {import('../../protocol/js/types.mjs').RejectMessage} RejectMessage
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {{type: string, [field: string]: any}} Command
 * @typedef {'applied'|'duplicate'|'gap'|'resync'} Outcome
 */

const MINE_KEPT = 20;

/** Own commands whose refusal as stale means this page's own data is out of date. */
const REFRESH_ON_REJECT = new Set(['question.edit', 'question.withdraw', 'question.upvote']);

export class Store {
  /** @param {string} room */
  constructor(room) {
    this.room = room;
    /** @type {RoomState|null} */
    this.state = null;
    /** @type {string|null} */
    this.epoch = null;
    this.seq = 0; // `last`
    /** The log position the counts reflect: an older tally does not undo newer counts. */
    this.tallySeq = 0;
    /** @type {string|null} */
    this.role = null;
    this.mineKey = `podium.mine.${room}`;
    /** Ids of this device's own entries, kept across reloads so "you have the floor" survives one. */
    /** @type {string|null} the epoch the kept ids belong to */
    this.mineEpoch = null;
    this.mine = new Set(this.loadMine());
    /** Own questions in any status, by id. @type {Map<string, Question>} */
    this.myQuestions = new Map();
    /** @type {Set<string>} ids of the questions this device upvoted */
    this.myUpvotes = new Set();
    /** @type {Map<string, number[]>} own picks per poll id */
    this.myVotes = new Map();
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
   * A snapshot replaces everything; missed events apply in order, then the counts. `last` becomes the
   * welcome's seq: the events it leaves out are ones this connection does not see.
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
      this.tallySeq = w.seq;
      this.takeOwn(w);
      this.notify();
      return 'applied';
    }
    if (!this.state || w.epoch !== this.epoch) return 'resync';
    this.takeOwn(w);
    for (const m of w.events ?? []) {
      const outcome = this.step(m);
      if (outcome === 'gap' || outcome === 'resync') {
        this.notify();
        return 'resync';
      }
    }
    if (w.tally && this.state) this.state = applyTally(this.state, w.tally);
    this.seq = Math.max(this.seq, w.seq);
    this.tallySeq = Math.max(this.tallySeq, w.seq);
    this.notify();
    return 'applied';
  }

  /** @param {WelcomeMessage} w */
  takeOwn(w) {
    this.addMine(w.mine);
    this.myQuestions = new Map((w.my_questions ?? []).map((q) => [q.id, q]));
    this.myUpvotes = new Set(w.my_upvotes ?? []);
    this.myVotes = new Map(Object.entries(w.my_votes ?? {}));
  }

  /** Applies one live event. @param {EventMessage} m @returns {Outcome} */
  applyEventMessage(m) {
    const outcome = this.step(m);
    if (outcome === 'applied') this.notify();
    return outcome;
  }

  /** @param {EventMessage} m @returns {Outcome} */
  step(m) {
    if (!this.state || m.epoch !== this.epoch) return 'resync';
    if (m.seq <= this.seq) return 'duplicate';
    if (m.prev_seq !== undefined && m.prev_seq > this.seq) return 'gap'; // replayed ones may lack it
    if (!isKnownEvent(m.event.type)) return 'resync'; // a newer server: take its snapshot instead
    this.state = applyEvent(this.state, m.event);
    this.seq = m.seq;
    const q = m.event.question;
    if (q && this.myQuestions.has(q.id)) this.updateMyQuestion(q);
    // A question of mine promoted for me to speak to it: that queue entry is mine.
    const entry = m.event.type === 'queue.joined' ? m.event.entry : null;
    if (entry?.by === 'asker' && entry.question_id && this.myQuestions.has(entry.question_id)) this.addMine([entry.id]);
    return 'applied';
  }

  /** Applies a tally's counts; false when it is for another epoch or older. @param {TallyMessage} t */
  applyTallyMessage(t) {
    if (!this.state || t.epoch !== this.epoch || t.seq < this.tallySeq) return false;
    this.state = applyTally(this.state, t);
    this.tallySeq = t.seq;
    return true;
  }

  /** A new value of an own question: whole, or stripped to its status. @param {Question} q */
  updateMyQuestion(q) {
    const prev = this.myQuestions.get(q.id);
    if (!prev) return;
    this.myQuestions.set(q.id, typeof q.text === 'string'
      ? { ...prev, ...q, votes: q.votes ?? prev.votes }
      : { ...prev, status: q.status, merged_into: q.merged_into });
  }

  /** Follows an acknowledged own command into own data. @param {AckMessage} ack @param {Command|null} cmd */
  acknowledged(ack, cmd) {
    if (!cmd) return;
    switch (cmd.type) {
      case 'queue.join':
        if (ack.entry_id) this.addMine([ack.entry_id]);
        break;
      case 'question.ask': {
        const id = ack.question_id;
        if (!id) break;
        // Without pre-moderation its event came first: the room's list has it already.
        const shown = this.state?.questions.find((q) => q.id === id);
        this.myQuestions.set(id, shown ?? {
          id, text: cmd.text, name: cmd.name ?? '', guiding_question: cmd.guiding_question ?? null,
          status: 'pending', asked_at_ms: 0, pinned: false, merged_into: null, votes: 0,
        });
        break;
      }
      case 'question.edit': {
        const prev = this.myQuestions.get(cmd.question_id);
        if (prev) {
          this.myQuestions.set(cmd.question_id, {
            ...prev, text: cmd.text, name: cmd.name ?? '', guiding_question: cmd.guiding_question ?? null,
          });
        }
        break;
      }
      case 'question.withdraw': {
        const prev = this.myQuestions.get(cmd.question_id);
        if (prev) this.myQuestions.set(cmd.question_id, { ...prev, status: 'withdrawn' });
        break;
      }
      case 'question.upvote':
        if (cmd.up) this.myUpvotes.add(cmd.question_id);
        else this.myUpvotes.delete(cmd.question_id);
        break;
      case 'poll.vote':
        this.myVotes.set(cmd.poll_id, cmd.picks);
        break;
    }
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
 * Feeds a connection into a store: welcomes, events and tallies in, a sync out whenever the store falls
 * behind, and the results of own commands into own data.
 * @param {Connection} conn @param {Store} store
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
  conn.on('tally', (/** @type {TallyMessage} */ t) => {
    if (store.applyTallyMessage(t)) store.notify();
  });
  conn.on('ack', (/** @type {{ack: AckMessage, command: Command|null}} */ { ack, command }) => {
    store.acknowledged(ack, command);
    store.notify();
  });
  conn.on('reject', (/** @type {{reject: RejectMessage, command: Command|null}} */ { reject, command }) => {
    // E.g. editing a question moderated meanwhile: a fresh welcome brings own data up to date.
    if (command && REFRESH_ON_REJECT.has(command.type) && (reject.code === 'invalid_state' || reject.code === 'not_found')) {
      resync(true);
    }
    store.notify();
  });
  conn.on('status', (status) => {
    if (status !== 'live') syncing = false;
    store.notify();
  });
  conn.on('outbox', () => store.notify());
}
