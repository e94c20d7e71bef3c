/**
 * The lines of a YAML text for the fast reader, as offsets into the text instead of a string and
 * an object per line: a 20,000-document fleet has a million lines, and most of them (dashboards,
 * rules) are read as part of a block scalar, which is cut from the text in one piece.
 */
import { unsupported } from './scalars';

const DOCUMENT_START = /^---(?: +(?:#.*)?)?$/;
const DOCUMENT_END = /^\.\.\.(?: +(?:#.*)?)?$/;

export class LineTable {
  /** Offset of each line's first character. */
  private readonly starts: Int32Array;
  /** Offset after each line's last character that is not a space (the line break is not part of it). */
  private readonly textEnds: Int32Array;
  /** Offset of each line's line break (or the text's end). */
  private readonly rawEnds: Int32Array;
  /**
   * Spaces before each line's content. The reader may move it right, to reread `- key: value` as
   * a mapping at the column of `key`.
   */
  readonly indents: Int32Array;
  readonly count: number;

  constructor(readonly source: string) {
    let n = 1;
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) n++;
    if (source.endsWith('\n')) n--; // the newline ending the last line
    this.starts = new Int32Array(n);
    this.textEnds = new Int32Array(n);
    this.rawEnds = new Int32Array(n);
    this.indents = new Int32Array(n);
    this.count = n;
    let start = 0;
    for (let line = 0; line < n; line++) {
      let end = source.indexOf('\n', start);
      if (end < 0) end = source.length;
      let indent = start;
      while (source.charCodeAt(indent) === 32) indent++;
      let textEnd = end;
      while (textEnd > indent && source.charCodeAt(textEnd - 1) === 32) textEnd--;
      this.starts[line] = start;
      this.indents[line] = indent - start;
      this.textEnds[line] = textEnd;
      this.rawEnds[line] = end;
      start = end + 1;
    }
  }

  /** The line after its indentation, trailing spaces removed. */
  text(line: number): string {
    return this.source.slice(this.starts[line] + this.indents[line], this.textEnds[line]);
  }

  /** The line after its indentation, as written (trailing spaces kept). */
  raw(line: number): string {
    return this.source.slice(this.starts[line] + this.indents[line], this.rawEnds[line]);
  }

  /** Only spaces. */
  isEmpty(line: number): boolean {
    return this.starts[line] + this.indents[line] === this.textEnds[line];
  }

  /** Neither empty nor a comment. */
  hasContent(line: number): boolean {
    const at = this.starts[line] + this.indents[line];
    return at !== this.textEnds[line] && this.source.charCodeAt(at) !== 35; // #
  }

  /** The character at `column` of the line's content. */
  charAt(line: number, column: number): string {
    const at = this.starts[line] + this.indents[line] + column;
    return at < this.textEnds[line] ? this.source[at] : '';
  }

  /**
   * Lines `from` to `to` (exclusive), each without its first `indent` characters (which the
   * caller knows to be spaces, or the line to be empty), joined with line breaks.
   */
  dedented(from: number, to: number, indent: number): string {
    const parts: string[] = [];
    for (let i = from; i < to; i++) {
      parts.push(this.isEmpty(i) ? '' : this.source.slice(this.starts[i] + indent, this.rawEnds[i]));
    }
    return parts.join('\n');
  }

  /**
   * The documents: ranges of lines between document markers (`---`, `...`); marker lines with
   * content after them, and directives, take the slow path.
   */
  documents(): Array<[number, number]> {
    const documents: Array<[number, number]> = [];
    let from = 0;
    let started = false;
    const close = (to: number) => {
      if (started || this.anyContent(from, to)) documents.push([from, to]);
    };
    for (let i = 0; i < this.count; i++) {
      if (this.indents[i] !== 0) continue;
      const first = this.source.charCodeAt(this.starts[i]);
      if (first !== 45 && first !== 46 && first !== 37) continue; // - . %
      const text = this.text(i);
      const marker = text.slice(0, 3);
      if ((marker === '---' || marker === '...') && (text.length === 3 || text[3] === ' ')) {
        if (!(marker === '---' ? DOCUMENT_START : DOCUMENT_END).test(text)) unsupported(); // content on the marker line
        close(i);
        from = i + 1;
        started = marker === '---';
      } else if (first === 37) {
        unsupported(); // a directive
      }
    }
    close(this.count);
    return documents;
  }

  private anyContent(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.hasContent(i)) return true;
    return false;
  }
}
