/**
 * IST0109, as virtualservice.ConflictingMeshGatewayHostsAnalyzer: two VirtualServices bound to
 * the mesh gateway (no gateways, or `mesh` listed) that define the same host in overlapping
 * exportTo scope. Reported on each of them.
 */
import { Finding } from '../finding';
import { scopedFqdn } from './hosts';
import { referenceFinding } from './report';
import { asList, IstioResource } from './resources';

interface HostClaim {
  readonly vs: IstioResource;
  readonly hostIndex: number;
}

function appliesToMesh(vs: IstioResource): boolean {
  const gateways = asList(vs.spec.gateways);
  return gateways.length === 0 || gateways.includes('mesh');
}

function scopes(vs: IstioResource): string[] {
  const exportTo = asList(vs.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map(e => e === '.' ? vs.namespace : e))];
}

export function checkConflictingMeshHosts(virtualServices: readonly IstioResource[]): Finding[] {
  const claims = new Map<string, HostClaim[]>();
  for (const vs of virtualServices) {
    if (!appliesToMesh(vs)) continue;
    for (const scope of scopes(vs)) {
      asList(vs.spec.hosts).forEach((host, hostIndex) => {
        if (typeof host !== 'string') return;
        const key = scopedFqdn(scope, vs.namespace, host);
        const list = claims.get(key) ?? [];
        // A host listed twice in one VirtualService is the webhook's duplicate-hosts error, not a conflict.
        if (!list.some(c => c.vs === vs)) list.push({ vs, hostIndex });
        claims.set(key, list);
      });
    }
  }
  const findings: Finding[] = [];
  for (const [key, list] of claims) {
    if (list.length < 2) continue;
    const names = list.map(c => `${c.vs.namespace}/${c.vs.name}`).join(',');
    for (const claim of list) {
      findings.push(referenceFinding(claim.vs.doc, 'error', `spec.hosts[${claim.hostIndex}]`, 'IST0109',
        `The VirtualServices ${names} associated with mesh gateway define the same host ${key} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`));
    }
  }
  return findings;
}
