// @ts-check
// The JSDoc shapes of the wire format's values (PROTOCOL.md). Only type annotations refer to this file
// (`import('.../types.mjs').RoomState`): no page loads it, so the phones do not pay for these comments.
/** @typedef {'participant'|'facilitator'|'display'|'organizer'} Role */
/** @typedef {'point_of_order'|'clarifying_question'|'reply'|'new_point'} SpeakerKind */
/** A turn's kind: the queue's, or a presenter's given the floor from a slot. @typedef {SpeakerKind|'presentation'} TurnKind */
/** @typedef {'local_government'|'un'|'civil_society'|'other'} AffiliationKind */
/** @typedef {'speaker'|'segment'} TimerId */
/**
 * @typedef {{label: string, duration_ms: number, run: 'idle'|'running'|'paused', ends_at_ms: number,
 *   remaining_ms: number, warning_ms: number, warned: boolean, expired: boolean}} Timer
 * An entry of the queue, or the entry of a turn (only a turn's may be a `presentation`, with its slot's id).
 * @typedef {{id: string, name: string, affiliation: string, kind: TurnKind, added_at_ms: number,
 *   duration_ms?: number, guiding_question?: string, question_id?: string, by?: string, slot_id?: string,
 *   affiliation_kind?: AffiliationKind}} QueueEntry
 * @typedef {{entry: QueueEntry, started_at_ms: number, allotted_ms: number, paused_ms: number,
 *   paused_since_ms: number|null, pauses: number}} Turn
 * @typedef {{entry_id: string, name: string, affiliation: string, kind: TurnKind, started_at_ms: number,
 *   ended_at_ms: number, allotted_ms: number, paused_ms: number, pauses: number, spoken_ms: number,
 *   slot_id?: string, affiliation_kind?: AffiliationKind}} TurnRecord
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
 * @typedef {'session'|'presentations'|'discussion'} BlockKind
 * @typedef {'waiting'|'speaking'|'done'} SlotStatus
 * A presenter's place in a presentations block; planned_ms 0 = an equal share of the block.
 * @typedef {{id: string, name: string, affiliation: string, planned_ms: number, status: SlotStatus,
 *   started_at_ms: number, ended_at_ms: number, allotted_ms: number, spoken_ms: number, affiliation_kind?: AffiliationKind}} Slot
 * A block of the room's plan: the plan (planned_ms; plan_start_min, minutes after midnight in the meeting's
 * zone, or null) and what happened (0 until then; left_ms < 0 = overrun).
 * @typedef {{id: string, kind: BlockKind, title: string, planned_ms: number, plan_start_min: number|null,
 *   max_presenters: number, slots: Slot[], started_at_ms: number, ended_at_ms: number, allotted_ms: number,
 *   left_ms: number}} Block
 * @typedef {{id: string, text: string, guiding_question: string|null, written_at_ms: number,
 *   handed_off_at_ms: number}} Conclusion
 * @typedef {{id: string, text: string, name: string, guiding_question: string|null, votes: number}} HandoffQuestion
 * What a group sent to the plenary (copies); named by from_room and id together.
 * @typedef {{id: string, from_room: string, at_ms: number,
 *   conclusions: {id: string, text: string, guiding_question: string|null}[], questions: HandoffQuestion[]}} Handoff
 * `presence` is not part of a snapshot: it comes with the tallies of facilitators and the organizer.
 * @typedef {{room: string, settings: RoomSettings, queue_open: boolean, queue: QueueEntry[],
 *   current: Turn|null, speaker: Timer, segment: Timer, turns: TurnRecord[], next_entry: number,
 *   premoderation: boolean, questions: Question[], answering: string|null, polls: Poll[],
 *   next_question: number, next_poll: number, agenda: Agenda, messages: OrganizerMessage[], next_message: number,
 *   blocks?: Block[], block?: string|null, next_slot?: number, conclusions?: Conclusion[], next_conclusion?: number,
 *   handoff_to?: string|null, handoffs?: Handoff[], next_handoff?: number, closed_at_ms?: number,
 *   presence?: Presence}} RoomState
 * The plan fields came within version 1 (an older server omits them); `conclusions` and `next_conclusion`
 * reach facilitators and the organizer only.
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
 *   poll_id?: string, message_id?: string, key?: string, slot_id?: string, conclusion_id?: string}} AckMessage
 * @typedef {{type: 'reject', code: string, message: string, op_id?: string, retry_after_ms?: number}} RejectMessage
 * @typedef {{type: 'pong', t0: number, ts: number}} PongMessage
 * @typedef {WelcomeMessage|AckMessage|RejectMessage|EventMessage|TallyMessage|PongMessage} ServerMessage
 * @typedef {{type: string, [field: string]: any}} ClientMessage
 */

export {};
