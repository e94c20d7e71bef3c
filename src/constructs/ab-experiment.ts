import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { checkService } from './check-service';
import { ModelService } from './model-service';
import { ExperimentContributor, VersionRef } from '../routing/contributors';
import { HttpRouteRule } from '../routing/route-table';
import { at, checkArray, checkDnsName, checkHeaderName, checkInt, checkObject, factory, fail, optional, Where } from '../util/checks';
import { re2Error } from '../util/re2';
import { addMeshValidation } from '../util/validation';
import { toRegexRange } from '../vendor/to-regex-range';

/** One arm of an experiment: a version and its whole-percent share of users. */
export interface ExperimentArm {
  /** Version name, declared on the ModelService. */
  readonly version: string;
  /** Whole percent of buckets (users) assigned to this arm. */
  readonly percent: number;
}

/** Props of an AbExperiment. */
export interface AbExperimentProps {
  /** The model service the experiment runs on. */
  readonly service: ModelService;
  /** Experiment id, a DNS-1123 label; part of route names and of the bucket hash. */
  readonly experimentId: string;
  /** Arms in bucket order; percents sum to 100. */
  readonly arms: ExperimentArm[];
  /**
   * Request header carrying the user's bucket (set upstream with `AbExperiment.bucketFor`).
   * @default 'x-ab-bucket'
   */
  readonly bucketHeader?: string;
  /**
   * Number of buckets; bucket values are 0..buckets-1.
   * @default 100
   */
  readonly buckets?: number;
}

/** A contiguous bucket range owned by one arm. */
export interface ArmBuckets {
  /** Arm version. */
  readonly version: string;
  /** First bucket, inclusive. */
  readonly first: number;
  /** Last bucket, inclusive. */
  readonly last: number;
  /** RE2 regex matching exactly the decimal bucket numbers first..last. */
  readonly regex: string;
}

/**
 * A/B experiment with consistent user assignment. Upstream (gateway, BFF or client) sets the
 * bucket header to `AbExperiment.bucketFor(userId, experimentId)`; each arm owns a contiguous
 * bucket range and gets a route matching it, placed after explicit matches and before the
 * default route. Requests without the header fall through to the default route.
 */
export class AbExperiment extends Construct {
  /**
   * The bucket of a user: md5 of `${userId}:${experimentId}`, the first 8 hex digits as an
   * integer, modulo `buckets`. Stable across processes and languages.
   */
  public static bucketFor(userId: string, experimentId: string, buckets: number = 100): number {
    checkInt(buckets, factory('AbExperiment.bucketFor', 'buckets'), 1, 1_000_000);
    if (typeof userId !== 'string') fail(factory('AbExperiment.bucketFor', 'userId'), `${typeof userId} is not a string`, 'a string');
    if (typeof experimentId !== 'string') fail(factory('AbExperiment.bucketFor', 'experimentId'), `${typeof experimentId} is not a string`, 'a string');
    const digest = createHash('md5').update(`${userId}:${experimentId}`).digest('hex');
    return parseInt(digest.slice(0, 8), 16) % buckets;
  }

  /** Experiment id. */
  public readonly experimentId: string;
  /** Header carrying the bucket. */
  public readonly header: string;
  /** Number of buckets. */
  public readonly buckets: number;
  /** Bucket range of each arm (arms with 0% have none). */
  public readonly armBuckets: ArmBuckets[];
  private readonly arms: ExperimentArm[];

  constructor(scope: Construct, id: string, props: AbExperimentProps) {
    super(scope, id);
    const where: Where = { path: this.node.path, field: '' };
    checkObject(props, at(where, 'props'), 'AbExperimentProps: { service, experimentId, arms, bucketHeader?, buckets? }');
    const service = checkService(props.service, at(where, 'service'));
    this.experimentId = checkDnsName(props.experimentId, at(where, 'experimentId'), 'experiment id');
    this.header = optional(props.bucketHeader, at(where, 'bucketHeader'), checkHeaderName) ?? 'x-ab-bucket';
    this.buckets = checkInt(props.buckets ?? 100, at(where, 'buckets'), 1, 1_000_000);
    this.arms = checkArms(props.arms, where);
    this.armBuckets = assignBuckets(this.arms, this.buckets, where);
    service._routes.addExperiment(this.contribution());
    addMeshValidation(this, () => service._problemsAt(this.node.path));
  }

  private contribution(): ExperimentContributor {
    const path = this.node.path;
    return {
      path,
      header: this.header,
      versionRefs: (): VersionRef[] => this.arms.map((a, i) => ({ path, field: `arms[${i}].version`, version: a.version })),
      routes: (host: string): Array<Omit<HttpRouteRule, 'mirrors'>> => this.armBuckets.map(b => ({
        name: `ab-${this.experimentId}-${b.version}`,
        matches: [{ headers: { [this.header]: { kind: 'regex' as const, value: b.regex } } }],
        destinations: [{ host, subset: b.version, weight: 100 }],
        origin: 'experiment' as const,
        source: path,
      })),
    };
  }
}

function checkArms(given: ExperimentArm[], where: Where): ExperimentArm[] {
  const allowed = 'two or more { version, percent }';
  if (Array.isArray(given) && given.length < 2) fail(at(where, 'arms'), `an experiment needs at least two arms, got ${given.length}`, allowed);
  const arms = checkArray(given, at(where, 'arms'), (a, w) => {
    checkObject(a, w, '{ version, percent }');
    return { version: checkDnsName(a.version, at(w, 'version'), 'version name'), percent: checkInt(a.percent, at(w, 'percent'), 0, 100) };
  }, allowed, 2);
  const total = arms.reduce((s, a) => s + a.percent, 0);
  if (total !== 100) fail(at(where, 'arms'), `arm percents sum to ${total}`, 'whole percents summing to exactly 100');
  const versions = arms.map(a => a.version);
  const dup = versions.find((v, i) => versions.indexOf(v) !== i);
  if (dup !== undefined) fail(at(where, 'arms'), `version "${dup}" is in two arms`, 'each version in one arm');
  return arms;
}

/** Contiguous ranges in arm order; percents must map to whole bucket counts. */
function assignBuckets(arms: ExperimentArm[], buckets: number, where: Where): ArmBuckets[] {
  let next = 0;
  const out: ArmBuckets[] = [];
  arms.forEach((a, i) => {
    const count = (a.percent * buckets) / 100;
    if (!Number.isInteger(count)) {
      fail(at(where, `arms[${i}].percent`), `${a.percent}% of ${buckets} buckets is not a whole number of buckets`, 'percents that divide the buckets evenly');
    }
    if (count === 0) return;
    const [first, last] = [next, next + count - 1];
    // to-regex-range groups alternatives as (?:...); Envoy matches the whole header value.
    const regex = toRegexRange(first, last, { capture: false, shorthand: false });
    const problem = re2Error(regex);
    if (problem) throw new Error(`internal: bucket regex ${regex} is not RE2: ${problem}`);
    out.push({ version: a.version, first, last, regex });
    next += count;
  });
  return out;
}
