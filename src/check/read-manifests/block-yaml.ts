/**
 * A fast reader for the YAML that manifests are written in, by cdk8s, kubectl, `yaml.stringify`
 * or by hand: block mappings and sequences (indented or not), plain scalars (also over several
 * lines), quoted scalars (also over several lines), flow collections (also over several lines),
 * literal and folded block scalars with chomping and indentation indicators, comments, anchors and
 * aliases, and document markers. The `yaml` package needs ~0.4 ms per document, too slow for
 * fleets of 20,000; this path is ~20x faster. Anything outside the subset (tags, complex keys,
 * tabs, directives, duplicate keys, errors...) returns undefined and the caller uses the `yaml`
 * package for the whole file, so results and error messages are always the `yaml` package's.
 * Tests compare both on generated documents in every `yaml.stringify` style.
 * Limits hold on this path too: nesting deeper than MAX_DEPTH is a LimitExceeded value, never a
 * stack overflow; an alias that would deepen a document past it, or an anchor used more than
 * MAX_ALIAS_COUNT times, sends the file to the `yaml` package, which reports the limit.
 */
import { BlockScalarHeader, blockScalarHeader, blockScalarValue } from './block-scalar';
import { flowBalance, readFlow } from './flow';
import { checkDepth, MAX_ALIAS_COUNT, MAX_DEPTH, TooDeep, tooDeep } from './limits';
import { LineTable } from './lines';
import { readMultiLineQuoted, readQuoted, scanQuoted } from './quoted';
import { checkPlainStart, resolvePlain, trimSpacesEnd, trimSpacesStart, Unsupported, unsupported } from './scalars';

/** `&name` (anchor) or `*name` (alias): any characters but white space and flow indicators. */
const NODE_NAME = /^[&*]([^ ,[\]{}]+)(?: +|$)/;

/**
 * Every document of `text` as the `yaml` package's parseAllDocuments(...).map(d => d.toJS()) gives it
 * (a too-deep document as a LimitExceeded), or undefined.
 */
export function parseBlockYaml(text: string): unknown[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const lines = new LineTable(text);
    return lines.documents().map(([from, to]) => readDocument(lines, from, to));
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function readDocument(lines: LineTable, from: number, to: number): unknown {
  try {
    return new DocumentReader(lines, from, to).read();
  } catch (e) {
    if (e instanceof TooDeep) return tooDeep();
    throw e;
  }
}

/** Index of the `:` that ends a block mapping key, or -1 when the text is not `key: ...`. */
function keyEnd(text: string): number {
  const first = text[0];
  if (first === '[' || first === '{') return -1; // a flow collection (as a key it takes the slow path)
  if (first === '"' || first === "'") {
    const quoted = scanQuoted(text, 0);
    if (!quoted) return -1; // a quoted scalar going on over lines is a value, never a key
    const end = quoted[1];
    return text[end] === ':' && (end + 1 === text.length || text[end + 1] === ' ') ? end : -1;
  }
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    if (i + 1 === text.length || text[i + 1] === ' ') return i;
  }
  return -1;
}

function isSequenceEntry(text: string): boolean {
  return text[0] === '-' && (text.length === 1 || text[1] === ' ');
}

/** Strip a trailing ` #comment` from a plain value. */
function plainPart(text: string): string {
  const hash = text.indexOf(' #');
  return hash < 0 ? text : trimSpacesEnd(text.slice(0, hash));
}

/** First index at or after `from` in `text` that is not a space. */
function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

interface Anchor {
  readonly value: unknown;
  uses: number;
}

/** Reads lines `pos` to `end` (exclusive) of the table as one document. */
class DocumentReader {
  private readonly anchors = new Map<string, Anchor>();
  /** Anchored nodes being read: an alias inside one takes the slow path (cycles, alias bombs). */
  private openAnchors = 0;
  private readonly indents: Int32Array;

  constructor(private readonly lines: LineTable, private pos: number, private readonly end: number) {
    this.indents = lines.indents;
  }

  read(): unknown {
    this.skipEmpty();
    if (this.pos >= this.end) return null;
    const value = this.node(this.indents[this.pos], -1, 0);
    this.skipEmpty();
    if (this.pos < this.end) unsupported(); // trailing content at a lower indentation
    return value;
  }

  private skipEmpty(): void {
    while (this.pos < this.end && !this.lines.hasContent(this.pos)) this.pos++;
  }

  /**
   * The block node whose first line is the current one, at `indent`; `parent` is the enclosing
   * indentation, `depth` the number of collections around it.
   */
  private node(indent: number, parent: number, depth: number): unknown {
    const line = this.pos;
    const text = this.lines.text(line);
    if (isSequenceEntry(text)) return this.sequence(indent, depth + 1);
    if (keyEnd(text) >= 0) return this.mapping(indent, depth + 1);
    this.pos++;
    return this.inlineValue(text, line, 0, parent, depth);
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    checkDepth(depth);
    const map: Record<string, unknown> = {};
    for (;;) {
      this.skipEmpty();
      if (this.pos >= this.end) return map;
      const line = this.pos;
      const lineIndent = this.indents[line];
      if (lineIndent < indent) return map;
      if (lineIndent > indent) unsupported();
      const text = this.lines.text(line);
      if (isSequenceEntry(text)) {
        return map; // an indentless sequence ends here only when it belongs to a parent key
      }
      const colon = keyEnd(text);
      if (colon < 0) unsupported();
      const key = this.key(text.slice(0, colon));
      if (key in map || key === '__proto__') unsupported(); // duplicate keys: let `yaml` report them
      this.pos++;
      map[key] = this.entryValue(text, line, colon + 1, indent, true, depth);
    }
  }

  private key(text: string): string {
    if (text[0] === '"' || text[0] === "'") return readQuoted(text, 0)[0];
    const plain = trimSpacesEnd(text);
    if (plain === '' || plain.includes(' #')) unsupported();
    checkPlainStart(plain);
    const value = resolvePlain(plain);
    if (typeof value !== 'string') unsupported(); // `1:`, `true:`, `null:` keys
    return value;
  }

  /**
   * The value after `key:` or `-`, from index `from` of the already consumed line's `lineText`: on
   * the same line, or below it, with an optional anchor before it, or an alias.
   */
  private entryValue(lineText: string, line: number, from: number, indent: number, allowIndentlessSequence: boolean, depth: number): unknown {
    const column = skipSpaces(lineText, from);
    if (column === lineText.length || lineText[column] === '#') return this.nested(indent, allowIndentlessSequence, depth);
    const text = lineText.slice(column);
    if (text[0] === '*') return this.alias(text, indent, depth);
    if (text[0] !== '&') return this.inlineValue(text, line, column, indent, depth);
    const m = NODE_NAME.exec(text) ?? unsupported();
    const after = m[0].length;
    if (text[after] === '&' || text[after] === '*') unsupported();
    this.openAnchors++;
    const value = after === text.length || text[after] === '#'
      ? this.nested(indent, allowIndentlessSequence, depth)
      : this.inlineValue(text.slice(after), line, column + after, indent, depth);
    this.openAnchors--;
    this.anchors.set(m[1], { value, uses: 0 });
    return value;
  }

  /** `*name`: the anchored value itself (the `yaml` package's toJS shares it the same way). */
  private alias(text: string, parent: number, depth: number): unknown {
    const m = NODE_NAME.exec(text);
    const anchor = m && this.anchors.get(m[1]);
    if (!m || !anchor || this.openAnchors > 0 || m[1].endsWith(':')) unsupported();
    if (++anchor.uses > MAX_ALIAS_COUNT || depth + height(anchor.value) > MAX_DEPTH) unsupported();
    this.expectLineEnd(text, m[0].length, parent);
    return anchor.value;
  }

  /** The value of `key:` or `-` with nothing after it: a more indented node, an indentless sequence, or null. */
  private nested(indent: number, allowIndentlessSequence: boolean, depth: number): unknown {
    this.skipEmpty();
    if (this.pos >= this.end) return null;
    const next = this.indents[this.pos];
    if (next > indent) return this.node(next, indent, depth);
    if (allowIndentlessSequence && next === indent && isSequenceEntry(this.lines.text(this.pos))) return this.sequence(indent, depth + 1);
    return null;
  }

  private sequence(indent: number, depth: number): unknown[] {
    checkDepth(depth);
    const items: unknown[] = [];
    for (;;) {
      this.skipEmpty();
      if (this.pos >= this.end) return items;
      const line = this.pos;
      const text = this.lines.text(line);
      if (this.indents[line] !== indent || !isSequenceEntry(text)) {
        if (this.indents[line] > indent) unsupported();
        return items;
      }
      const column = skipSpaces(text, 1);
      const after = text.slice(column);
      if (isSequenceEntry(after) || (after[0] !== '&' && after[0] !== '*' && keyEnd(after) >= 0)) {
        // `- - x` or `- key: value`: a sequence or mapping at the column after the dash; reread
        // this line from there as its first entry.
        this.indents[line] = indent + column;
        items.push(isSequenceEntry(after) ? this.sequence(indent + column, depth + 1) : this.mapping(indent + column, depth + 1));
      } else {
        this.pos++;
        items.push(this.entryValue(text, line, 1, indent, false, depth));
      }
    }
  }

  /**
   * A value on the same line as its key or dash (`text`, from `column` of the line's content);
   * continuation lines must be indented beyond `parent`.
   */
  private inlineValue(text: string, line: number, column: number, parent: number, depth: number): unknown {
    const first = text[0];
    if (first === '"' || first === "'") return this.quoted(this.lines.raw(line).slice(column), parent);
    if (first === '[' || first === '{') {
      const flow = this.flowText(text, parent);
      const [value, end] = readFlow(flow, 0, depth);
      this.expectLineEnd(flow, end, parent);
      return value;
    }
    if (first === '|' || first === '>') return this.blockScalar(blockScalarHeader(text), parent);
    const plain = plainPart(text);
    checkPlainStart(plain);
    if (keyEnd(plain) >= 0 || plain.endsWith(':')) unsupported(); // `a: b: c`
    return this.continuedPlain(plain, parent);
  }

  /** A quoted scalar at the start of `raw` (the rest of the current line), on one line or several. */
  private quoted(raw: string, parent: number): string {
    const single = scanQuoted(raw, 0);
    if (single) {
      this.expectLineEnd(raw, single[1], parent);
      return single[0];
    }
    const lines = [raw];
    for (let i = this.pos; i < this.end; i++) {
      if (!this.lines.isEmpty(i) && this.indents[i] <= parent) break; // yaml: not indented enough
      lines.push(this.lines.raw(i));
    }
    const [value, last, end] = readMultiLineQuoted(lines, 0);
    this.pos += last;
    this.expectLineEnd(lines[last], end, parent);
    return value;
  }

  /**
   * The text of a flow collection that starts on the current line; one that goes on over more
   * indented lines is joined with spaces (how a line break folds in flow context). Lines with a
   * comment, an empty line or a quoted scalar going on over lines inside it take the slow path.
   */
  private flowText(text: string, parent: number): string {
    let open = flowBalance(text);
    if (open === 0) return text;
    const parts = [text];
    while (open > 0) {
      if (this.pos >= this.end || this.lines.isEmpty(this.pos) || this.indents[this.pos] <= parent) unsupported();
      const next = this.lines.text(this.pos);
      parts.push(next);
      open += flowBalance(next, open);
      this.pos++;
    }
    return parts.join(' ');
  }

  private expectLineEnd(text: string, end: number, parent: number): void {
    const after = trimSpacesStart(text.slice(end));
    if (after !== '' && after[0] !== '#') unsupported();
    this.skipEmpty();
    // A more indented line would continue the scalar over several lines: slow path.
    if (this.pos < this.end && this.indents[this.pos] > parent) unsupported();
  }

  /** A plain scalar, folded across more-indented continuation lines. */
  private continuedPlain(first: string, parent: number): unknown {
    let value = first;
    let folded = false;
    let blank = 0;
    for (let i = this.pos; i < this.end; i++) {
      if (this.lines.isEmpty(i)) {
        blank++;
        continue;
      }
      const indent = this.indents[i];
      if (indent <= parent || this.lines.charAt(i, 0) === '#') break;
      if (parent < 0 && indent === 0) break;
      const part = this.lines.text(i);
      if (part.includes(' #') || keyEnd(part) >= 0 || part.endsWith(':') || isSequenceEntry(part)) unsupported();
      value += blank === 0 ? ` ${part}` : '\n'.repeat(blank) + part;
      folded = true;
      blank = 0;
      this.pos = i + 1;
    }
    return folded ? value : resolvePlain(value);
  }

  /** A literal or folded block scalar whose header ended the previous line. */
  private blockScalar(header: BlockScalarHeader, parent: number): string {
    // An indentation indicator counts from the parent collection's indentation (0 at the top).
    let contentIndent = header.indent === undefined ? -1 : Math.max(parent, 0) + header.indent;
    let leadingBlank = 0; // the widest empty line before the content (none may be wider than it)
    const from = this.pos;
    let last = -1; // the last line with content
    for (; this.pos < this.end; this.pos++) {
      const indent = this.indents[this.pos];
      if (this.lines.isEmpty(this.pos)) {
        if (contentIndent < 0) leadingBlank = Math.max(leadingBlank, indent);
        else if (indent > contentIndent) unsupported(); // white space that is content
        continue;
      }
      if (indent <= parent) break;
      if (contentIndent < 0) contentIndent = indent;
      if (indent < contentIndent) unsupported();
      last = this.pos;
    }
    if (last < 0 || leadingBlank > contentIndent) unsupported(); // no content: rare, let the `yaml` package decide
    return blockScalarValue(header, this.lines.dedented(from, last + 1, contentIndent), this.pos - last - 1);
  }
}

/** Collections nested in `value`, itself included (an alias must not deepen a document past MAX_DEPTH). */
function height(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let below = 0;
  for (const child of Object.values(value)) below = Math.max(below, height(child));
  return below + 1;
}
