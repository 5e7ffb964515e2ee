// @ts-check
// Reading timers against the estimated server clock. Nothing ticks over the network: the views redraw
// from these functions a few times a second.

/** @typedef {import('../../protocol/js/types.mjs').Timer} Timer */

/** Time left; negative is overtime. @param {Timer} timer @param {number} now server-clock ms */
export function remainingMs(timer, now) {
  return timer.run === 'running' ? timer.ends_at_ms - now : timer.remaining_ms;
}

/**
 * Where a timer stands, for colour and words: idle, normal, warning (within warning_ms of zero),
 * expired (at or past zero).
 * @param {Timer} timer @param {number} now
 * @returns {'idle'|'normal'|'warning'|'expired'}
 */
export function timerLevel(timer, now) {
  const left = remainingMs(timer, now);
  if (timer.run === 'idle' && !timer.expired) return 'idle';
  if (left <= 0) return 'expired';
  if (timer.warning_ms > 0 && left <= timer.warning_ms) return 'warning';
  return 'normal';
}

/**
 * When a room's clocks read: `now` while the meeting runs, its close once the organizer closed it. The
 * server leaves a timer that ran at the close "running" and sends nothing more for a closed room, so time
 * left, time spoken and drift stop at `closed_at_ms`.
 * @param {{closed_at_ms?: number}|null|undefined} state @param {number} now server-clock ms
 */
export function roomNow(state, now) {
  const closed = state?.closed_at_ms ?? 0;
  return closed > 0 ? Math.min(now, closed) : now;
}

/**
 * Calls `draw` every `intervalMs` and once right away. Returns a stop function.
 * @param {() => void} draw @param {number} [intervalMs]
 */
export function startTicker(draw, intervalMs = 200) {
  draw();
  const id = setInterval(draw, intervalMs);
  return () => clearInterval(id);
}

/** This page's clock in epoch ms, monotonic within the page. */
export function localNow() {
  return performance.timeOrigin + performance.now();
}

/**
 * How fast a page's server clock may catch up with a better estimate that is behind it: while it catches
 * up, the shown server time runs at half speed, so a countdown slows down for a moment but never counts
 * back up. Corrections forward are taken at once: a countdown may skip a fraction of a second forward.
 */
const SLEW_RATE = 0.5;
/**
 * A correction back by more than this is not an estimate improving (those move by at most half a round
 * trip) but the server's own clock having been set back: it is taken at once rather than crawled to.
 */
const STEP_BACK_LIMIT_MS = 10_000;

/**
 * The server clock estimated NTP-style: for a ping sent at t0 and answered at server time ts, seen back
 * at t3, offset = ts - (t0 + t3) / 2. The sample with the smallest round trip among the last few wins,
 * since it had the least room for asymmetric delay.
 *
 * `offset` is that best estimate; `serverNow()` follows it without ever going backwards. Every screen
 * draws time left as `ends_at_ms - serverNow()`, so a server clock that never goes back means a running
 * countdown never shows more than it already showed (unless the facilitator adds time). When a better
 * sample says the server is ahead of what the page shows, the page jumps forward to it; when it says the
 * server is behind, the page's server clock runs at (1 - SLEW_RATE) of real time until it meets the
 * estimate: a 40 ms correction takes 80 ms, barely visible. Rough estimates (the welcome's server time)
 * err on the late side, since the message took time to arrive, so most corrections are forward.
 */
export class ClockEstimator {
  /**
   * @param {number} [keep] how many recent samples to choose from
   * @param {() => number} [now] the local clock (tests pass a fake one)
   */
  constructor(keep = 8, now = localNow) {
    this.keep = keep;
    this.now = now;
    /** @type {{rtt: number, offset: number}[]} */
    this.samples = [];
    /** The best estimate of server time minus local time. */
    this.offset = 0;
    /** The offset serverNow() uses: equal to `offset`, or above it while slewing down to it. */
    this.applied = 0;
    /** Local time when `applied` was last brought towards `offset`. */
    this.settledAt = 0;
    this.known = false;
  }

  /** Before any pong: the welcome's server time, off by up to one trip. @param {number} serverTimeMs */
  roughly(serverTimeMs) {
    if (this.samples.length === 0) this.aim(serverTimeMs - this.now());
  }

  /**
   * Adds one ping/pong sample; returns whether it was usable.
   * @param {number} t0 @param {number} ts @param {number} t3
   */
  sample(t0, ts, t3) {
    const rtt = t3 - t0;
    if (!(rtt >= 0 && rtt < 60000)) return false; // an echo from before a reload, or nonsense
    this.samples.push({ rtt, offset: ts - (t0 + t3) / 2 });
    if (this.samples.length > this.keep) this.samples.shift();
    this.aim(this.samples.reduce((a, b) => (b.rtt < a.rtt ? b : a)).offset);
    return true;
  }

  /** A new best estimate. @param {number} offset */
  aim(offset) {
    const now = this.now();
    this.settle(now);
    this.offset = offset;
    if (!this.known || offset > this.applied || this.applied - offset > STEP_BACK_LIMIT_MS) this.applied = offset;
    this.known = true;
  }

  /** Moves `applied` down towards `offset` by the time passed since the last call. @param {number} now */
  settle(now) {
    const passed = now - this.settledAt;
    this.settledAt = now;
    if (this.applied > this.offset && passed > 0) this.applied = Math.max(this.offset, this.applied - passed * SLEW_RATE);
  }

  /** The server's clock now: never less than it returned before. */
  serverNow() {
    const now = this.now();
    this.settle(now);
    return now + this.applied;
  }

  /** The server's clock at an earlier local time, by the current estimate. @param {number} local */
  serverAt(local) {
    return local + this.offset;
  }
}
