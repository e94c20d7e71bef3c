/**
 * Scalars of the fast YAML path: the YAML 1.2 core schema exactly as the `yaml` package (v2)
 * resolves plain scalars, and single-line quoted scalars. `Unsupported` makes the reader fall
 * back to the `yaml` package.
 */
export class Unsupported extends Error {}

export function unsupported(): never {
  throw new Unsupported();
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** First characters that make a plain scalar something else (or need care) in YAML. */
const RESERVED_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Resolve a plain scalar with the core schema. */
export function resolvePlain(text: string): unknown {
  if (NULL.test(text)) return null;
  const first = text.charCodeAt(0);
  // Fast exit: only these can start a non-string.
  const maybeNumber = first === 43 || first === 45 || first === 46 || (first >= 48 && first <= 57); // + - . 0-9
  const maybeBool = first === 70 || first === 84 || first === 102 || first === 116; // F T f t
  if (!maybeNumber && !maybeBool) return text;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT_SPECIAL.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** A plain scalar may not start with an indicator (except `-` before a non-space, as in `-1`). */
export function checkPlainStart(text: string): void {
  if (RESERVED_START.test(text) && !(text[0] === '-' && text.length > 1 && text[1] !== ' ')) unsupported();
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  'a': '\x07',
  'b': '\b',
  't': '\t',
  '\t': '\t',
  'n': '\n',
  'v': '\v',
  'f': '\f',
  'r': '\r',
  'e': '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  'N': '\u0085',
  '_': '\u00a0',
  'L': '\u2028',
  'P': '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A quoted scalar starting at `start`; returns its value and the index after the closing quote. */
export function readQuoted(s: string, start: number): [string, number] {
  const quote = s[start];
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const ch = s[i];
    if (quote === "'" && ch === "'") {
      if (s[i + 1] === "'") { out += "'"; i += 2; continue; }
      return [out, i + 1];
    }
    if (quote === '"' && ch === '"') return [out, i + 1];
    if (quote === '"' && ch === '\\') {
      const e = s[i + 1];
      if (e === undefined) unsupported();
      if (e in HEX_LENGTH) {
        const hex = s.slice(i + 2, i + 2 + HEX_LENGTH[e]);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_LENGTH[e]) unsupported();
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + hex.length;
        continue;
      }
      if (!(e in ESCAPES)) unsupported();
      out += ESCAPES[e];
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  return unsupported(); // continues on the next line: multi-line quoted scalars take the slow path
}
