import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Classic API's contract, committed beside this file. */
export const CASEWORK_WSDL_PATH = fileURLToPath(new URL('./casework-classic.wsdl', import.meta.url));

export interface ClassicOperation {
  readonly requestElement: string;
  readonly responseElement: string;
  readonly soapAction: string;
}

export interface ClassicContract {
  readonly operations: ReadonlyMap<string, ClassicOperation>;
  /** Elements the schema lets repeat (maxOccurs > 1): read as arrays even when one is present, as node-soap does. */
  readonly repeatable: ReadonlySet<string>;
}

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const local = (qualified: string | undefined): string | undefined => qualified?.slice(qualified.indexOf(':') + 1);
const tags = (wsdl: string, element: string): string[] => [...wsdl.matchAll(new RegExp(`<(?:\\w+:)?${element}\\b[^>]*>`, 'g'))].map(([tag]) => tag);

/**
 * What the envelopes need from a document/literal WSDL: each operation's request and response
 * element (portType → message → part) and SOAPAction (binding), and the repeatable elements.
 * Read from our own committed file, never from the network; checked against node-soap's
 * reading of the same WSDL in casework-wsdl.spec.ts.
 */
export function readClassicContract(wsdl: string): ClassicContract {
  const partElement = new Map<string, string>();
  for (const [, name, body] of wsdl.matchAll(/<(?:\w+:)?message\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/(?:\w+:)?message>/g)) {
    const element = local(attribute(tags(body, 'part')[0] ?? '', 'element'));
    if (element !== undefined) partElement.set(name, element);
  }
  const soapActions = new Map<string, string>();
  const bindings = [...wsdl.matchAll(/<(?:\w+:)?binding\b[\s\S]*?<\/(?:\w+:)?binding>/g)].map(([binding]) => binding).join('');
  for (const [, name, body] of bindings.matchAll(/<(?:\w+:)?operation\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/(?:\w+:)?operation>/g)) {
    const action = attribute(tags(body, 'operation')[0] ?? '', 'soapAction');
    if (action !== undefined) soapActions.set(name, action);
  }
  const operations = new Map<string, ClassicOperation>();
  const portType = /<(?:\w+:)?portType\b[\s\S]*?<\/(?:\w+:)?portType>/.exec(wsdl)?.[0] ?? '';
  for (const [, name, body] of portType.matchAll(/<(?:\w+:)?operation\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/(?:\w+:)?operation>/g)) {
    const requestElement = partElement.get(local(attribute(tags(body, 'input')[0] ?? '', 'message')) ?? '');
    const responseElement = partElement.get(local(attribute(tags(body, 'output')[0] ?? '', 'message')) ?? '');
    const soapAction = soapActions.get(name);
    if (requestElement && responseElement && soapAction !== undefined) operations.set(name, { requestElement, responseElement, soapAction });
  }
  const repeatable = new Set<string>();
  for (const tag of tags(wsdl, 'element')) {
    const name = attribute(tag, 'name');
    const maxOccurs = attribute(tag, 'maxOccurs');
    if (name !== undefined && maxOccurs !== undefined && (maxOccurs === 'unbounded' || Number(maxOccurs) > 1)) repeatable.add(name);
  }
  return { operations, repeatable };
}

let committed: ClassicContract | undefined;

/** The committed WSDL's contract, read once. */
export const classicContract = (): ClassicContract => (committed ??= readClassicContract(readFileSync(CASEWORK_WSDL_PATH, 'utf8')));
