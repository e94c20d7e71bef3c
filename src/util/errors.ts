/** One configuration problem: where it was given, which field, what is wrong and what is allowed. */
export interface Problem {
  /** Construct path (`chart/service`), or the static factory (`RequestMatch.header`). */
  readonly path: string;
  /** The prop's field path, e.g. `versions["v1"].replicas`. */
  readonly field: string;
  readonly problem: string;
  readonly allowed?: string;
  /**
   * Set when `check`'s schema or webhook rules found the problem in a rendered object (the rule id,
   * e.g. `schema/enum`), rather than a rule on the props.
   */
  readonly rule?: string;
}

/**
 * A configuration error found before anything is written: names the construct path, the field,
 * and what is allowed, e.g.
 * `[ranking/ranking-canary] challengers[0].version: "v48" is not a version of content-ranking (allowed: v45, v47, v43)`.
 * When several problems were found at once (synthesis), the first is the error's own and all are listed.
 */
export class MeshConfigError extends Error {
  /** The error for a non-empty list of problems: the first one, with the others listed after it. */
  public static of(problems: readonly Problem[]): MeshConfigError {
    const [first, ...rest] = problems;
    // The constructor keeps path/field/problem/allowed of the first; keep every problem whole.
    return Object.assign(new MeshConfigError(first.path, first.field, first.problem, first.allowed, rest), { problems: [...problems] });
  }

  public readonly isMeshConfigError = true;
  /** Every problem found, this error's own first. */
  public readonly problems: readonly Problem[];

  constructor(
    public readonly path: string,
    public readonly field: string,
    public readonly problem: string,
    public readonly allowed?: string,
    more: readonly Problem[] = [],
  ) {
    super([formatProblem(path, field, problem, allowed), ...more.map(p => formatProblem(p.path, p.field, p.problem, p.allowed))].join('\n'));
    this.name = 'MeshConfigError';
    this.problems = [{ path, field, problem, allowed }, ...more];
  }
}

/** The one message format every validation uses, thrown or returned from addValidation. */
export function formatProblem(path: string, field: string, problem: string, allowed?: string): string {
  return `[${path}] ${fieldMessage({ field, problem, allowed })}`;
}

/** A problem without its path: what `node.addValidation` returns, since cdk8s prints the construct path itself. */
export function fieldMessage(p: Pick<Problem, 'field' | 'problem' | 'allowed'>): string {
  return `${p.field}: ${p.problem}${p.allowed ? ` (allowed: ${p.allowed})` : ''}`;
}

/** Shorthand for a Problem value. */
export function problemAt(path: string, field: string, problem: string, allowed?: string): Problem {
  return { path, field, problem, allowed };
}

/** Quote and list allowed values: `"v45", "v47"`. */
export function listOf(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.map(v => `"${v}"`).join(', ');
}
