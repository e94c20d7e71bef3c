/**
 * A configuration error found before anything is written: names the construct path, the field,
 * and what is allowed, e.g.
 * `[ranking/ranking-canary] challengers[0].version: "v48" is not a version of content-ranking (allowed: v45, v47, v43)`.
 */
export class MeshConfigError extends Error {
  /**
   * One error for every problem found while validating a whole app at synth time; each problem is
   * already formatted as `[path] field: problem (allowed: ...)`.
   */
  public static of(problems: string[]): MeshConfigError {
    const message = `${problems.length} problem${problems.length === 1 ? '' : 's'} found before anything was written:\n  ${problems.join('\n  ')}`;
    return Object.assign(new MeshConfigError('', '', ''), { message, problems: [...problems] });
  }

  public readonly isMeshConfigError = true;
  /** Every problem, formatted as `[path] field: problem (allowed: ...)`. */
  public readonly problems: string[];
  constructor(
    public readonly path: string,
    public readonly field: string,
    public readonly problem: string,
    public readonly allowed?: string,
  ) {
    super(formatProblem(path, field, problem, allowed));
    this.name = 'MeshConfigError';
    this.problems = [this.message];
  }
}

/** The one message format every validation uses, thrown or returned from addValidation. */
export function formatProblem(path: string, field: string, problem: string, allowed?: string): string {
  return `[${path}] ${field}: ${problem}${allowed ? ` (allowed: ${allowed})` : ''}`;
}

/** Quote and list allowed values: `"v45", "v47"`. */
export function listOf(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.map(v => `"${v}"`).join(', ');
}
