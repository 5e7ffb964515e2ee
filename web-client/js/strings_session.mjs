// @ts-check
// The facilitator console's translator: its words for the room's plan, the balance, conclusions and the
// handoff to the plenary (strings_session.<lang>.mjs) on top of the other screens', the polls' and the
// record's. The display and the phones do not load it.
import { translatorFor } from './strings.mjs';

export const t = await translatorFor(['poll', 'screens', 'record', 'session']);
