// @ts-check
// English: the words of the room's plan (blocks, presenters, drift), guiding questions and the groups'
// handoffs; the phone loads them too, so keep them short.
// The French and Spanish files have the same keys and placeholders.
export default {
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
};
