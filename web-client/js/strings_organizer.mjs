// @ts-check
// The organizer page's translator: its words (strings_organizer.<lang>.mjs) on top of the other screens',
// the polls', the plan's and the record's.
import { translatorFor } from './strings.mjs';

export const t = await translatorFor(['poll', 'screens', 'plan', 'record', 'organizer']);
