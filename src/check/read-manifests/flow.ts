/**
 * Flow collections (`[a, b]`, `{k: v}`) for the fast YAML path. The reader joins one that goes
 * on over several lines into one line first (flowBalance tells where it ends).
 */
import { checkDepth } from './limits';
import { readQuoted, scanQuoted } from './quoted';
import { checkPlainStart, resolvePlain, trimSpacesEnd, unsupported } from './scalars';

function skipSpaces(s: string, i: number): number {
  while (s[i] === ' ') i++;
  return i;
}

/** Parse the flow node at `i`, inside `depth` collections; returns the value and the index after it. */
export function readFlow(s: string, i: number, depth: number): [unknown, number] {
  i = skipSpaces(s, i);
  const ch = s[i];
  if (ch === '[') return readFlowSequence(s, i + 1, depth + 1);
  if (ch === '{') return readFlowMapping(s, i + 1, depth + 1);
  if (ch === '"' || ch === "'") return readQuoted(s, i);
  return readFlowPlain(s, i);
}

function readFlowPlain(s: string, i: number): [unknown, number] {
  let j = i;
  while (j < s.length) {
    const c = s[j];
    if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break;
    if (c === ':' && (j + 1 === s.length || ' ,]}'.includes(s[j + 1]))) break;
    if (c === '#' && s[j - 1] === ' ') unsupported();
    j++;
  }
  const text = trimSpacesEnd(s.slice(i, j));
  if (text === '') unsupported(); // `[, a]` is an error; an empty mapping value is handled by the mapping
  checkPlainStart(text);
  return [resolvePlain(text), j];
}

function readFlowSequence(s: string, i: number, depth: number): [unknown[], number] {
  checkDepth(depth);
  const items: unknown[] = [];
  for (;;) {
    i = skipSpaces(s, i);
    if (s[i] === ']') return [items, i + 1];
    const [value, next] = readFlow(s, i, depth);
    i = skipSpaces(s, next);
    if (s[i] === ':') unsupported(); // `[a: b]` single-pair mappings
    items.push(value);
    if (s[i] === ',') i++;
    else if (s[i] !== ']') unsupported();
  }
}

function readFlowMapping(s: string, i: number, depth: number): [Record<string, unknown>, number] {
  checkDepth(depth);
  const map: Record<string, unknown> = {};
  for (;;) {
    i = skipSpaces(s, i);
    if (s[i] === '}') return [map, i + 1];
    const [key, afterKey] = readFlow(s, i, depth);
    if (typeof key !== 'string' || key in map || key === '__proto__') unsupported();
    i = skipSpaces(s, afterKey);
    if (s[i] !== ':') unsupported();
    const valueStart = skipSpaces(s, i + 1);
    const [value, afterValue] = s[valueStart] === ',' || s[valueStart] === '}' ? [null, valueStart] : readFlow(s, valueStart, depth);
    map[key] = value;
    i = skipSpaces(s, afterValue);
    if (s[i] === ',') i++;
    else if (s[i] !== '}') unsupported();
  }
}

/**
 * How many flow collections `text` leaves open, counting from `open` already open. Declines a
 * quoted scalar that goes on to the next line, and a comment while a collection is still open.
 */
export function flowBalance(text: string, open = 0): number {
  let depth = open;
  let scalarStart = true; // a quote starts a quoted scalar only where a scalar starts, else it is text
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') continue;
    const atStart = scalarStart;
    scalarStart = ch === '[' || ch === '{' || ch === ',' || ch === ':';
    if ((ch === '"' || ch === "'") && atStart) {
      const quoted = scanQuoted(text, i) ?? unsupported();
      i = quoted[1] - 1;
    } else if (ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return -open;
    } else if (ch === '#' && (i === 0 || text[i - 1] === ' ')) {
      unsupported();
    }
  }
  return depth - open;
}
