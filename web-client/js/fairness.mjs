// @ts-check
// Who had the floor, and for how long: per speaker and per kind of affiliation, from a room's finished
// turns and, given the clock, the turn in progress up to now. The same rules as the server's record
// (server/record/fairness.cpp), so the live panel and the minutes agree: a speaker is their name and
// affiliation as given (everyone without a name is "A participant"); a speaker's kind of affiliation is the
// first one they gave; each turn counts under its own kind. Pure: no DOM, no clock, no imports, so node's
// test runner loads it as it is.

/**
 * @typedef {'local_government'|'un'|'civil_society'|'other'} AffiliationKind
 * @typedef {{name: string, affiliation: string, kind?: string, spoken_ms: number, started_at_ms: number,
 *   affiliation_kind?: AffiliationKind}} TurnLike
 * @typedef {{entry: {name: string, affiliation: string, kind?: string, affiliation_kind?: AffiliationKind},
 *   started_at_ms: number, paused_ms: number, paused_since_ms: number|null}} CurrentLike
 * @typedef {{turns: TurnLike[], current?: CurrentLike|null}} StateLike
 * @typedef {{name: string, affiliation: string, anonymous: boolean, affiliation_kind: AffiliationKind|null,
 *   spoken_ms: number, share: number, turns: number, speaking: boolean}} SpeakerTime
 * @typedef {{kind: AffiliationKind|null, spoken_ms: number, share: number, turns: number, speakers: number}} KindTime
 * @typedef {{total_ms: number, turns: number, speakers: SpeakerTime[], kinds: KindTime[],
 *   first_time_speakers: number}} Balance
 */

/** Every kind in the order the record shows them; null is "not given" and comes last. */
export const KIND_ORDER = /** @type {const} */ (['local_government', 'un', 'civil_society', 'other', null]);

/** The name the record gives everyone who gave none. */
export const UNNAMED = 'A participant';

const KNOWN = new Set(KIND_ORDER.filter((k) => k !== null));

/** @param {unknown} kind @returns {AffiliationKind|null} */
function kindOf(kind) {
  return typeof kind === 'string' && KNOWN.has(/** @type {AffiliationKind} */ (kind)) ? /** @type {AffiliationKind} */ (kind) : null;
}

/** @param {number} part @param {number} whole */
const shareOf = (part, whole) => (whole > 0 ? part / whole : 0);

/**
 * How long the speaker now on the floor has spoken, pauses excluded (a pause still running counts as
 * pause up to now).
 * @param {CurrentLike} current @param {number} now
 */
export function currentSpokenMs(current, now) {
  const pausedNow = current.paused_since_ms != null && current.paused_since_ms > 0 ? now - current.paused_since_ms : 0;
  return Math.max(0, now - current.started_at_ms - (current.paused_ms ?? 0) - pausedNow);
}

/**
 * The speaking-time balance of a room.
 * @param {StateLike|null|undefined} state the room state (its `turns` and `current`)
 * @param {number} [now] the server's clock: with it, the turn in progress counts up to now; without, only
 *   finished turns count
 * @param {{unnamed?: string}} [options] the name shown for speakers who gave none
 * @returns {Balance}
 */
export function fairness(state, now, { unnamed = UNNAMED } = {}) {
  /** @type {{name: string, affiliation: string, kind: AffiliationKind|null, spoken_ms: number, current: boolean}[]} */
  const turns = (state?.turns ?? []).map((r) => ({
    name: r.name ?? '', affiliation: r.affiliation ?? '', kind: kindOf(r.affiliation_kind),
    spoken_ms: Math.max(0, r.spoken_ms ?? 0), current: false,
  }));
  const current = state?.current;
  if (current && now !== undefined && Number.isFinite(now)) {
    turns.push({ name: current.entry.name ?? '', affiliation: current.entry.affiliation ?? '',
      kind: kindOf(current.entry.affiliation_kind), spoken_ms: currentSpokenMs(current, now), current: true });
  }

  /** @type {Map<string, SpeakerTime>} */
  const speakers = new Map();
  /** @type {Map<AffiliationKind|null, {spoken_ms: number, turns: number, speakers: Set<string>}>} */
  const kinds = new Map(KIND_ORDER.map((k) => [k, { spoken_ms: 0, turns: 0, speakers: new Set() }]));
  let total = 0;
  for (const turn of turns) {
    const name = turn.name || unnamed;
    const key = JSON.stringify([name, turn.affiliation]);
    let s = speakers.get(key);
    if (!s) {
      s = { name, affiliation: turn.affiliation, anonymous: !turn.name, affiliation_kind: turn.kind, spoken_ms: 0, share: 0,
        turns: 0, speaking: false };
      speakers.set(key, s);
    }
    if (s.affiliation_kind === null) s.affiliation_kind = turn.kind;
    s.spoken_ms += turn.spoken_ms;
    s.turns += 1;
    if (turn.current) s.speaking = true;
    const k = /** @type {{spoken_ms: number, turns: number, speakers: Set<string>}} */ (kinds.get(turn.kind));
    k.spoken_ms += turn.spoken_ms;
    k.turns += 1;
    k.speakers.add(key);
    total += turn.spoken_ms;
  }
  const list = [...speakers.values()];
  for (const s of list) s.share = shareOf(s.spoken_ms, total);
  return {
    total_ms: total,
    turns: turns.length,
    speakers: list,
    kinds: KIND_ORDER.map((kind) => {
      const k = /** @type {{spoken_ms: number, turns: number, speakers: Set<string>}} */ (kinds.get(kind));
      return { kind, spoken_ms: k.spoken_ms, share: shareOf(k.spoken_ms, total), turns: k.turns, speakers: k.speakers.size };
    }),
    // In one room every speaker is speaking here for the first time that day: the distinct speakers.
    first_time_speakers: list.length,
  };
}

/** A share as a whole percentage, rounded half up as the record rounds it. @param {number} share 0..1 */
export function percent(share) {
  return Math.floor(share * 100 + 0.5);
}
