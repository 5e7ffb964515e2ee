// @ts-check
// The meeting file as GET /api/meeting serves it: titles, agenda, rooms with their blocks and join codes.

/**
 * @typedef {import('./types.mjs').Meeting} Meeting
 * @typedef {import('./types.mjs').Room} Room
 * @typedef {import('./types.mjs').GuidingQuestion} GuidingQuestion
 */

/** @type {Promise<Meeting|null>|null} */
let loading = null;

/** The meeting, or null when it cannot be loaded (the live views work without it). */
export function loadMeeting() {
  loading ??= fetch('/api/meeting', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((m) => (m && Array.isArray(m.rooms) ? /** @type {Meeting} */ (m) : null))
    .catch(() => null);
  return loading;
}

/** @param {Meeting|null} meeting @param {string} roomId @returns {Room|null} */
export function findRoom(meeting, roomId) {
  return meeting?.rooms.find((r) => r.id === roomId) ?? null;
}

/** The guiding questions a room's questions may be tagged with, in the room's order.
 * @param {Meeting|null} meeting @param {Room|null} room @returns {GuidingQuestion[]} */
export function roomGuidingQuestions(meeting, room) {
  const all = meeting?.guiding_questions ?? [];
  return (room?.guiding_questions ?? []).map((id) => all.find((g) => g.id === id)).filter((g) => g !== undefined);
}

/** The room id from ?room=, or '' when missing or malformed. */
export function roomFromUrl() {
  const room = new URLSearchParams(location.search).get('room') ?? '';
  return /^[a-z0-9-]{1,32}$/.test(room) ? room : '';
}

/** Page links for a room. @param {string} roomId */
export function roomLinks(roomId) {
  const q = `?room=${encodeURIComponent(roomId)}`;
  return {
    participant: `/participant.html${q}`,
    facilitator: `/facilitator.html${q}`,
    display: `/display.html${q}`,
  };
}
