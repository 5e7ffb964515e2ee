// @ts-check
// Español: el plan de la sala (bloques, ponentes, adelanto o retraso), las preguntas orientadoras y lo que
// envían los grupos; el teléfono también las carga. Mismas claves que strings_plan.en.mjs.
export default {
  'pl.kind.presentations': 'Presentaciones',
  'pl.kind.discussion': 'Debate',
  'pl.kind.session': 'Sesión',
  'pl.now_until': 'Ahora: {block} · hasta las {time}',
  'pl.until': '{block} hasta las {time}',
  'pl.presenting': 'Presentación en curso',
  'pl.presenting_n': 'Presentación en curso · {n} de {total}',
  'pl.next_presenter': 'Siguiente ponente',
  'pl.gq': 'PO {n}',
  'pl.gq_option': 'PO {n}: {text}',
  'pl.gq_heading': 'Pregunta orientadora {n} de {total}',
  'pl.gq_speaker': 'La intervención trata la pregunta orientadora {n}',

  'pl.on_time': 'A tiempo',
  'pl.behind': '{time} de retraso sobre lo previsto',
  'pl.ahead': '{time} de adelanto sobre lo previsto',
  'pl.ends': 'fin prevista: {time}',
  'pl.min': '{n} min',
  'pl.h': '{h} h',
  'pl.h_min': '{h} h {m} min',

  'pl.from_groups': 'Aportaciones de los grupos',
  'pl.conclusions': 'Conclusiones',
  'pl.questions': 'Preguntas',
};
