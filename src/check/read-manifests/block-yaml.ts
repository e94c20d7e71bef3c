/** Placeholder: the fast path is filled in below; undefined means "use the yaml package". */
export function parseBlockYaml(_text: string): unknown[] | undefined {
  return undefined;
}
