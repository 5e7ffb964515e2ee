// @ts-check
// The JSDoc shapes of what GET /api/meeting serves. Only type annotations refer to this file: no page
// loads it.
/**
 * @typedef {{name: string, affiliation: string}} Presenter
 * @typedef {{id: string, kind: string, title: string, minutes: number, min_presenters?: number,
 *   max_presenters?: number, presenters?: Presenter[], facilitated_by?: string}} Block
 * @typedef {{id: string, kind: string, title: string, theme?: string, speaking_seconds?: number,
 *   warning_seconds?: number, blocks?: Block[], guiding_questions?: string[], join_code?: string,
 *   join_path?: string, qr_path?: string}} Room
 * Agenda times are "HH:MM" wall-clock times on the meeting's date in its time_zone.
 * @typedef {{id: string, start: string, end: string, kind: string, title: string, details?: string,
 *   rooms: string[]}} AgendaItem
 * @typedef {{id: string, theme?: string, text: string}} GuidingQuestion
 * @typedef {{id: string, title: string, subtitle?: string, date?: string, venue?: string, time_zone?: string,
 *   organizers?: string[], description?: string, rooms: Room[], guiding_questions?: GuidingQuestion[],
 *   agenda?: AgendaItem[]}} Meeting
 */
export {};
