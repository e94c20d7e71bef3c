/** The destinations of a VirtualService, with their field paths (getRouteDestinations / getHTTPMirrorDestinations). */
import { asList, asRecord } from './resources';

export interface AnnotatedDestination {
  /** Path of the `destination` (or `mirror`) object. */
  readonly path: string;
  readonly mirror: boolean;
  readonly host: string;
  readonly subset: string;
  readonly port?: number;
}

function annotate(path: string, mirror: boolean, destination: unknown): AnnotatedDestination | undefined {
  const d = asRecord(destination);
  if (destination === null || destination === undefined) return undefined;
  const port = asRecord(d.port).number;
  return {
    path,
    mirror,
    host: typeof d.host === 'string' ? d.host : '',
    subset: typeof d.subset === 'string' ? d.subset : '',
    ...(d.port !== undefined && d.port !== null ? { port: typeof port === 'number' ? port : 0 } : {}),
  };
}

export function routeDestinations(spec: Record<string, any>): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  for (const kind of ['tcp', 'tls', 'http']) {
    asList(spec[kind]).forEach((rule, i) => {
      asList(asRecord(rule).route).forEach((rd, j) => {
        const d = annotate(`spec.${kind}[${i}].route[${j}].destination`, false, asRecord(rd).destination);
        if (d) out.push(d);
      });
    });
  }
  return out;
}

export function mirrorDestinations(spec: Record<string, any>): AnnotatedDestination[] {
  const out: AnnotatedDestination[] = [];
  asList(spec.http).forEach((rule, i) => {
    const r = asRecord(rule);
    const mirror = annotate(`spec.http[${i}].mirror`, true, r.mirror);
    if (mirror) out.push(mirror);
    asList(r.mirrors).forEach((m, j) => {
      const d = annotate(`spec.http[${i}].mirrors[${j}].destination`, true, asRecord(m).destination);
      if (d) out.push(d);
    });
  });
  return out;
}
