/** Single-line flow collections (`[a, b]`, `{k: v}`) for the fast YAML path. */
import { checkDepth } from './limits';
import { checkPlainStart, readQuoted, resolvePlain, unsupported } from './scalars';

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
  const text = s.slice(i, j).trimEnd();
  if (text === '') return [null, j];
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
    const [value, afterValue] = s[i + 1] === ',' || s[i + 1] === '}' ? [null, i + 1] : readFlow(s, i + 1, depth);
    map[key] = value;
    i = skipSpaces(s, afterValue);
    if (s[i] === ',') i++;
    else if (s[i] !== '}') unsupported();
  }
}
