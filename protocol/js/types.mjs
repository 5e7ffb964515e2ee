// @ts-check
// The JSDoc shapes of the wire format's values (PROTOCOL.md). Only type annotations refer to this file
// (`import('.../types.mjs').RoomState`): no page loads it, so the phones do not pay for these comments.
/** @typedef {'participant'|'facilitator'|'display'|'organizer'} Role */
/** @typedef {'point_of_order'|'clarifying_question'|'reply'|'new_point'} SpeakerKind */
/** @typedef {'speaker'|'segment'} TimerId */
/**
 * @typedef {{label: string, duration_ms: number, run: 'idle'|'running'|'paused', ends_at_ms: number,
 *   remaining_ms: number, warning_ms: number, warned: boolean, expired: boolean}} Timer
 * @typedef {{id: string, name: string, affiliation: string, kind: SpeakerKind, added_at_ms: number,
 *   duration_ms?: number}} QueueEntry
 * @typedef {{entry: QueueEntry, started_at_ms: number, allotted_ms: number, paused_ms: number,
 *   paused_since_ms: number|null, pauses: number}} Turn
 * @typedef {{entry_id: string, name: string, affiliation: string, kind: SpeakerKind, started_at_ms: number,
 *   ended_at_ms: number, allotted_ms: number, paused_ms: number, pauses: number, spoken_ms: number}} TurnRecord
 * @typedef {{speaking_ms: number, warning_ms: number}} RoomSettings
 * @typedef {'pending'|'approved'|'answered'|'rejected'|'withdrawn'|'merged'} QuestionStatus
 * A question as sent: whole, or stripped to id, status and merged_into for a participant who may not see it.
 * @typedef {{id: string, status: QuestionStatus, merged_into: string|null, text?: string, name?: string,
 *   guiding_question?: string|null, asked_at_ms?: number, pinned?: boolean, muted?: boolean, votes?: number}} Question
 * @typedef {'single'|'multiple'|'yes_no_abstain'|'rating'} PollKind
 * @typedef {{id: string, question: string, kind: PollKind, options: string[], max_picks: number,
 *   live_results: boolean, status: 'draft'|'open'|'closed', opened_at_ms: number, deadline_ms: number,
 *   closed_at_ms: number, revealed: boolean, voters?: number, counts?: number[]}} Poll
 * @typedef {{item_id: string|null, since_ms: number}} Agenda
 * @typedef {{id: string, to: 'facilitator'|'display', text: string, sent_at_ms: number,
 *   acknowledged_at_ms: number}} OrganizerMessage
 * @typedef {{participant: number, display: number, facilitator: number, organizer: number}} Presence
 * `presence` is not part of a snapshot: it comes with the tallies of facilitators and the organizer.
 * @typedef {{room: string, settings: RoomSettings, queue_open: boolean, queue: QueueEntry[],
 *   current: Turn|null, speaker: Timer, segment: Timer, turns: TurnRecord[], next_entry: number,
 *   premoderation: boolean, questions: Question[], answering: string|null, polls: Poll[],
 *   next_question: number, next_poll: number, agenda: Agenda, messages: OrganizerMessage[], next_message: number,
 *   presence?: Presence}} RoomState
 * @typedef {{type: string, [field: string]: any}} RoomEvent
 * @typedef {{type: 'event', room: string, epoch: string, seq: number, prev_seq: number, server_time_ms: number,
 *   event: RoomEvent}} EventMessage
 * @typedef {{questions: Record<string, number>, polls: Record<string, {voters: number, counts?: number[]}>,
 *   presence?: Presence}} TallyValues
 * @typedef {TallyValues & {type: 'tally', room: string, epoch: string, seq: number}} TallyMessage
 * @typedef {{type: 'welcome', room: string, epoch: string, seq: number, server_time_ms: number, role: Role,
 *   mine: string[], my_questions: Question[], my_upvotes: string[], my_votes: Record<string, number[]>,
 *   snapshot?: RoomState, events?: EventMessage[], tally?: TallyValues}} WelcomeMessage
 * @typedef {{type: 'ack', op_id: string, seq: number, entry_id?: string, question_id?: string,
 *   poll_id?: string, message_id?: string, key?: string}} AckMessage
 * @typedef {{type: 'reject', code: string, message: string, op_id?: string, retry_after_ms?: number}} RejectMessage
 * @typedef {{type: 'pong', t0: number, ts: number}} PongMessage
 * @typedef {WelcomeMessage|AckMessage|RejectMessage|EventMessage|TallyMessage|PongMessage} ServerMessage
 * @typedef {{type: string, [field: string]: any}} ClientMessage
 */

export {};
