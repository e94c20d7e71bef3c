import { diffRouteTables } from './diff/diff-table';
import { RoutingDiff } from './diff/diff-types';
import { evaluate } from './evaluate';
import { ExplainRequest, Explanation } from './explanation';
import { ImportedRouting, routingFromObjects } from './from-istio';
import { lookupHost } from './from-istio-hosts';
import { RouteTable, ServiceRouting } from './route-table';
import { listOf, MeshConfigError } from '../util/errors';

/** How manifests are read into routing. */
export interface RoutingImportOptions {
  /**
   * Namespace of objects without `metadata.namespace`.
   * @default "default"
   */
  readonly defaultNamespace?: string;
  /**
   * Whose routing to read: `mesh` (sidecars) or a gateway as `namespace/name`. VirtualServices
   * not bound to it are left out.
   * @default "mesh"
   */
  readonly gateway?: string;
}

/**
 * Routing read from Istio manifests (VirtualService + DestinationRule objects, any of
 * networking.istio.io v1, v1beta1, v1alpha3), ready to explain requests against.
 *
 * @example
 * const routing = Routing.fromManifests(Testing.synth(chart));
 * routing.explain('content-ranking', { headers: { 'x-user-segment': 'premium' } });
 */
export class Routing {
  /** Read routing from parsed manifest objects; other kinds are ignored. */
  public static fromManifests(manifests: any[], options: RoutingImportOptions = {}): Routing {
    const imported = routingFromObjects(manifests, options);
    return new Routing(imported, [...imported.warnings]);
  }

  /** One-shot: read `manifests` and explain `request` to `host`. */
  public static explainManifests(manifests: any[], host: string, request: ExplainRequest = {}): Explanation {
    return Routing.fromManifests(manifests, { gateway: request.gateway }).explain(host, request);
  }

  /**
   * What changed in routing from `before` to `after`, per host: routes added, removed,
   * reordered (only when that changes who gets what) or changed, each destination's share,
   * mirrors, faults, timeouts, retries, DestinationRule policies and versions. Render it with
   * `RoutingDiffFormat`.
   */
  public static diff(before: Routing, after: Routing): RoutingDiff {
    return diffRouteTables(before.imported.table, after.imported.table);
  }

  /** One-shot: read both sets of manifests and diff them. */
  public static diffManifests(before: any[], after: any[], options: RoutingImportOptions = {}): RoutingDiff {
    return Routing.diff(Routing.fromManifests(before, options), Routing.fromManifests(after, options));
  }

  private constructor(
    private readonly imported: ImportedRouting,
    /** Fields that were read leniently or skipped, each naming the document and field. */
    public readonly warnings: string[],
  ) {}

  /** Every host with routing (FQDNs), in manifest order. */
  public get hosts(): string[] {
    return this.imported.table.services.map(s => s.host);
  }

  /**
   * Explain where `request` to `host` goes. `host` may be the short Service name,
   * `name.namespace`, or the FQDN.
   */
  public explain(host: string, request: ExplainRequest = {}): Explanation {
    return evaluate(this.serviceFor(host), request);
  }

  /** @internal The route table behind this routing (for the report writer). */
  public get _routeTable(): RouteTable {
    return this.imported.table;
  }

  private serviceFor(host: string): ServiceRouting {
    const found = lookupHost(host, this.hosts);
    if (found.kind === 'found') {
      const malformed = this.imported.malformed.get(found.host);
      if (malformed) throw new MeshConfigError('manifests', 'host', `"${host}" cannot be explained: ${malformed.join('; ')}`);
      return this.imported.table.services.find(s => s.host === found.host)!;
    }
    const notApplied = notAppliedReason(host, this.imported);
    if (notApplied) throw new MeshConfigError('manifests', 'host', notApplied);
    const problem = found.kind === 'ambiguous'
      ? `"${host}" names several hosts; give name.namespace or the FQDN`
      : `"${host}" is not a host of any VirtualService or DestinationRule`;
    const allowed = found.kind === 'ambiguous' ? found.candidates : this.hosts;
    throw new MeshConfigError('manifests', 'host', problem, listOf(allowed));
  }
}


/**
 * Why `host` has no routing in this view although a VirtualService names it (it is bound to
 * other gateways), or undefined.
 */
export function notAppliedReason(host: string, imported: ImportedRouting): string | undefined {
  const found = lookupHost(host, imported.notApplied.map(n => n.host));
  if (found.kind !== 'found') return undefined;
  const n = imported.notApplied.find(x => x.host === found.host)!;
  return `the VirtualService for ${n.host} (${n.source}) does not apply to ${n.view === 'mesh' ? 'mesh traffic (sidecars)' : `gateway ${n.view}`}: `
    + `it is bound to ${n.gateways.join(', ')} (explain it as traffic through ${n.gateways[0]})`;
}
