import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { toRegexRange } from './vendor/to-regex-range';
import { ModelService } from './model-service';
import { ExperimentContributor, VersionRef } from './routing/contributors';
import { HttpRouteRule } from './routing/route-table';
import { at, checkInt, fail, Where } from './util/checks';
import { DNS1123_LABEL_RULE, isDns1123Label, isHttpToken } from './util/dns';
import { re2Error } from './util/re2';

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
    if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`AbExperiment.bucketFor: buckets must be a whole number >= 1, got ${buckets}`);
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
    if (!isDns1123Label(props.experimentId ?? '')) {
      fail(at(where, 'experimentId'), `"${props.experimentId}" is not a valid experiment id`, DNS1123_LABEL_RULE);
    }
    this.experimentId = props.experimentId;
    this.header = props.bucketHeader ?? 'x-ab-bucket';
    if (!isHttpToken(this.header) || this.header !== this.header.toLowerCase()) {
      fail(at(where, 'bucketHeader'), `"${this.header}" is not a valid header name`, 'a lower-case HTTP token');
    }
    this.buckets = checkInt(props.buckets ?? 100, at(where, 'buckets'), 1, 1_000_000);
    this.arms = checkArms(props.arms ?? [], where);
    this.armBuckets = assignBuckets(this.arms, this.buckets, where);
    props.service._addExperiment(this.contribution());
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

function checkArms(arms: ExperimentArm[], where: Where): ExperimentArm[] {
  if (arms.length < 2) fail(at(where, 'arms'), `an experiment needs at least two arms, got ${arms.length}`, 'two or more { version, percent }');
  arms.forEach((a, i) => checkInt(a.percent, at(where, `arms[${i}].percent`), 0, 100));
  const total = arms.reduce((s, a) => s + a.percent, 0);
  if (total !== 100) fail(at(where, 'arms'), `arm percents sum to ${total}`, 'whole percents summing to exactly 100');
  const versions = arms.map(a => a.version);
  const dup = versions.find((v, i) => versions.indexOf(v) !== i);
  if (dup !== undefined) fail(at(where, 'arms'), `version "${dup}" is in two arms`, 'each version in one arm');
  return arms.map(a => ({ ...a }));
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
