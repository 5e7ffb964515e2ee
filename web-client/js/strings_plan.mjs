// @ts-check
// The words of the room's plan (blocks, presenters, drift), guiding questions and the groups' handoffs,
// on top of strings.mjs (same keys per language). The phone loads this too: keep it short.
import { translator } from './strings.mjs';

/** @type {Record<string, Record<string, string>>} */
export const PLAN_STRINGS = {
  en: {
    'pl.kind.presentations': 'Presentations',
    'pl.kind.discussion': 'Discussion',
    'pl.kind.session': 'Session',
    'pl.now_until': 'Now: {block} · until {time}',
    'pl.until': '{block} until {time}',
    'pl.presenting': 'Now presenting',
    'pl.presenting_n': 'Now presenting · {n} of {total}',
    'pl.next_presenter': 'Next presenter',
    'pl.gq': 'GQ {n}',
    'pl.gq_option': 'GQ {n}: {text}',
    'pl.gq_heading': 'Guiding question {n} of {total}',
    'pl.gq_speaker': 'The speaker addresses guiding question {n}',

    'pl.on_time': 'On time',
    'pl.behind': '{time} behind plan',
    'pl.ahead': '{time} ahead of plan',
    'pl.ends': 'ends {time}',
    'pl.min': '{n} min',
    'pl.h': '{h} h',
    'pl.h_min': '{h} h {m} min',

    'pl.from_groups': 'From the groups',
    'pl.conclusions': 'Conclusions',
    'pl.questions': 'Questions',
  },
};

export const t = translator(PLAN_STRINGS);
