/**
 * Field readers shared by the VirtualService and DestinationRule importers. They are lenient
 * (the input may be hand-written YAML that `check` has not seen yet): a field that cannot be
 * read is skipped with a warning naming the document, the field path and what is allowed.
 */
import { StringMatchSpec } from './route-table';
import { parseGoDuration } from '../util/duration';

/** Collects warnings for one document. */
export class ImportNotes {
  /** Problems that make the routing unknowable (see `malformed`), as full messages. */
  public readonly malformations: string[] = [];

  constructor(
    /** `file#doc Kind namespace/name`, the prefix of every warning. */
    private readonly where: string,
    private readonly sink: string[],
  ) {}

  public warn(path: string, message: string): void {
    this.sink.push(`${this.where}: ${path}: ${message}`);
  }

  /**
   * A field whose shape leaves the routing unknown (a route list that is not a list, a route or
   * condition that is not an object): skipping it would guess, so `explain` refuses to answer.
   */
  public malformed(path: string, message: string): void {
    this.warn(path, message);
    this.malformations.push(`${this.where}: ${path}: ${message}`);
  }
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** A list field: absent or null is empty; anything else that is not a list is malformed. */
export function readList(value: unknown, path: string, notes: ImportNotes, what: string): any[] {
  if (value === undefined || value === null || Array.isArray(value)) return asArray(value);
  notes.malformed(path, `must be a list of ${what}; got ${JSON.stringify(value)}; the routing cannot be explained`);
  return [];
}

/**
 * An Istio `StringMatch`. An empty or null one is a presence check in Istio (translated to
 * Envoy `present_match`); the route table spells that as regex `*`, which Istio treats the same.
 */
export function readStringMatch(value: unknown, path: string, notes: ImportNotes): StringMatchSpec | undefined {
  if (value === null || value === undefined || (isObject(value) && Object.keys(value).length === 0)) {
    return { kind: 'regex', value: '*' };
  }
  if (!isObject(value)) {
    notes.malformed(path, `expected a StringMatch object with one of exact, prefix, regex; got ${JSON.stringify(value)}; the condition cannot be read`);
    return undefined;
  }
  for (const kind of ['exact', 'prefix', 'regex'] as const) {
    if (typeof value[kind] === 'string') return { kind, value: value[kind] };
  }
  notes.malformed(path, `StringMatch needs one of exact, prefix, regex as a string; got ${JSON.stringify(value)}; the condition cannot be read`);
  return undefined;
}

/** A map of name → StringMatch (headers, withoutHeaders, queryParams). */
export function readStringMatchMap(value: unknown, path: string, notes: ImportNotes,
  lowerCaseNames: boolean): Record<string, StringMatchSpec> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, StringMatchSpec> = {};
  for (const [name, spec] of Object.entries(value)) {
    const parsed = readStringMatch(spec, `${path}.${name}`, notes);
    if (parsed) out[lowerCaseNames ? name.toLowerCase() : name] = parsed;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A Go duration string (`200ms`, `1.5s`) in milliseconds. */
export function readDuration(value: unknown, path: string, notes: ImportNotes): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) {
    notes.warn(path, `${JSON.stringify(value)} is not a Go duration (allowed: e.g. "500ms", "1.5s", "1m"); ignored`);
  }
  return ms;
}

/** An integer-ish number field. */
export function readNumber(value: unknown, path: string, notes: ImportNotes): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  notes.warn(path, `${JSON.stringify(value)} is not a number; ignored`);
  return undefined;
}

/** An Istio `Percent` message (`{ value: 10 }`); a present message without value is 0. */
export function readPercent(value: unknown, path: string, notes: ImportNotes): number {
  if (!isObject(value)) {
    notes.warn(path, `expected a Percent object like { value: 10 }; got ${JSON.stringify(value)}; read as 0`);
    return 0;
  }
  return readNumber(value.value, `${path}.value`, notes) ?? 0;
}

/** Drop undefined fields so imported values compare and print cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
