// @ts-check
// What this browser keeps: the device token that identifies a phone to the server, and safe storage access.

/** @param {'localStorage'|'sessionStorage'} kind @returns {Storage|null} */
export function storage(kind) {
  try {
    const s = window[kind];
    s.setItem('podium.probe', '1');
    s.removeItem('podium.probe');
    return s;
  } catch {
    return null; // private mode or storage disabled: everything still works for this page's life
  }
}

/** @param {number} bytes */
export function randomHex(bytes) {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The device's random token (128 bits as 32 hex characters), made once and kept in localStorage. */
export function deviceToken() {
  const ls = storage('localStorage');
  const kept = ls?.getItem('podium.device');
  if (kept && /^[0-9a-f]{32}$/.test(kept)) return kept;
  const token = randomHex(16);
  ls?.setItem('podium.device', token);
  return token;
}
