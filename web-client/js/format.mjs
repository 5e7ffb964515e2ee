// @ts-check
// Durations as people read them on a clock face. Pure functions; no DOM, no clock.

/** "m:ss", or "h:mm:ss" from one hour. @param {number} totalSeconds (non-negative) */
export function clockText(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * Time left on a countdown. Counts whole seconds up (3:00 shows for the whole first second, 0:00
 * only at zero); past zero it counts overtime up with a "+" (+0:01 after one second).
 * @param {number} remainingMs
 */
export function remainingText(remainingMs) {
  if (remainingMs > 0) return clockText(Math.ceil(remainingMs / 1000));
  const over = Math.floor(-remainingMs / 1000);
  return over === 0 ? '0:00' : `+${clockText(over)}`;
}

/**
 * Cuts a text to at most `maxBytes` of UTF-8, on a character boundary: the server counts names and labels
 * in bytes, and an input's maxlength counts characters (a name in Arabic or Chinese takes 2-3 bytes each).
 * @param {string} s @param {number} maxBytes
 */
export function fitBytes(s, maxBytes) {
  const enc = new TextEncoder();
  let out = s;
  while (enc.encode(out).length > maxBytes) out = Array.from(out).slice(0, -1).join('');
  return out;
}
