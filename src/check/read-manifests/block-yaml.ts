/**
 * A fast reader for the block-style YAML that manifests are written in (what cdk8s, kubectl and
 * people produce: block mappings and sequences, plain and single-line quoted scalars, single-line
 * flow collections, literal block scalars, comments). The `yaml` package needs ~0.4 ms per
 * document, too slow for fleets of 20,000; this path is ~20x faster. Anything outside the subset
 * (anchors, tags, folded or multi-line quoted scalars, complex keys, tabs, directives, duplicate
 * keys, errors...) returns undefined and the caller uses the `yaml` package for the whole file, so
 * results and error messages are always the `yaml` package's. Tests compare both on generated input.
 * Nesting is bounded (MAX_DEPTH): a deeper document is a LimitExceeded value, never a stack overflow.
 */
import { readFlow } from './flow';
import { checkDepth, TooDeep, tooDeep } from './limits';
import { checkPlainStart, readQuoted, resolvePlain, Unsupported, unsupported } from './scalars';

interface Line {
  indent: number;
  /** Text after the indentation, trailing spaces removed. */
  text: string;
  /** Text after the indentation as written (literal block scalars keep trailing spaces). */
  raw: string;
}

const DOCUMENT_START = /^---(?: +(?:#.*)?)?$/;

/**
 * Every document of `text` as the `yaml` package's parseAllDocuments(...).map(d => d.toJS()) gives it
 * (a too-deep document as a LimitExceeded), or undefined.
 */
export function parseBlockYaml(text: string): unknown[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const raw = text.split('\n');
    if (raw[raw.length - 1] === '') raw.pop(); // the newline ending the last line
    return splitDocuments(raw).map(readDocument);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function readDocument(lines: Line[]): unknown {
  try {
    return new DocumentReader(lines).read();
  } catch (e) {
    if (e instanceof TooDeep) return tooDeep();
    throw e;
  }
}

function splitDocuments(raw: string[]): Line[][] {
  const documents: Line[][] = [];
  let current: Line[] = [];
  let started = false;
  for (const r of raw) {
    if (r.startsWith('---') && (r.length === 3 || r[3] === ' ')) {
      if (!DOCUMENT_START.test(r)) unsupported(); // content on the marker line
      if (started || current.some(hasContent)) documents.push(current);
      current = [];
      started = true;
      continue;
    }
    if (r.startsWith('...') || r.startsWith('%')) unsupported();
    let indent = 0;
    while (r.charCodeAt(indent) === 32) indent++;
    const rest = r.slice(indent);
    current.push({ indent, text: rest.trimEnd(), raw: rest });
  }
  if (started || current.some(hasContent)) documents.push(current);
  return documents;
}

function hasContent(line: Line): boolean {
  return line.text !== '' && line.text[0] !== '#';
}

/** Index of the `:` that ends a block mapping key, or -1 when the text is not `key: ...`. */
function keyEnd(text: string): number {
  const first = text[0];
  if (first === '"' || first === "'") {
    const [, end] = readQuoted(text, 0);
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
  return hash < 0 ? text : text.slice(0, hash).trimEnd();
}

class DocumentReader {
  private pos = 0;

  constructor(private readonly lines: Line[]) {}

  read(): unknown {
    this.skipEmpty();
    if (this.pos >= this.lines.length) return null;
    const value = this.node(this.lines[this.pos].indent, -1, 0);
    this.skipEmpty();
    if (this.pos < this.lines.length) unsupported(); // trailing content at a lower indentation
    return value;
  }

  private skipEmpty(): void {
    while (this.pos < this.lines.length && !hasContent(this.lines[this.pos])) this.pos++;
  }

  /**
   * The block node whose first line is the current one, at `indent`; `parent` is the enclosing
   * indentation, `depth` the number of collections around it.
   */
  private node(indent: number, parent: number, depth: number): unknown {
    const line = this.lines[this.pos];
    if (isSequenceEntry(line.text)) return this.sequence(indent, depth + 1);
    if (keyEnd(line.text) >= 0) return this.mapping(indent, depth + 1);
    this.pos++;
    return this.inlineValue(line.text, parent, depth);
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    checkDepth(depth);
    const map: Record<string, unknown> = {};
    for (;;) {
      this.skipEmpty();
      if (this.pos >= this.lines.length) return map;
      const line = this.lines[this.pos];
      if (line.indent < indent) return map;
      if (line.indent > indent) unsupported();
      if (isSequenceEntry(line.text)) {
        return map; // an indentless sequence ends here only when it belongs to a parent key
      }
      const end = keyEnd(line.text);
      if (end < 0) unsupported();
      const key = this.key(line.text.slice(0, end));
      if (key in map || key === '__proto__') unsupported(); // duplicate keys: let `yaml` report them
      const rest = line.text.slice(end + 1).trimStart();
      this.pos++;
      map[key] = rest === '' || rest[0] === '#' ? this.nested(indent, true, depth) : this.inlineValue(rest, indent, depth);
    }
  }

  private key(text: string): string {
    if (text[0] === '"' || text[0] === "'") return readQuoted(text, 0)[0];
    const plain = text.trimEnd();
    if (plain === '' || plain.includes(' #')) unsupported();
    checkPlainStart(plain);
    const value = resolvePlain(plain);
    if (typeof value !== 'string') unsupported(); // `1:`, `true:`, `null:` keys
    return value;
  }

  /** The value of `key:` or `-` with nothing after it: a more indented node, an indentless sequence, or null. */
  private nested(indent: number, allowIndentlessSequence: boolean, depth: number): unknown {
    this.skipEmpty();
    if (this.pos >= this.lines.length) return null;
    const next = this.lines[this.pos];
    if (next.indent > indent) return this.node(next.indent, indent, depth);
    if (allowIndentlessSequence && next.indent === indent && isSequenceEntry(next.text)) return this.sequence(indent, depth + 1);
    return null;
  }

  private sequence(indent: number, depth: number): unknown[] {
    checkDepth(depth);
    const items: unknown[] = [];
    for (;;) {
      this.skipEmpty();
      if (this.pos >= this.lines.length) return items;
      const line = this.lines[this.pos];
      if (line.indent !== indent || !isSequenceEntry(line.text)) {
        if (line.indent > indent) unsupported();
        return items;
      }
      const rest = line.text.slice(1).trimStart();
      if (rest === '' || rest[0] === '#') {
        this.pos++;
        items.push(this.nested(indent, false, depth));
        continue;
      }
      if (isSequenceEntry(rest)) unsupported(); // `- - x`
      const column = indent + line.text.length - rest.length;
      if (keyEnd(rest) >= 0) {
        // `- key: value`: a mapping at the column of `key`; reread this line as its first entry.
        this.lines[this.pos] = { indent: column, text: rest, raw: rest };
        items.push(this.mapping(column, depth + 1));
      } else {
        this.pos++;
        items.push(this.inlineValue(rest, indent, depth));
      }
    }
  }

  /** A value on the same line as its key or dash; continuation lines must be indented beyond `parent`. */
  private inlineValue(text: string, parent: number, depth: number): unknown {
    const first = text[0];
    if (first === '"' || first === "'") {
      const [value, end] = readQuoted(text, 0);
      this.expectLineEnd(text, end, parent);
      return value;
    }
    if (first === '[' || first === '{') {
      const [value, end] = readFlow(text, 0, depth);
      this.expectLineEnd(text, end, parent);
      return value;
    }
    if (first === '|') return this.literal(text, parent);
    const plain = plainPart(text);
    checkPlainStart(plain);
    if (keyEnd(plain) >= 0 || plain.endsWith(':')) unsupported(); // `a: b: c`
    return this.continuedPlain(plain, parent);
  }

  private expectLineEnd(text: string, end: number, parent: number): void {
    const rest = text.slice(end).trimStart();
    if (rest !== '' && rest[0] !== '#') unsupported();
    this.skipEmpty();
    // A more indented line would continue the scalar over several lines: slow path.
    if (this.pos < this.lines.length && this.lines[this.pos].indent > parent) unsupported();
  }

  /** A plain scalar, folded across more-indented continuation lines. */
  private continuedPlain(first: string, parent: number): unknown {
    let value = first;
    let folded = false;
    let blank = 0;
    let i = this.pos;
    while (i < this.lines.length) {
      const line = this.lines[i];
      if (line.text === '') { blank++; i++; continue; }
      if (line.indent <= parent || line.text[0] === '#') break;
      if (parent < 0 && line.indent === 0) break;
      const part = line.text;
      if (part.includes(' #') || keyEnd(part) >= 0 || part.endsWith(':') || isSequenceEntry(part)) unsupported();
      value += blank === 0 ? ` ${part}` : '\n'.repeat(blank) + part;
      folded = true;
      blank = 0;
      i++;
      this.pos = i;
    }
    return folded ? value : resolvePlain(value);
  }

  /** `|`, `|-`, `|+` literal block scalars (folded `>` and indentation indicators take the slow path). */
  private literal(header: string, parent: number): string {
    const m = /^\|([-+]?)(?: +#.*)?$/.exec(header);
    if (!m) unsupported();
    const chomp = m[1];
    const body: string[] = [];
    let contentIndent = -1;
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.text === '') {
        if (contentIndent < 0) unsupported(); // leading blank lines
        if (line.indent > contentIndent) unsupported(); // whitespace that is content
        body.push('');
        this.pos++;
        continue;
      }
      if (line.indent <= parent) break;
      if (contentIndent < 0) contentIndent = line.indent;
      if (line.indent < contentIndent) unsupported();
      body.push(' '.repeat(line.indent - contentIndent) + line.raw);
      this.pos++;
    }
    if (contentIndent < 0) unsupported();
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') { body.pop(); trailing++; }
    const content = body.join('\n');
    if (chomp === '-') return content;
    if (chomp === '+') return content + '\n'.repeat(trailing + 1);
    return content + '\n';
  }
}
