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
