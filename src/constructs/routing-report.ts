import { IConstruct } from 'constructs';
import { collectRouteTable } from './collect';
import { Routing } from '../routing/from-istio-routing';
import { RouteTable } from '../routing/route-table';

/**
 * The routing report: Markdown with a fleet overview, each model service's routes in
 * evaluation order, a Mermaid flow diagram per service, and its DestinationRule policy.
 * `MeshApp` writes it to `ROUTING.md` on synth.
 */
export class RoutingReport {
  /** The report for every ModelService under `scope` (usually the App). */
  public static ofConstructs(scope: IConstruct): string {
    return renderRoutingReport(collectRouteTable(scope));
  }

  /** The report for routing read from manifests. */
  public static fromRouting(routing: Routing): string {
    return renderRoutingReport(routing._routeTable);
  }

  /** @internal The report for a route table. */
  public static _render(table: RouteTable): string {
    return renderRoutingReport(table);
  }

  private constructor() {}
}

/** The Markdown renderer, loaded on first use (only a synth that writes the report needs it). */
function renderRoutingReport(table: RouteTable): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
  return (require('../report/render') as typeof import('../report/render')).renderRoutingReport(table);
}
