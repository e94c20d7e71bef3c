// Placeholder signature; implemented with the evaluator (issue: explain and routing report).
export async function runExplainCommand(_argv: string[], _out: (s: string) => void, err: (s: string) => void): Promise<number> {
  err('explain: not available yet');
  return 2;
}
