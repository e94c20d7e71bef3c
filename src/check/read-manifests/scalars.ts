/**
 * Plain scalars of the fast YAML path: the YAML 1.2 core schema exactly as the `yaml` package (v2)
 * resolves them (quoted scalars are in quoted.ts). `Unsupported` makes the reader fall back to
 * the `yaml` package.
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

/** A plain scalar may not start with an indicator, except `-`, `?` or `:` before a non-space (`-1`, `?x`). */
export function checkPlainStart(text: string): void {
  const first = text[0];
  if (RESERVED_START.test(text) && !((first === '-' || first === '?' || first === ':') && text.length > 1 && text[1] !== ' ')) unsupported();
}

/**
 * `text` without trailing spaces. Only U+0020: String#trimEnd also removes Unicode spaces such
 * as U+00A0, which YAML keeps as content (tabs never reach the fast path).
 */
export function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` from its first character that is not a space. */
export function trimSpacesStart(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 32) start++;
  return start === 0 ? text : text.slice(start);
}
