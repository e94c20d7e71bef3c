import * as fs from 'fs';
import * as path from 'path';
import * as YAML from '../../vendor/yaml';

/**
 * The vendored CustomResourceDefinitions, indexed without parsing them: the files are large (KServe's
 * InferenceService alone is 2 MB of YAML, ~0.6 s to parse), so each CRD is parsed only when a document of
 * its kind is first checked. The index comes from a line scan of each CRD's header and `versions:` list;
 * a CRD the scan cannot read is parsed right away instead.
 */

export interface CrdHeader {
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Served version names. */
  readonly versions: readonly string[];
}

/** Where one `spec.versions[]` item sits in the CRD text: its lines and the column of its `-`. */
interface VersionSpan {
  readonly start: number;
  readonly end: number;
  readonly indent: number;
}

/**
 * One CRD document of one vendored file. `version()` parses only that version's item of the
 * `versions:` list when the scan located it (Istio repeats each schema for three versions), else the
 * whole CRD; `definition()` parses the whole CRD.
 */
export class CrdChunk {
  private parsed: Record<string, any> | undefined;
  private readonly versions = new Map<string, Record<string, any> | undefined>();

  constructor(
    readonly file: string,
    readonly header: CrdHeader,
    private readonly text: string | undefined,
    parsed?: Record<string, any>,
    private readonly spans: ReadonlyMap<string, VersionSpan> = new Map(),
  ) {
    this.parsed = parsed;
  }

  /** The whole CRD object. */
  definition(): Record<string, any> {
    if (!this.parsed) this.parsed = YAML.parse(this.text!) as Record<string, any>;
    return this.parsed;
  }

  /** The `spec.versions[]` entry named `version`. */
  version(version: string): Record<string, any> | undefined {
    if (!this.versions.has(version)) this.versions.set(version, this.parseVersion(version) ?? this.fromDefinition(version));
    return this.versions.get(version);
  }

  private fromDefinition(version: string): Record<string, any> | undefined {
    const versions: any[] = this.definition().spec?.versions ?? [];
    return versions.find(v => v?.name === version);
  }

  /** Parse just the item's lines, re-indented as a top-level mapping; undefined if that does not work out. */
  private parseVersion(version: string): Record<string, any> | undefined {
    const span = this.spans.get(version);
    if (!span || this.parsed || this.text === undefined) return undefined;
    const lines = this.text.split('\n').slice(span.start, span.end);
    const cut = span.indent + 2;
    lines[0] = ' '.repeat(cut) + lines[0].slice(cut);
    const body = lines.map(l => (l.slice(0, cut).trim() === '' ? l.slice(cut) : l.trimStart())).join('\n');
    try {
      const item = YAML.parse(body);
      return item && typeof item === 'object' && item.name === version ? item : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Every CRD under `crdDir` (recursively, `*.yaml`/`*.yml`, without the directories in `skip`), in file-name order. */
export function scanCrdDirectory(crdDir: string, skip: readonly string[] = []): CrdChunk[] {
  const chunks: CrdChunk[] = [];
  for (const file of yamlFiles(crdDir, new Set(skip))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const doc of text.split(/^---[ \t]*$/m)) {
      if (!/^kind:[ \t]*CustomResourceDefinition[ \t]*$/m.test(doc)) continue;
      const scanned = scanHeader(doc);
      if (scanned) {
        chunks.push(new CrdChunk(file, scanned.header, doc, undefined, scanned.spans));
      } else {
        const parsed = YAML.parse(doc) as Record<string, any>;
        chunks.push(new CrdChunk(file, headerOf(parsed), undefined, parsed));
      }
    }
  }
  return chunks;
}

/** The header of a parsed CRD object (also used by tests to check the line scan). */
export function headerOf(crd: Record<string, any>): CrdHeader {
  const spec = crd?.spec ?? {};
  return {
    group: String(spec.group),
    kind: String(spec.names?.kind),
    namespaced: spec.scope !== 'Cluster',
    versions: (spec.versions ?? []).filter((v: any) => v?.served !== false).map((v: any) => String(v.name)),
  };
}

/**
 * Read group, kind, scope and served versions from the YAML text by indentation. Returns undefined
 * when the layout is not the plain block style every generator emits, so the caller parses instead.
 */
export function scanHeader(doc: string): { header: CrdHeader; spans: Map<string, VersionSpan> } | undefined {
  const group = /^ {2}group:[ \t]*(\S+)[ \t]*$/m.exec(doc)?.[1];
  const kind = /^ {2}names:[ \t]*\n(?:(?: {4}.*| *)\n)*? {4}kind:[ \t]*(\S+)[ \t]*$/m.exec(doc)?.[1];
  const scope = /^ {2}scope:[ \t]*(\S+)[ \t]*$/m.exec(doc)?.[1];
  const items = scanVersions(doc);
  if (!group || !kind || !scope || !items) return undefined;
  const versions = items.filter(v => v.served === 'true').map(v => v.name!);
  if (versions.length === 0 || [group, kind, scope, ...versions].some(s => /["'{}[\]]/.test(s))) return undefined;
  const spans = new Map(items.map(v => [v.name!, { start: v.start, end: v.end, indent: v.indent }]));
  return { header: { group, kind, namespaced: scope !== 'Cluster', versions }, spans };
}

interface ScannedVersion {
  name?: string;
  served?: string;
  start: number;
  end: number;
  indent: number;
}

function scanVersions(doc: string): ScannedVersion[] | undefined {
  const lines = doc.split('\n');
  const start = lines.findIndex(l => /^ {2}versions:[ \t]*$/.test(l));
  if (start < 0) return undefined;
  let itemIndent = -1;
  const items: ScannedVersion[] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (itemIndent < 0) {
      if (line[indent] !== '-') return undefined;
      itemIndent = indent;
    }
    if (indent < itemIndent || (indent === itemIndent && line[indent] !== '-')) break;
    let keyLine: string | undefined;
    if (indent === itemIndent) {
      if (items.length > 0) items[items.length - 1].end = i;
      items.push({ start: i, end: lines.length, indent });
      keyLine = line.slice(indent + 1).trimStart();
    } else if (indent === itemIndent + 2) {
      keyLine = line.slice(indent);
    }
    const m = keyLine !== undefined ? /^(name|served):[ \t]*(\S+)[ \t]*$/.exec(keyLine) : null;
    if (m) items[items.length - 1][m[1] as 'name' | 'served'] = m[2];
  }
  if (items.length > 0) items[items.length - 1].end = i;
  if (items.some(v => !v.name || (v.served !== 'true' && v.served !== 'false'))) return undefined;
  return items;
}

function yamlFiles(dir: string, skip: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(full)) out.push(...yamlFiles(full, skip));
    } else if (/\.ya?ml$/.test(entry.name)) {out.push(full);}
  }
  return out;
}
