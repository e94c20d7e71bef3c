/**
 * Quoted scalars of the fast YAML path, single-line and multi-line (YAML 1.2 spec 7.3.1-7.3.2:
 * a line break folds to a space, n empty lines to n line feeds, leading and trailing white space
 * of each line break is trimmed, and in double quotes `\` before a line break joins the lines).
 * Tabs never reach here (the reader declines them), so white space is only spaces.
 */
import { trimSpacesEnd, unsupported } from './scalars';

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
const HEX = /^[0-9a-fA-F]+$/;

/** How one line of a quoted scalar ended. */
interface LineScan {
  /** The line's content (escapes resolved; trailing spaces kept). */
  readonly out: string;
  /** Length of `out` without trailing literal spaces (they are trimmed at a folded line break). */
  readonly keep: number;
  /** Index after the closing quote, or -1 when the scalar continues on the next line. */
  readonly end: number;
  /** The line ended in `\` (double quotes): the break is escaped, not folded. */
  readonly escapedBreak: boolean;
}

function scanLine(s: string, start: number, quote: string): LineScan {
  let out = '';
  let keep = 0;
  let i = start;
  while (i < s.length) {
    const ch = s[i];
    if (ch === quote) {
      if (quote === "'" && s[i + 1] === "'") {
        out += "'";
        keep = out.length;
        i += 2;
        continue;
      }
      return { out, keep, end: i + 1, escapedBreak: false };
    }
    if (quote === '"' && ch === '\\') {
      const e = s[i + 1];
      if (e === undefined) return { out, keep: out.length, end: -1, escapedBreak: true };
      i += 2;
      if (e in HEX_LENGTH) {
        const hex = s.slice(i, i + HEX_LENGTH[e]);
        if (hex.length !== HEX_LENGTH[e] || !HEX.test(hex)) unsupported();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) unsupported();
        out += String.fromCodePoint(code);
        i += hex.length;
      } else {
        if (!(e in ESCAPES)) unsupported();
        out += ESCAPES[e];
      }
      keep = out.length;
      continue;
    }
    out += ch;
    if (ch !== ' ') keep = out.length;
    i++;
  }
  return { out, keep, end: -1, escapedBreak: false };
}

/** A quoted scalar on one line starting at `start`: its value and the index after it, or undefined if it goes on. */
export function scanQuoted(s: string, start: number): [string, number] | undefined {
  const line = scanLine(s, start + 1, s[start]);
  return line.end < 0 ? undefined : [line.out, line.end];
}

/** A quoted scalar that must close on this line (keys, flow collections). */
export function readQuoted(s: string, start: number): [string, number] {
  return scanQuoted(s, start) ?? unsupported();
}

/**
 * A quoted scalar starting at `start` of `lines[0]` and closing on a later line; `lines` are the
 * following lines without their indentation ('' for an empty line), as written (trailing spaces
 * kept). Returns the value, the index of the closing line and the index after the quote on it.
 */
export function readMultiLineQuoted(lines: readonly string[], start: number): [string, number, number] {
  const quote = lines[0][start];
  let value = '';
  let scan = scanLine(lines[0], start + 1, quote);
  let n = 0;
  for (;;) {
    if (scan.end >= 0) return [value + scan.out, n, scan.end];
    value += scan.escapedBreak ? scan.out : scan.out.slice(0, scan.keep);
    let empty = 0;
    n++;
    while (n < lines.length && trimSpacesEnd(lines[n]) === '') {
      empty++;
      n++;
    }
    if (n >= lines.length) unsupported(); // never closed: the `yaml` package reports it
    if (empty > 0) value += '\n'.repeat(empty);
    else if (!scan.escapedBreak) value += ' ';
    const line = lines[n];
    let first = 0;
    while (line[first] === ' ') first++;
    scan = scanLine(line, first, quote);
  }
}
