/**
 * Reversible, order-preserving encoding of our partitions and keys into Azure Table keys, which may not
 * hold `/ \ # ?` or control characters (and `%` trips some Azure front ends).
 *
 * Escaped characters come in contiguous runs of code points; each run has a lead character that is
 * itself in the run and allowed by Azure. A member of a run becomes `lead + two hex digits` of its code
 * point; every other character stays as it is. Because a run is contiguous, holds its lead, and the lead
 * never stands alone, the code is prefix-free and monotone per character: for ASCII (and all of the
 * BMP below the surrogates) encoded keys sort exactly as raw keys, and `a.startsWith(b)` holds after
 * encoding iff it held before — so list order, keyPrefix and afterKey keep their meaning.
 */
const RUNS: readonly { readonly lead: string; readonly from: number; readonly to: number }[] = [
  { lead: ' ', from: 0x00, to: 0x20 }, // control characters, space
  { lead: '$', from: 0x23, to: 0x25 }, // # $ %
  { lead: '.', from: 0x2e, to: 0x2f }, // . /
  { lead: '>', from: 0x3e, to: 0x3f }, // > ?
  { lead: '[', from: 0x5b, to: 0x5c }, // [ \
  { lead: '~', from: 0x7e, to: 0x9f }, // ~ DEL and the C1 controls
];

const LEAD_OF = new Map<number, string>();
for (const run of RUNS) for (let code = run.from; code <= run.to; code += 1) LEAD_OF.set(code, run.lead);
const LEADS = new Set(RUNS.map((run) => run.lead));

export function encodeAzureKey(raw: string): string {
  let encoded = '';
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    const lead = LEAD_OF.get(code);
    encoded += lead === undefined ? raw[i] : lead + code.toString(16).padStart(2, '0');
  }
  return encoded;
}

export function decodeAzureKey(encoded: string): string {
  let raw = '';
  for (let i = 0; i < encoded.length; i += 1) {
    const char = encoded[i];
    if (!LEADS.has(char)) {
      raw += char;
      continue;
    }
    const hex = encoded.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/.test(hex)) throw new Error('malformed Azure table key');
    raw += String.fromCharCode(parseInt(hex, 16));
    i += 2;
  }
  return raw;
}

/** The least string above every string that starts with `prefix`, or null when there is no safe one. */
export function prefixUpperBound(prefix: string): string | null {
  if (prefix.length === 0) return null;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd7ff) return null;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
