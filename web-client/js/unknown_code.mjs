// @ts-check
// The page a join link with an unknown room code lands on (/j/CODE): what happened and the way to the
// rooms, in the reader's language.
import { startPage } from './page.mjs';
import { t } from './strings_screens.mjs';

startPage('u.doc_title', t);
