// @ts-check
// The Markdown the server writes for the minutes, read into a small tree and built as DOM with text nodes
// only (never innerHTML): headings (# to ####), paragraphs, "- " lists, pipe tables, **bold**, _italic_
// (or *italic*) and backslash escapes (the server escapes every markup character of what people typed, so
// an escaped \| stays inside its table cell and an escaped \- starts no list). Anything else is text.
// parseMarkdown and parseInline are pure (node's test runner loads them); renderMarkdown needs a document.

/**
 * @typedef {{type: 'text', text: string} | {type: 'strong', children: Inline[]} | {type: 'em', children: Inline[]}} Inline
 * @typedef {{type: 'heading', level: number, content: Inline[]}
 *   | {type: 'paragraph', content: Inline[]}
 *   | {type: 'list', items: Inline[][]}
 *   | {type: 'table', head: Inline[][], rows: Inline[][][]}} Block
 */

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const LIST_ITEM = /^[ \t]{0,3}[-*+][ \t]+(.*)$/;
const TABLE_RULE = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/;

/**
 * Where `marker` next occurs in `s` from `from`, skipping escaped characters; -1 when it does not.
 * @param {string} s @param {string} marker @param {number} from
 */
function findMarker(s, marker, from) {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length && PUNCTUATION.test(s[i + 1])) {
      i++;
      continue;
    }
    if (s.startsWith(marker, i)) return i;
  }
  return -1;
}

/**
 * One line of text with emphasis: **bold**, _italic_ or *italic*, nested; a marker that never closes is
 * text, and so is a backslash-escaped character.
 * @param {string} s @returns {Inline[]}
 */
export function parseInline(s) {
  /** @type {Inline[]} */
  const out = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ type: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && PUNCTUATION.test(s[i + 1])) {
      buf += s[i + 1];
      i += 2;
      continue;
    }
    const marker = s.startsWith('**', i) ? '**' : s.startsWith('__', i) ? '__' : c === '_' || c === '*' ? c : '';
    if (marker) {
      const end = findMarker(s, marker, i + marker.length);
      // An opening marker is followed by text (not a space), and something lies between the two.
      if (end > i + marker.length && !/\s/.test(s[i + marker.length])) {
        flush();
        const children = parseInline(s.slice(i + marker.length, end));
        out.push(marker.length === 2 ? { type: 'strong', children } : { type: 'em', children });
        i = end + marker.length;
        continue;
      }
      buf += marker;
      i += marker.length;
      continue;
    }
    buf += c;
    i += 1;
  }
  flush();
  return out;
}

/**
 * A table line's cells, split on the pipes that are not escaped; the outer pipes are optional.
 * @param {string} line @returns {string[]}
 */
export function splitRow(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  /** @type {string[]} */
  const cells = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cell += s[i] + s[i + 1]; // the escape stays for parseInline
      i++;
    } else if (s[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += s[i];
    }
  }
  cells.push(cell.trim());
  return cells;
}

/** @param {string} line */
const isTableLine = (line) => line.trim().startsWith('|');

/**
 * The document as blocks.
 * @param {string} text @returns {Block[]}
 */
export function parseMarkdown(text) {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  /** @type {Block[]} */
  const blocks = [];
  /** @type {string[]} */
  let para = [];
  const flushPara = () => {
    if (para.length) blocks.push({ type: 'paragraph', content: parseInline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      flushPara();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flushPara();
      blocks.push({ type: 'heading', level: heading[1].length, content: parseInline(heading[2]) });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flushPara();
      /** @type {string[]} */
      const items = [];
      while (i < lines.length && lines[i].trim() !== '') {
        const item = LIST_ITEM.exec(lines[i]);
        if (item) items.push(item[1]);
        else if (/^[ \t]+\S/.test(lines[i]) && items.length) items[items.length - 1] += ` ${lines[i].trim()}`; // a continued item
        else break;
        i++;
      }
      i--;
      blocks.push({ type: 'list', items: items.map(parseInline) });
      continue;
    }
    if (isTableLine(line) && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1])) {
      flushPara();
      const head = splitRow(line);
      /** @type {Inline[][][]} */
      const rows = [];
      i += 2;
      while (i < lines.length && isTableLine(lines[i])) {
        const cells = splitRow(lines[i]);
        // Every row as wide as the header: a short row is padded, a long one cut.
        rows.push(head.map((_, c) => parseInline(cells[c] ?? '')));
        i++;
      }
      i--;
      blocks.push({ type: 'table', head: head.map(parseInline), rows });
      continue;
    }
    para.push(line.trim());
  }
  flushPara();
  return blocks;
}

/** The plain text of inline content. @param {Inline[]} content @returns {string} */
export function plainText(content) {
  return content.map((n) => (n.type === 'text' ? n.text : plainText(n.children))).join('');
}

/** Whether a cell holds a number, a duration or a percentage (aligned right). @param {string} text */
export const numericCell = (text) => /^[+-]?\d[\d:.,]*%?$/.test(text.trim());

/**
 * Builds the blocks as DOM into `root`, with text nodes only.
 * @param {Block[]} blocks @param {HTMLElement} root
 */
export function renderMarkdown(blocks, root) {
  const doc = root.ownerDocument;
  /** @param {Element} el @param {Inline[]} content */
  const fill = (el, content) => {
    for (const n of content) {
      if (n.type === 'text') el.append(doc.createTextNode(n.text));
      else {
        const child = doc.createElement(n.type);
        fill(child, n.children);
        el.append(child);
      }
    }
    return el;
  };
  const nodes = blocks.map((b) => {
    switch (b.type) {
      case 'heading':
        return fill(doc.createElement(`h${Math.min(6, Math.max(1, b.level))}`), b.content);
      case 'paragraph':
        return fill(doc.createElement('p'), b.content);
      case 'list': {
        const ul = doc.createElement('ul');
        for (const item of b.items) ul.append(fill(doc.createElement('li'), item));
        return ul;
      }
      case 'table': {
        const wrap = doc.createElement('div');
        wrap.className = 'table-wrap';
        const table = doc.createElement('table');
        const head = doc.createElement('thead');
        const tr = doc.createElement('tr');
        for (const cell of b.head) {
          const th = fill(doc.createElement('th'), cell);
          th.setAttribute('scope', 'col');
          tr.append(th);
        }
        head.append(tr);
        const body = doc.createElement('tbody');
        for (const row of b.rows) {
          const r = doc.createElement('tr');
          for (const cell of row) {
            const td = fill(doc.createElement('td'), cell);
            if (numericCell(plainText(cell))) td.className = 'num';
            r.append(td);
          }
          body.append(r);
        }
        table.append(head, body);
        wrap.append(table);
        return wrap;
      }
      default:
        return doc.createTextNode('');
    }
  });
  root.replaceChildren(...nodes);
}
