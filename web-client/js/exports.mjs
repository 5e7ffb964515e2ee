// @ts-check
// The record as files: GET /api/rooms/{room}/export/{name} (that room's facilitator key or the organizer
// key) or /api/export/{name} (the whole meeting, organizer key), with the key in an Authorization header —
// never in the URL. The answer is saved under the name the server gives (Content-Disposition) through an
// <a download> on an object URL. Used by the facilitator and organizer pages and the minutes page.
import { h, setText } from './dom.mjs';
import { t } from './strings_record.mjs';

/** The files the server exports, in the order the pages offer them. */
export const EXPORT_FILES = Object.freeze(['minutes.md', 'turns.csv', 'questions.csv', 'polls.csv', 'log.json']);

/** Where a file is: one room's, or the whole meeting's when `room` is ''. @param {string} name @param {string} [room] */
export function exportPath(name, room = '') {
  return room ? `/api/rooms/${encodeURIComponent(room)}/export/${encodeURIComponent(name)}` : `/api/export/${encodeURIComponent(name)}`;
}

/** The minutes page for a room, or for the whole meeting when `room` is ''. @param {string} [room] */
export function minutesPath(room = '') {
  return room ? `/minutes.html?room=${encodeURIComponent(room)}` : '/minutes.html';
}

/**
 * The file name a Content-Disposition header gives (filename*=UTF-8''… preferred to filename="…"), made
 * safe to save (no folders, no control characters); `fallback` when it gives none.
 * @param {string|null} disposition @param {string} fallback
 */
export function filenameFrom(disposition, fallback) {
  let name = '';
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition ?? '');
  if (star) {
    try {
      name = decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      name = '';
    }
  }
  if (!name) {
    const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(disposition ?? '');
    const bare = /filename\s*=\s*([^;"\s]+)/i.exec(disposition ?? '');
    name = quoted ? quoted[1].replace(/\\(.)/g, '$1') : bare ? bare[1] : '';
  }
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^.*[\\/]/, '').trim();
  return name && name !== '.' && name !== '..' ? name : fallback;
}

/**
 * @typedef {{ok: true, blob: Blob, filename: string}
 *   | {ok: false, status: number, code: string, message: string}} ExportResult
 */

/**
 * Fetches one file with the key; never throws (a network failure is status 0).
 * @param {string} name @param {string} room '' for the whole meeting @param {string} key
 * @param {typeof fetch} [fetcher]
 * @returns {Promise<ExportResult>}
 */
export async function fetchExport(name, room, key, fetcher = fetch) {
  let res;
  try {
    res = await fetcher(exportPath(name, room), {
      headers: { Authorization: `Bearer ${key}` }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
  } catch (err) {
    return { ok: false, status: 0, code: 'network', message: err instanceof Error ? err.message : String(err) };
  }
  if (res.ok) {
    const fallback = room ? `${room}-${name}` : name;
    return { ok: true, blob: await res.blob(), filename: filenameFrom(res.headers.get('Content-Disposition'), fallback) };
  }
  let code = '';
  let message = `HTTP ${res.status}`;
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string') code = body.error;
    if (body && typeof body.message === 'string' && body.message) message = body.message;
  } catch { /* not JSON: the status says enough */ }
  return { ok: false, status: res.status, code, message };
}

/** Saves a blob under a file name, as the browser saves a download. @param {Blob} blob @param {string} filename */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** What went wrong, in words. @param {string} name @param {ExportResult & {ok: false}} r */
export function exportProblem(name, r) {
  const file = t(`ex.file.${name}`);
  if (r.status === 401 || r.status === 403) return t('ex.bad_key', { file });
  if (r.status === 404) return t('ex.not_found', { file, message: r.message });
  return t('ex.failed', { file, problem: r.message });
}

/**
 * Fills a box with one button per file and wires them: each fetches its file with the key of the moment
 * and saves it; the status line says what happened (and a refused key calls `onBadKey`).
 * @param {{buttons: HTMLElement, status: HTMLElement, room: () => string, key: () => string,
 *   onBadKey?: () => void}} ctx
 */
export function setupExports({ buttons, status, room, key, onBadKey }) {
  buttons.replaceChildren(...EXPORT_FILES.map((name) =>
    h('button', { type: 'button', 'data-export': name, 'data-testid': `export-${name.replace('.', '-')}`,
      'aria-label': t('ex.download_label', { file: t(`ex.file.${name}`) }), text: t(`ex.file.${name}`) })));
  buttons.addEventListener('click', async (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-export]') : null;
    if (!(button instanceof HTMLButtonElement) || button.disabled) return;
    const name = button.dataset.export ?? '';
    const k = key();
    if (!k) {
      setText(status, t('ex.no_key'));
      status.dataset.state = 'error';
      return;
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    setText(status, t('ex.downloading', { file: t(`ex.file.${name}`) }));
    status.dataset.state = 'busy';
    try {
      const r = await fetchExport(name, room(), k);
      if (r.ok) {
        saveBlob(r.blob, r.filename);
        setText(status, t('ex.saved', { file: r.filename }));
        status.dataset.state = 'done';
      } else {
        setText(status, exportProblem(name, r));
        status.dataset.state = 'error';
        if (r.status === 401) onBadKey?.();
      }
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
}
