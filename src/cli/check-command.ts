// Placeholder signature; implemented with the checker (issue: cdk8s-ml-mesh check).
export async function runCheckCommand(_argv: string[], _out: (s: string) => void, err: (s: string) => void): Promise<number> {
  err('check: not available yet');
  return 2;
}
