/**
 * The fallback reader: the `yaml` package (complete YAML 1.2, precise errors, but about 0.4 ms per
 * document). Limits become LimitExceeded values: its stack-overflow guard (RESOURCE_EXHAUSTION)
 * and our depth bound are `read/too-deep`, its alias guard (`maxAliasCount`) is `read/alias-bomb`,
 * and an alias inside its own anchor (a cyclic object, which every later check would walk
 * forever) is `read/alias-cycle`.
 */
import { parseAllDocuments } from '../../vendor/yaml';
import { Finding } from '../finding';
import { LimitExceeded, MAX_ALIAS_COUNT, MAX_DEPTH, tooDeep } from './limits';

export type ReadFinding = (document: number, rule: string, message: string) => Finding;

/** Every document's value (undefined after a syntax error, which is added to `findings`). */
export function parseWithYamlLibrary(text: string, findings: Finding[], finding: ReadFinding): unknown[] {
  // logLevel 'error': no process warnings on stderr (a collection used as a key is stringified;
  // the schema layer then reports the odd field name)
  return parseAllDocuments(text, { logLevel: 'error' }).map((doc, index) => {
    if (doc.errors.some(e => e.code === 'RESOURCE_EXHAUSTION')) return tooDeep();
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      const message = first.message.split('\n')[0].replace(/:$/, '');
      const where = first.linePos && !message.includes(' at line ') ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
      findings.push(finding(index, 'yaml/syntax', `${message}${where}`));
      return undefined;
    }
    return toValue(() => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  });
}

function toValue(toJS: () => unknown): unknown {
  let value: unknown;
  try {
    value = toJS();
  } catch (e) {
    if (e instanceof ReferenceError) {
      return new LimitExceeded('read/alias-bomb', `aliases expand this document too far (more than the limit of ${MAX_ALIAS_COUNT} alias resolutions; a "billion laughs" document); not read`);
    }
    if (e instanceof RangeError) return tooDeep();
    throw e;
  }
  const problem = nestingProblem(value);
  if (problem === 'cycle') {
    return new LimitExceeded('read/alias-cycle', 'an alias refers to a node that contains it, so the document is cyclic (Kubernetes rejects it: "anchor value contains itself"); not read');
  }
  return problem === 'too-deep' ? tooDeep() : value;
}

/**
 * A cycle, or collections nested deeper than MAX_DEPTH. Shared nodes (aliases) are measured once,
 * so the walk is linear in distinct nodes; recursion stops at MAX_DEPTH.
 */
function nestingProblem(root: unknown): 'cycle' | 'too-deep' | undefined {
  const heights = new Map<object, number>(); // collections measured: levels including themselves
  const open = new Set<object>(); // collections on the current path
  let problem: 'cycle' | 'too-deep' | undefined;
  const height = (value: unknown, depth: number): number => {
    if (problem || value === null || typeof value !== 'object') return 0;
    const known = heights.get(value);
    if (known !== undefined) {
      if (depth + known > MAX_DEPTH) problem = 'too-deep';
      return known;
    }
    if (open.has(value)) {
      problem = 'cycle';
      return 0;
    }
    if (depth + 1 > MAX_DEPTH) {
      problem = 'too-deep';
      return 0;
    }
    open.add(value);
    let below = 0;
    for (const child of Object.values(value)) {
      below = Math.max(below, height(child, depth + 1));
      if (problem) break;
    }
    open.delete(value);
    heights.set(value, below + 1);
    return below + 1;
  };
  height(root, 0);
  return problem;
}
