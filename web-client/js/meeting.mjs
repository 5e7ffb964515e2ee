// @ts-check
// The meeting file as GET /api/meeting serves it: titles, agenda, rooms with their blocks and join codes.

/**
 * @typedef {{name: string, affiliation: string}} Presenter
 * @typedef {{id: string, kind: string, title: string, minutes: number, min_presenters?: number,
 *   max_presenters?: number, presenters?: Presenter[], facilitated_by?: string}} Block
 * @typedef {{id: string, kind: string, title: string, theme?: string, speaking_seconds?: number,
 *   warning_seconds?: number, blocks?: Block[], guiding_questions?: string[], join_code?: string}} Room
 * @typedef {{id: string, title: string, subtitle?: string, date?: string, venue?: string, time_zone?: string,
 *   organizers?: string[], description?: string, rooms: Room[]}} Meeting
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
