// @ts-check
// The meeting's agenda against the room state's `agenda.item_id`: which item is on now, which comes
// next, and its times. The file gives "HH:MM" wall-clock times on the meeting's date in its time zone;
// they are turned into instants and formatted with Intl in that zone (24-hour, as the file gives them),
// with the zone's name, so a laptop set to another zone still reads the venue's times. The phone shows
// only a start time as the file gives it and does not load this (page.mjs, paintAgendaLine).
import { LANGUAGE } from './strings.mjs';

/**
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./types.mjs').AgendaItem} AgendaItem
 */

/**
 * The item on now and the one after it. Before the day starts (no item) the first one is next.
 * @param {Meeting|null} meeting @param {string|null|undefined} itemId
 * @returns {{current: AgendaItem|null, next: AgendaItem|null, index: number}}
 */
export function agendaPlace(meeting, itemId) {
  const items = meeting?.agenda ?? [];
  const index = itemId ? items.findIndex((i) => i.id === itemId) : -1;
  if (itemId && index < 0) return { current: null, next: null, index };
  return { current: index >= 0 ? items[index] : null, next: items[index + 1] ?? null, index };
}

/** The zone's offset from UTC at an instant, in ms. @param {string} timeZone @param {number} at */
function zoneOffset(timeZone, at) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(at);
  const n = (/** @type {string} */ type) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant of "HH:MM" on the meeting's date in its zone, or null when the meeting lacks either.
 * @param {Meeting|null} meeting @param {string} hhmm
 */
export function agendaInstant(meeting, hhmm) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(meeting?.date ?? '');
  const t = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const zone = meeting?.time_zone || 'UTC';
  try {
    // Twice, so an offset that changes between the guess and the answer (a DST night) settles.
    let at = wall - zoneOffset(zone, wall);
    at = wall - zoneOffset(zone, at);
    return at;
  } catch {
    return null; // an unknown zone name
  }
}

/**
 * Formats times of the day in the meeting's zone, in the page's language.
 * @param {Meeting|null} meeting
 */
export function agendaClock(meeting) {
  const lang = LANGUAGE;
  const zone = meeting?.time_zone || 'UTC';
  /** @param {boolean} withZone */
  const make = (withZone) => {
    try {
      return new Intl.DateTimeFormat(lang, { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', timeZoneName: withZone ? 'short' : undefined });
    } catch {
      return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', timeZoneName: withZone ? 'short' : undefined });
    }
  };
  const plain = make(false);
  const zoned = make(true);
  return {
    /** An instant as a time of day there ("10:52"). @param {number} at */
    time: (at) => plain.format(at),
    /** An item's times, "10:45 – 12:45 GMT+2", or the file's text when they cannot be placed.
     * @param {AgendaItem} item @param {boolean} [withZone] */
    span(item, withZone = true) {
      const start = agendaInstant(meeting, item.start);
      const end = agendaInstant(meeting, item.end);
      if (start === null || end === null || end < start) return `${item.start}–${item.end}`;
      return (withZone ? zoned : plain).formatRange(start, end);
    },
    /** The item's start alone ("12:45"). @param {AgendaItem} item */
    start(item) {
      const start = agendaInstant(meeting, item.start);
      return start === null ? item.start : plain.format(start);
    },
  };
}


