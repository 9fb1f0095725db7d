import { DomainError } from '../../common/domain-error.js';
import { assertSafeXml } from './xml-hardening.js';

/** An element's content as the adapter reads it: trimmed text, or child elements by local name (repeats become arrays). */
export type SoapValue = string | SoapRecord | SoapValue[];
export interface SoapRecord {
  readonly [name: string]: SoapValue | undefined;
}

export interface SoapFault {
  readonly faultcode: string;
  readonly faultstring: string;
  readonly detail: SoapRecord;
}

export type SoapAnswer = { readonly kind: 'result'; readonly result: SoapRecord } | { readonly kind: 'fault'; readonly fault: SoapFault };

interface XmlElement {
  readonly name: string;
  readonly nil: boolean;
  readonly children: XmlElement[];
  text: string;
}

const NO_LISTS: ReadonlySet<string> = new Set();

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

const malformed = (why: string): DomainError => new DomainError('LEGACY_BAD_RESPONSE', `legacy CMS answered XML that is not well-formed (${why})`);

/**
 * Reads a SOAP 1.1 response envelope: the Body's first element, checked to be `expected`
 * (e.g. `GetCaseSummaryResponse`), or a soap:Fault. A small scanner for the machine-written
 * envelopes of the Classic API: elements, attributes, text, CDATA, comments and the five
 * predefined and numeric character references. DOCTYPE, ENTITY and any other markup
 * declaration are refused, and so is anything not well-formed, as LEGACY_BAD_RESPONSE.
 * Values follow node-soap's reading of this WSDL (all xs:string): text trimmed, an empty
 * element '', an xsi:nil element left out.
 */
export function readSoapEnvelope(xml: string, expected: string, lists: ReadonlySet<string> = NO_LISTS): SoapAnswer {
  assertSafeXml(xml);
  const envelope = parseXml(xml);
  if (envelope.name !== 'Envelope') throw malformed('no SOAP Envelope');
  const body = envelope.children.find((child) => child.name === 'Body');
  const content = body?.children[0];
  if (content === undefined) throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered a SOAP envelope without a body');
  if (content.name === 'Fault') {
    const fault = toRecord(content, NO_LISTS);
    const text = (name: string): string => (typeof fault[name] === 'string' ? fault[name] : '');
    const detail = fault['detail'];
    return { kind: 'fault', fault: { faultcode: text('faultcode'), faultstring: text('faultstring'), detail: isRecord(detail) ? detail : {} } };
  }
  if (content.name !== expected) throw new DomainError('LEGACY_BAD_RESPONSE', `legacy CMS answered ${content.name} where ${expected} was expected`);
  const result = valueOf(content, lists);
  return { kind: 'result', result: isRecord(result) ? result : {} };
}

const isRecord = (value: SoapValue | undefined): value is SoapRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

function valueOf(element: XmlElement, lists: ReadonlySet<string>): SoapValue {
  return element.children.length > 0 ? toRecord(element, lists) : element.text.trim();
}

function toRecord(element: XmlElement, lists: ReadonlySet<string>): SoapRecord {
  // No prototype: an element named __proto__ in a legacy answer is just a field.
  const record = Object.create(null) as Record<string, SoapValue>;
  for (const child of element.children) {
    if (child.nil) continue;
    const value = valueOf(child, lists);
    const existing = record[child.name];
    if (existing === undefined) record[child.name] = lists.has(child.name) ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else record[child.name] = [existing, value];
  }
  return record;
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw malformed('a bare &');
    if (name.startsWith('#x')) return codePoint(Number.parseInt(name.slice(2), 16), /^#x[0-9a-fA-F]+$/.test(name));
    if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), /^#[0-9]+$/.test(name));
    const entity = ENTITIES[name];
    if (entity === undefined) throw malformed(`undeclared entity &${name};`);
    return entity;
  });
}

function codePoint(value: number, wellFormed: boolean): string {
  if (!wellFormed || !Number.isInteger(value) || value < 1 || value > 0x10ffff) throw malformed('a bad character reference');
  return String.fromCodePoint(value);
}

function parseXml(xml: string): XmlElement {
  const stack: { qualified: string; element: XmlElement }[] = [];
  let root: XmlElement | undefined;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const expectEnd = (marker: string, from: number): number => {
    const end = xml.indexOf(marker, from);
    if (end < 0) throw malformed(`unterminated ${marker === '-->' ? 'comment' : marker === ']]>' ? 'CDATA section' : 'markup'}`);
    return end;
  };
  const appendText = (text: string): void => {
    const top = stack.at(-1);
    if (top !== undefined) top.element.text += text;
    else if (text.trim() !== '') throw malformed('text outside the root element');
  };

  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      appendText(decode(xml.slice(i)));
      break;
    }
    if (lt > i) appendText(decode(xml.slice(i, lt)));
    if (xml.startsWith('<?', lt)) {
      i = expectEnd('?>', lt + 2) + 2;
    } else if (xml.startsWith('<!--', lt)) {
      i = expectEnd('-->', lt + 4) + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (stack.length === 0) throw malformed('CDATA outside the root element');
      const end = expectEnd(']]>', lt + 9);
      appendText(xml.slice(lt + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<!', lt)) {
      throw malformed('a markup declaration');
    } else if (xml.startsWith('</', lt)) {
      const end = expectEnd('>', lt + 2);
      const qualified = xml.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (open === undefined || open.qualified !== qualified) throw malformed(`</${qualified}> closes nothing open`);
      i = end + 1;
    } else {
      const end = tagEnd(xml, lt + 1);
      const selfClosing = xml.charCodeAt(end - 1) === 0x2f; // '/'
      const tag = xml.slice(lt + 1, selfClosing ? end - 1 : end);
      const element = openElement(tag);
      const parent = stack.at(-1);
      if (parent !== undefined) parent.element.children.push(element);
      else if (root === undefined) root = element;
      else throw malformed('a second root element');
      if (!selfClosing) stack.push({ qualified: tag.split(/\s/, 1)[0], element });
      i = end + 1;
    }
  }
  if (root === undefined) throw malformed('no root element');
  if (stack.length > 0) throw malformed(`<${stack.at(-1)!.qualified}> is never closed`);
  return root;
}

/** The `>` that ends a start tag, skipping any inside quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i += 1) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
    else if (c === 0x3c) break;
  }
  throw malformed('an unterminated start tag');
}

const ATTRIBUTE = /\s*([^\s=]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

function openElement(tag: string): XmlElement {
  const nameEnd = tag.search(/\s|$/);
  const qualified = tag.slice(0, nameEnd);
  if (!NAME.test(qualified)) throw malformed('a bad element name');
  let nil = false;
  ATTRIBUTE.lastIndex = nameEnd;
  let position = nameEnd;
  for (let match = ATTRIBUTE.exec(tag); match !== null; match = ATTRIBUTE.exec(tag)) {
    const value = decode(match[2] ?? match[3] ?? '');
    if (localName(match[1]) === 'nil' && (value === 'true' || value === '1')) nil = true;
    position = ATTRIBUTE.lastIndex;
  }
  if (tag.slice(position).trim() !== '') throw malformed(`a bad attribute in <${qualified}>`);
  return { name: localName(qualified), nil, children: [], text: '' };
}
