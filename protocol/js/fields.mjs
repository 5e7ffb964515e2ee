// @ts-check
// Typed, path-aware reads from a decoded JSON object: every failure names the field and the problem.
import { LIMITS } from './constants.mjs';

const utf8 = new TextEncoder();

/** A message that does not follow the protocol. `path` names the offending field. */
export class ProtocolError extends Error {
  /** @param {string} path @param {string} problem */
  constructor(path, problem) {
    super(path ? `field "${path}": ${problem}` : problem);
    this.name = 'ProtocolError';
    this.path = path;
  }
}

/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Fields {
  /** @param {unknown} obj @param {string} path */
  constructor(obj, path) {
    if (!isObject(obj)) throw new ProtocolError(path, 'expected an object');
    /** @type {Record<string, unknown>} */
    this.obj = /** @type {Record<string, unknown>} */ (obj);
    this.path = path;
  }

  /** @param {string} name */
  at(name) { return this.path ? `${this.path}.${name}` : name; }

  /** @param {string} name */
  has(name) { return Object.prototype.hasOwnProperty.call(this.obj, name) && this.obj[name] !== undefined; }

  /** @param {string} name @param {string} problem @returns {never} */
  fail(name, problem) { throw new ProtocolError(this.at(name), problem); }

  /** @param {string} name */
  present(name) {
    if (!this.has(name)) this.fail(name, 'is missing');
    return this.obj[name];
  }

  /** @param {string} name @param {number} [maxBytes] @returns {string} */
  str(name, maxBytes = LIMITS.max_string_bytes) {
    const v = this.present(name);
    if (typeof v !== 'string') this.fail(name, 'expected a string');
    if (byteLength(v) > maxBytes) this.fail(name, `is too long (at most ${maxBytes} bytes)`);
    return v;
  }

  /** Missing or null is allowed. @param {string} name @param {number} [maxBytes] */
  optStr(name, maxBytes) {
    if (!this.has(name) || this.obj[name] === null) return undefined;
    return this.str(name, maxBytes);
  }

  /** Must be present; null allowed. @param {string} name */
  nullableStr(name) {
    if (this.present(name) === null) return null;
    return this.str(name);
  }

  /** @param {string} name @returns {number} */
  int(name) {
    const v = this.present(name);
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(name, 'expected an integer');
    return v;
  }

  /** @param {string} name */
  uint(name) {
    const v = this.int(name);
    if (v < 0) this.fail(name, 'must not be negative');
    return v;
  }

  /** @param {string} name */
  optInt(name) {
    if (!this.has(name) || this.obj[name] === null) return undefined;
    return this.int(name);
  }

  /** @param {string} name */
  nullableInt(name) {
    if (this.present(name) === null) return null;
    return this.int(name);
  }

  /** @param {string} name @returns {number} */
  number(name) {
    const v = this.present(name);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(name, 'expected a number');
    return v;
  }

  /** @param {string} name @returns {boolean} */
  bool(name) {
    const v = this.present(name);
    if (typeof v !== 'boolean') this.fail(name, 'expected true or false');
    return v;
  }

  /** @param {string} name @param {readonly string[]} values */
  oneOf(name, values) {
    const v = this.str(name);
    if (!values.includes(v)) this.fail(name, `unknown value "${v}" (expected one of ${values.join(', ')})`);
    return v;
  }

  /** @param {string} name */
  optBool(name) {
    if (!this.has(name)) return undefined;
    return this.bool(name);
  }

  /** A text limited in characters (code points). @param {string} name @param {number} min @param {number} max */
  chars(name, min, max) {
    const v = this.str(name, max * 4);
    const n = charLength(v);
    if (n < min || n > max) this.fail(name, `must be ${min} to ${max} characters`);
    return v;
  }

  /** @param {string} name @param {(item: unknown, path: string) => void} check */
  each(name, check) {
    const items = this.array(name);
    items.forEach((item, i) => check(item, this.at(`${name}[${i}]`)));
    return items;
  }

  /** A map such as {question_id: votes}. @param {string} name @param {(value: unknown, path: string) => void} check */
  record(name, check) {
    const m = this.object(name);
    for (const [k, v] of Object.entries(m.obj)) check(v, m.at(k));
    return m.obj;
  }

  /** @param {string} name */
  object(name) { return new Fields(this.present(name), this.at(name)); }

  /** @param {string} name */
  optObject(name) {
    if (!this.has(name) || this.obj[name] === null) return undefined;
    return this.object(name);
  }

  /** @param {string} name @returns {unknown[]} */
  array(name) {
    const v = this.present(name);
    if (!Array.isArray(v)) this.fail(name, 'expected an array');
    return v;
  }

  /** Rejects fields this message does not define (client messages only: we write them). @param {string[]} known */
  only(known) {
    for (const k of Object.keys(this.obj)) {
      if (this.obj[k] !== undefined && !known.includes(k)) this.fail(k, 'is not a field of this message');
    }
  }
}

/** UTF-8 length, which is what the server's limits count. @param {string} s */
export function byteLength(s) { return utf8.encode(s).length; }

/** Length in code points. @param {string} s */
export function charLength(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** @param {unknown} v @param {string} path */
export function isString(v, path) {
  if (typeof v !== 'string') throw new ProtocolError(path, 'expected a string');
}

/** @param {unknown} v @param {string} path */
export function isCount(v, path) {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ProtocolError(path, 'expected a count');
}
