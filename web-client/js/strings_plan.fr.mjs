// @ts-check
// Français : le déroulé de la salle (blocs, intervenants, avance ou retard), les questions d'orientation et
// ce que les groupes transmettent ; le téléphone les charge aussi. Mêmes clés que strings_plan.en.mjs.
export default {
  'pl.kind.presentations': 'Présentations',
  'pl.kind.discussion': 'Débat',
  'pl.kind.session': 'Séance',
  'pl.now_until': 'En cours : {block} · jusqu’à {time}',
  'pl.until': '{block} jusqu’à {time}',
  'pl.presenting': 'Présentation en cours',
  'pl.presenting_n': 'Présentation en cours · {n} sur {total}',
  'pl.next_presenter': 'Intervenant suivant',
  'pl.gq': 'QO {n}',
  'pl.gq_option': 'QO {n} : {text}',
  'pl.gq_heading': 'Question d’orientation {n} sur {total}',
  'pl.gq_speaker': 'L’intervention porte sur la question d’orientation {n}',

  'pl.on_time': 'Dans les temps',
  'pl.behind': '{time} de retard sur le programme',
  'pl.ahead': '{time} d’avance sur le programme',
  'pl.ends': 'fin prévue : {time}',
  'pl.min': '{n} min',
  'pl.h': '{h} h',
  'pl.h_min': '{h} h {m} min',

  'pl.from_groups': 'Travaux des groupes',
  'pl.conclusions': 'Conclusions',
  'pl.questions': 'Questions',
};
