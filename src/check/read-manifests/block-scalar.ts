/**
 * Literal (`|`) and folded (`>`) block scalars of the fast YAML path, with chomping (`-`, `+`) and
 * indentation indicators (YAML 1.2 spec 8.1). Folding follows 8.1.3: a line break between two
 * lines that start with text becomes a space, n empty lines between them n line feeds, and breaks
 * next to a more-indented line are kept.
 */
import { unsupported } from './scalars';

export interface BlockScalarHeader {
  readonly folded: boolean;
  readonly chomp: '' | '-' | '+';
  /** The indentation indicator (1-9), or undefined to detect it from the first line of content. */
  readonly indent?: number;
}

const HEADER = /^([|>])(?:([1-9])([-+]?)|([-+])([1-9]?)|)(?: +#.*)?$/;

export function blockScalarHeader(text: string): BlockScalarHeader {
  const m = HEADER.exec(text) ?? unsupported();
  const indent = m[2] ?? (m[5] || undefined);
  return { folded: m[1] === '>', chomp: (m[3] ?? m[4] ?? '') as '' | '-' | '+', indent: indent === undefined ? undefined : Number(indent) };
}

/**
 * The value from the scalar's lines up to the last with content, without the content indentation
 * and joined with line breaks, and the number of empty lines after them.
 */
export function blockScalarValue(header: BlockScalarHeader, lines: string, trailingEmpty: number): string {
  const content = header.folded ? fold(lines.split('\n')) : lines;
  if (header.chomp === '-') return content;
  if (header.chomp === '+') return content + '\n'.repeat(trailingEmpty + 1);
  return `${content}\n`;
}

function fold(lines: readonly string[]): string {
  let out = '';
  let empty = 0;
  let started = false;
  let moreIndented = false;
  for (const line of lines) {
    if (line === '') {
      empty++;
      continue;
    }
    if (line[0] === ' ') {
      out += '\n'.repeat(started ? empty + 1 : empty);
      moreIndented = true;
    } else if (moreIndented) {
      out += '\n'.repeat(empty + 1);
      moreIndented = false;
    } else if (empty > 0) {
      out += '\n'.repeat(empty);
    } else if (started) {
      out += ' ';
    }
    out += line;
    started = true;
    empty = 0;
  }
  return out;
}
