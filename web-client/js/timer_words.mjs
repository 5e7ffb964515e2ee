// @ts-check
// Timers in words for the big screens (display, console): the state under the digits, with the warning
// and time-up said in words so colour is never the only signal; and how long a speaker has spoken.
import { remainingMs, timerLevel } from './clock.mjs';
import { clockText, remainingText } from './format.mjs';
import { t } from './strings_screens.mjs';

/** @typedef {import('../../protocol/js/types.mjs').Timer} Timer */
/** @typedef {import('../../protocol/js/types.mjs').Turn} Turn */

/**
 * @typedef {{translate?: import('./strings.mjs').Translate, brief?: boolean}} WordsOptions translate: in another
 * language than the page's (the display's second one); brief: without the times in the words ("Warning"),
 * for a display that says them in two languages under digits shown once
 */

/**
 * The words under a timer's digits: its state, and at the thresholds the warning or time-up text,
 * so colour is never the only signal.
 * @param {Timer} timer @param {number} now @param {WordsOptions} [options]
 */
export function timerStatus(timer, now, { translate = t, brief = false } = {}) {
  const level = timerLevel(timer, now);
  const left = remainingMs(timer, now);
  if (level === 'expired') {
    return left <= -1000 && !brief ? translate('timer.overtime', { time: overtimeText(left) }) : translate('timer.up');
  }
  if (level === 'warning' && timer.run === 'running') {
    return brief ? translate('timer.warning_short') : translate('timer.warning', { time: remainingText(left) });
  }
  return translate(`timer.${timer.run}`);
}

/**
 * A timer as a screen shows it at `now`: the time left, a level for colour and the words under the
 * digits. Once the meeting is closed (`closedAtMs` > 0) it reads as it stood at the close, calmly: no
 * warning colour, and "Stopped".
 * @param {Timer} timer @param {number} now @param {number} [closedAtMs] the room state's closed_at_ms
 * @param {WordsOptions} [options]
 * @returns {{left: number, level: 'idle'|'normal'|'warning'|'expired', words: string}}
 */
export function timerReading(timer, now, closedAtMs = 0, options = {}) {
  if (closedAtMs > 0) {
    return { left: remainingMs(timer, Math.min(now, closedAtMs)), level: 'idle', words: (options.translate ?? t)('timer.stopped') };
  }
  return { left: remainingMs(timer, now), level: timerLevel(timer, now), words: timerStatus(timer, now, options) };
}

/** How long the current speaker has spoken, pauses excluded. @param {Turn} turn @param {number} now */
export function spokenMs(turn, now) {
  const pausedNow = turn.paused_since_ms != null ? now - turn.paused_since_ms : 0;
  return Math.max(0, now - turn.started_at_ms - turn.paused_ms - pausedNow);
}

/** Overtime of a countdown, "0:12" for 12 s over. @param {number} remainingMs */
export function overtimeText(remainingMs) {
  return clockText(Math.floor(Math.max(0, -remainingMs) / 1000));
}
