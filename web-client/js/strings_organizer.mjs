// @ts-check
// The organizer page's words, on top of the other screens' (strings_screens.mjs; same keys per language).
import { translator } from './strings.mjs';
import { SCREEN_STRINGS } from './strings_screens.mjs';
import { PLAN_STRINGS } from './strings_plan.mjs';
import { RECORD_STRINGS } from './strings_record.mjs';

/** @type {Record<string, Record<string, string>>} */
const ORGANIZER_STRINGS = {
  en: {
    ...SCREEN_STRINGS.en,
    ...PLAN_STRINGS.en,
    ...RECORD_STRINGS.en,
    'o.doc_title': 'Organizer — Podium',
    'o.title': 'Organizer: {meeting}',
    'o.key_heading': 'Organizer key',
    'o.key_help': 'Open the link the server printed at its first start, or type the organizer key once: this device remembers it.',
    'o.key_bad': 'That organizer key was not accepted. Check it and try again.',
    'o.load_failed': 'The meeting could not be loaded. Reload to try again.',
    'o.rooms': 'Rooms',
    'o.live_count': '{n} of {total} rooms live',

    'o.agenda': 'Agenda',
    'o.agenda_now': 'Now: {title}',
    'o.agenda_since': 'since {time}',
    'o.agenda_none': 'The meeting has not started.',
    'o.agenda_next': 'Next item',
    'o.agenda_next_label': 'Next item: {title}',
    'o.agenda_move': 'Move to this item',
    'o.agenda_move_label': 'Move to {title}',
    'o.agenda_current': 'on now',
    'o.agenda_rooms': 'Rooms: {rooms}',
    'o.agenda_all': 'Everyone',
    'o.agenda_stale': 'Someone else moved the agenda meanwhile; check the current item and try again.',
    'o.agenda_offline': 'No room is connected: the agenda cannot move now.',

    'o.speaking': '{name}, speaking for {time}',
    'o.queue': 'Waiting to speak: {n}',
    'o.pending': 'Questions to moderate: {n}',
    'o.poll': 'Poll open: “{question}” — {votes}',
    'o.no_poll': 'No poll open',
    'o.presence': 'Connected — participants: {participant}, displays: {display}, facilitators: {facilitator}, organizers: {organizer}',
    'o.presence_unknown': 'Connected devices: not known yet',
    'o.block': 'Running: {block} · until {time}',
    'o.no_block': 'No block running',
    'o.block_next': 'next: {block} at {time}',
    'o.presenters_done': '{done} of {total} presenters done',
    'o.next_presenter': 'Next presenter: {name}',
    'o.next_presenter_aff': 'Next presenter: {name}, {affiliation}',

    'o.messages': 'Messages',
    'o.unacked': 'Not yet acknowledged: {n}',
    'o.all_acked': 'Every message to the facilitator was acknowledged.',
    'o.to': 'To',
    'o.to.facilitator': 'Facilitator',
    'o.to.display': 'Display',
    'o.text': 'Message',
    'o.send': 'Send',
    'o.presets': 'Quick messages',
    'o.preset1': '5 minutes left',
    'o.preset2': 'Please wrap up',
    'o.preset3': 'Please move to the plenary',
    'o.preset4': 'The break is over: please start',
    'o.msg_to_display': 'to the display · {time}',
    'o.msg_waiting': 'to the facilitator · {time} · not yet acknowledged',
    'o.msg_acked': 'to the facilitator · {time} · acknowledged {at}',
    'o.msg_sending': 'sending…',

    'o.rotate': 'Rotate facilitator key',
    'o.rotate_confirm': 'Replace the facilitator key of {room}? Every device using the old key is disconnected and needs the new one.',
    'o.rotate_yes': 'Replace the key',
    'o.rotate_no': 'Cancel',
    'o.new_key': 'New facilitator key (shown only now):',
    'o.new_link': 'Facilitator link:',
    'o.key_done': 'Done, hide the key',
    'o.room_error': '{room}: {message}',

    'o.close_heading': 'Close the meeting',
    'o.close_help': 'Every room becomes read-only; minutes and exports stay available. Closing cannot be undone.',
    'o.close_start': 'Close the meeting…',
    'o.close_word': 'CLOSE',
    'o.close_type': 'To confirm, type {word}',
    'o.close_yes': 'Close the meeting for every room',
    'o.close_no': 'Cancel',
    'o.closing': 'Closing the meeting…',
    'o.close_offline': 'No room is connected: the meeting cannot be closed now.',
    'o.closed_at': 'Meeting closed at {time}',
    'o.closed_note': 'Every room is read-only. The exports and the minutes stay available.',
  },
};

export const t = translator(ORGANIZER_STRINGS);
