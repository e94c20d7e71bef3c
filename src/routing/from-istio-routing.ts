import { diffRouteTables } from './diff/diff-table';
import { RoutingDiff } from './diff/diff-types';
import { evaluate } from './evaluate';
import { ExplainRequest, Explanation } from './explanation';
import { routingFromObjects } from './from-istio';
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
    return new Routing(imported.table, [...imported.warnings]);
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
    return diffRouteTables(before.table, after.table);
  }

  /** One-shot: read both sets of manifests and diff them. */
  public static diffManifests(before: any[], after: any[], options: RoutingImportOptions = {}): RoutingDiff {
    return Routing.diff(Routing.fromManifests(before, options), Routing.fromManifests(after, options));
  }

  private constructor(
    private readonly table: RouteTable,
    /** Fields that were read leniently or skipped, each naming the document and field. */
    public readonly warnings: string[],
  ) {}

  /** Every host with routing (FQDNs), in manifest order. */
  public get hosts(): string[] {
    return this.table.services.map(s => s.host);
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
    return this.table;
  }

  private serviceFor(host: string): ServiceRouting {
    const found = lookupHost(host, this.hosts);
    if (found.kind === 'found') return this.table.services.find(s => s.host === found.host)!;
    const problem = found.kind === 'ambiguous'
      ? `"${host}" names several hosts; give name.namespace or the FQDN`
      : `"${host}" is not a host of any VirtualService or DestinationRule`;
    const allowed = found.kind === 'ambiguous' ? found.candidates : this.hosts;
    throw new MeshConfigError('manifests', 'host', problem, listOf(allowed));
  }
}

