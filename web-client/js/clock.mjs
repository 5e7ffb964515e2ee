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
 * The server clock estimated NTP-style: for a ping sent at t0 and answered at server time ts, seen back
 * at t3, offset = ts - (t0 + t3) / 2. The sample with the smallest round trip among the last few wins,
 * since it had the least room for asymmetric delay.
 */
export class ClockEstimator {
  /** @param {number} [keep] how many recent samples to choose from */
  constructor(keep = 8) {
    this.keep = keep;
    /** @type {{rtt: number, offset: number}[]} */
    this.samples = [];
    this.offset = 0;
  }

  /** Before any pong: the welcome's server time, off by up to one trip. @param {number} serverTimeMs */
  roughly(serverTimeMs) {
    if (this.samples.length === 0) this.offset = serverTimeMs - localNow();
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
    this.offset = this.samples.reduce((a, b) => (b.rtt < a.rtt ? b : a)).offset;
    return true;
  }

  serverNow() {
    return localNow() + this.offset;
  }
}
