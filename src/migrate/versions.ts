/**
 * The versions a generated ModelService declares. A DestinationRule's subsets when the input has
 * one; otherwise the subsets the routes name (a VirtualService applied without its
 * DestinationRule), with the pod label Istio's samples use (`version: <subset>`); and a version
 * selecting every pod of the Service when a route names the host without a subset. Each
 * inference is said, so the team checks it against its pods.
 */
import { record } from './code';
import { ServiceRouting, TrafficPolicySpec } from '../routing/route-table';

export interface PlannedVersion {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly trafficPolicy?: TrafficPolicySpec;
}

export interface VersionPlan {
  readonly versions: readonly PlannedVersion[];
  /** The version standing for "every pod of the Service", when one was added. */
  readonly wholeService?: string;
  readonly assumptions: readonly string[];
  /** The version a destination's subset becomes (no subset: the whole-Service version), or undefined. */
  versionOf(subset: string | undefined): string | undefined;
}

/** Label Istio's samples put on each version's pods and select subsets by. */
export const SAMPLE_VERSION_LABEL = 'version';

export function planVersions(s: ServiceRouting, selector: Readonly<Record<string, string>>): VersionPlan {
  const assumptions: string[] = [];
  const targets = s.routes.flatMap(r => [...r.destinations, ...r.mirrors]).filter(d => d.host === s.host);
  const named = [...new Set(targets.map(d => d.subset).filter((x): x is string => x !== undefined))];
  const versions: PlannedVersion[] = [...s.versions];
  if (versions.length === 0 && named.length > 0) {
    versions.push(...named.map(name => ({ name, labels: { ...selector, [SAMPLE_VERSION_LABEL]: name } })));
    assumptions.push(`no DestinationRule for this host in the input: versions ${named.join(', ')} are inferred from the subsets the routes name, `
      + `with pod labels { ${SAMPLE_VERSION_LABEL}: <subset> } as in Istio's samples (check your pods' labels; give the DestinationRule to use its subsets)`);
  }
  let wholeService: string | undefined;
  if (s.routes.length === 0 || versions.length === 0 || targets.some(d => d.subset === undefined)) {
    wholeService = ['all', 'all-pods', 'every-pod'].find(n => !versions.some(v => v.name === n))!;
    versions.push({ name: wholeService, labels: selector });
    assumptions.push(`${s.routes.length === 0 ? 'without routes Istio sends' : 'routes to this host without a subset send'} requests to every pod of the Service: the program declares version "${wholeService}" selecting ${record(selector)}`);
  }
  const names = new Set(versions.map(v => v.name));
  return {
    versions,
    wholeService,
    assumptions,
    versionOf: subset => (subset === undefined ? wholeService : names.has(subset) ? subset : undefined),
  };
}
