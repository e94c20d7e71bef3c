/** Field paths in the style of Kubernetes field errors: `spec.http[1].route[0].weight`, `labels[app]`. */
export function field(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

export function index(base: string, i: number): string {
  return `${base}[${i}]`;
}

/** A map key, bracketed like Kubernetes does (`metadata.annotations[istio.io/dry-run]`). */
export function key(base: string, k: string): string {
  return `${base}[${k}]`;
}
