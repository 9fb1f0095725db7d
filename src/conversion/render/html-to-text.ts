/**
 * HTML → plain text for email bodies, by a single linear scan: no DOM, no recursion, so deep nesting
 * (htmllargecallstack.eml) costs nothing, and input and output are capped.
 */
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg', 'object']);
const LINE_BREAK = new Set(['br', 'p', 'div', 'tr', 'li', 'ul', 'ol', 'table', 'blockquote', 'pre', 'hr', 'section', 'article', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'dd', 'address']);
const CELL = new Set(['td', 'th']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  pound: '£',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  bull: '•',
  middot: '·',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  szlig: 'ß',
};

export interface HtmlToTextLimits {
  /** Characters of HTML read; the rest is dropped. */
  maxInputChars: number;
  /** Characters of text produced. */
  maxOutputChars: number;
}

export function htmlToText(html: string, limits: HtmlToTextLimits): { text: string; truncated: boolean } {
  const source = html.length > limits.maxInputChars ? html.slice(0, limits.maxInputChars) : html;
  let truncated = source.length < html.length;
  const lower = source.toLowerCase();
  const parts: string[] = [];
  let produced = 0;
  let atBreak = true; // nothing but tag breaks since the last text: do not stack empty lines
  const emit = (text: string) => {
    if (produced >= limits.maxOutputChars) {
      truncated = true;
      return;
    }
    const room = limits.maxOutputChars - produced;
    const piece = text.length > room ? text.slice(0, room) : text;
    parts.push(piece);
    produced += piece.length;
  };

  let position = 0;
  while (position < source.length && produced < limits.maxOutputChars) {
    const open = source.indexOf('<', position);
    if (open < 0) {
      emit(decodeEntities(source.slice(position)));
      break;
    }
    if (open > position) {
      const text = decodeEntities(source.slice(position, open));
      emit(text);
      if (text.trim()) atBreak = false;
    }
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open + 4);
      if (end < 0) break;
      position = end + 3;
      continue;
    }
    const close = source.indexOf('>', open + 1);
    if (close < 0) break;
    const match = /^\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(source.slice(open + 1, Math.min(close, open + 40)));
    position = close + 1;
    if (!match) continue;
    const name = match[1].toLowerCase();
    const closing = source[open + 1] === '/';
    if (!closing && SKIP_CONTENT.has(name)) {
      const end = lower.indexOf(`</${name}`, position);
      if (end < 0) break;
      const endClose = source.indexOf('>', end);
      position = endClose < 0 ? source.length : endClose + 1;
      continue;
    }
    if (name === 'li' && !closing) {
      emit(atBreak && parts.length > 0 ? '• ' : '\n• ');
      atBreak = true;
    } else if (name === 'br' || (LINE_BREAK.has(name) && !atBreak)) {
      emit('\n');
      atBreak = name !== 'br';
    } else if (CELL.has(name) && !closing) emit('\t');
  }

  const text = parts
    .join('')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]*\n[ \t\f\v\u00a0]*/g, '\n')
    .replace(/[ \f\v\u00a0]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, truncated };
}

function decodeEntities(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (entity, body: string) => {
    if (body.startsWith('#')) {
      const codePoint = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(codePoint) && codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff) ? String.fromCodePoint(codePoint) : ' ';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}
