import { CanarySplit, HttpRouteRule, WeightedDestination } from './route-table';

/**
 * What routing constructs hand to their ModelService. Internal: the service gathers these into
 * its route table at synth time, so the order in which constructs are created does not matter.
 */

/** A version name some construct refers to, with where it was given (for error messages). */
export interface VersionRef {
  readonly path: string;
  readonly field: string;
  readonly version: string;
}

/** Decides the default (catch-all) route's split: CanaryRollout. */
export interface DefaultSplitContributor {
  readonly path: string;
  versionRefs(): VersionRef[];
  /** Destinations of the default route, hosts filled in by the service. */
  split(host: string): WeightedDestination[];
  /** Champion and challengers of the split. */
  roles(): CanarySplit;
}

/** Adds matched routes between the explicit matches and the default route: AbExperiment. */
export interface ExperimentContributor {
  readonly path: string;
  /** The request header this experiment routes on; one experiment per header and service. */
  readonly header: string;
  versionRefs(): VersionRef[];
  routes(host: string): Array<Omit<HttpRouteRule, 'mirrors'>>;
}

/** Mirrors traffic: ShadowMirror. */
export interface MirrorContributor {
  readonly path: string;
  readonly version: string;
  readonly percent: number;
  /** Mirror every route, not only the default route. */
  readonly allRoutes: boolean;
  versionRefs(): VersionRef[];
}
