// @ts-check
// The JS side of the Podium wire format (PROTOCOL.md): encodes and validates client messages, decodes and
// validates server messages, and re-exports the names, limits and the client-side evolve. The golden
// fixtures in protocol/fixtures pin this module and the C++ codec to the same shapes.
import { validateClient } from './commands.mjs';
import { SERVER_CHECKS } from './server_messages.mjs';
import { Fields } from './fields.mjs';

export * from './constants.mjs';
export { ProtocolError, byteLength, charLength } from './fields.mjs';
export { applyEvent, applyTally } from './evolve.mjs';
export { validateClient, PARTICIPANT_CHECKS } from './commands.mjs';
export { isKnownEvent } from './server_messages.mjs';

/** @typedef {import('./types.mjs').ClientMessage} ClientMessage */
/** @typedef {import('./types.mjs').ServerMessage} ServerMessage */

/**
 * Validates a client message and returns its JSON text. Throws a ProtocolError naming the field.
 * Commands are checked against `checks`: by default the participant's; ALL_CHECKS (commands_console.mjs)
 * for the facilitator's console.
 * @param {ClientMessage} msg
 * @param {Readonly<Record<string, import('./commands.mjs').CommandCheck>>} [checks]
 * @returns {string}
 */
export function encodeClient(msg, checks) {
  validateClient(msg, checks);
  return JSON.stringify(msg);
}

/**
 * Parses and validates one server message. Throws a ProtocolError (or SyntaxError for bad JSON).
 * Fields this version does not know are kept and ignored.
 * @param {string} text
 * @returns {ServerMessage}
 */
export function decodeServer(text) {
  const msg = JSON.parse(text);
  const f = new Fields(msg, '');
  const type = f.str('type');
  const check = SERVER_CHECKS[type];
  if (!check) f.fail('type', `unknown message type "${type}"`);
  check(f);
  return msg;
}
