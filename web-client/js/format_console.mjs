// @ts-check
// Durations as the facilitator types and reads them, and labels cut to the protocol's limits. Pure.
import { clockText } from './format.mjs';

/** Elapsed time, floor of whole seconds. @param {number} ms */
export function elapsedText(ms) {
  return clockText(Math.floor(Math.max(0, ms) / 1000));
}

/**
 * Reads a duration typed by a facilitator: "3:00", "1:02:30", "90s", "2.5" or "2,5" (minutes).
 * Returns milliseconds, or null when the text is not a positive duration.
 * @param {string} text
 */
export function parseDuration(text) {
  const s = text.trim().toLowerCase().replace(',', '.');
  if (s === '') return null;
  let ms = null;
  if (/^\d+(:\d{1,2}){1,2}$/.test(s)) {
    ms = s.split(':').map(Number).reduce((acc, part) => acc * 60 + part, 0) * 1000;
  } else if (/^\d+(\.\d+)?\s*s(ec)?$/.test(s)) {
    ms = parseFloat(s) * 1000;
  } else if (/^\d+(\.\d+)?\s*(m|min)?$/.test(s)) {
    ms = parseFloat(s) * 60000;
  }
  return ms !== null && ms > 0 ? Math.round(ms) : null;
}

/** "3:00" for 180000: the inverse of parseDuration for the form fields. @param {number} ms */
export function durationText(ms) {
  return clockText(Math.round(ms / 1000));
}

/**
 * A person from an add-speaker or add-presenter form (or a presenter's edit form): the trimmed name (null
 * without one), the affiliation and whom they speak for ("affiliation_kind") if given, and its "minutes"
 * field in ms (undefined when empty, null when it does not parse).
 * @param {HTMLFormElement} form
 * @returns {{data: FormData, fields: {name: string, affiliation?: string, affiliation_kind?: string},
 *   ms: number|null|undefined}|null}
 */
export function personFromForm(form) {
  const data = new FormData(form);
  const name = String(data.get('name') ?? '').trim();
  if (!name) return null;
  const affiliation = String(data.get('affiliation') ?? '').trim();
  const kind = String(data.get('affiliation_kind') ?? '');
  const minutes = String(data.get('minutes') ?? '').trim();
  /** @type {{name: string, affiliation?: string, affiliation_kind?: string}} */
  const fields = { name };
  if (affiliation) fields.affiliation = affiliation;
  if (kind) fields.affiliation_kind = kind;
  return { data, fields, ms: minutes ? parseDuration(minutes) : undefined };
}
