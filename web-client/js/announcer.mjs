// @ts-check
// What a screen reader hears from the big screens (display, console) through one polite live region: who
// has the floor when the turn changes, and a timer reaching its warning and its end. The tickers run five
// times a second and a region rewritten that often would talk over the room, so only a milestone writes
// to it: a new turn, or a timer's level rising into warning or time-up. Each is said once.
import { setText } from './dom.mjs';

/** @typedef {'idle'|'normal'|'warning'|'expired'} Level */

/**
 * @param {HTMLElement} region a visually hidden element with role="status" (polite, atomic)
 */
export function milestoneAnnouncer(region) {
  /** @type {string|null} null until the first reading: a page that opens mid-turn says only the speaker */
  let turn = null;
  /** @type {Map<string, Level>} each timer's level when last seen */
  const levels = new Map();
  /** @param {string} text */
  const say = (text) => setText(region, text);
  return {
    /**
     * The turn on now: `key` changes with each turn ('' for nobody); `words` say who has the floor. A new
     * turn forgets the speaker timer's level, so its own warning is said again.
     * @param {string} key @param {() => string} words
     */
    turn(key, words) {
      if (key === turn) return;
      turn = key;
      levels.delete('speaker');
      say(words());
    },
    /**
     * A timer's level at this tick; `words` are asked for only when a milestone is said.
     * @param {string} name @param {Level} level @param {() => string} words
     */
    timer(name, level, words) {
      const before = levels.get(name);
      levels.set(name, level);
      if (before === undefined || before === level) return;
      if ((level === 'warning' && before !== 'expired') || level === 'expired') say(words());
    },
  };
}
