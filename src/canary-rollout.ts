import { Construct } from 'constructs';
import { ModelService } from './model-service';
import { checkService } from './routing/check-service';
import { DefaultSplitContributor, VersionRef } from './routing/contributors';
import { WeightedDestination } from './routing/route-table';
import { at, checkArray, checkDnsName, checkInt, checkObject, fail, Where } from './util/checks';
import { addMeshValidation } from './util/validation';

/** A challenger version and its whole-percent share of the default route. */
export interface CanaryChallenger {
  /** Version name, declared on the ModelService. */
  readonly version: string;
  /** Whole percent 0..100 of default-route traffic. */
  readonly percent: number;
}

/** Props of a CanaryRollout. */
export interface CanaryRolloutProps {
  /** The model service whose default route is split. */
  readonly service: ModelService;
  /** The production version; it receives 100 minus the challengers' percents. */
  readonly champion: string;
  /** Versions under test with their percents (together at most 100). */
  readonly challengers: CanaryChallenger[];
}

/**
 * Splits a ModelService's default (catch-all) route between a champion and one or more
 * challengers by whole percents; the champion gets the rest. Requests caught by explicit matches
 * or experiments are not part of the split. One CanaryRollout per service.
 */
export class CanaryRollout extends Construct {
  /** The champion version. */
  public readonly champion: string;
  /** The champion's percent: 100 minus the challengers' percents. */
  public readonly championPercent: number;
  /** Challengers with their percents. */
  public readonly challengers: CanaryChallenger[];

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    const where: Where = { path: this.node.path, field: '' };
    checkObject(props, at(where, 'props'), 'CanaryRolloutProps: { service, champion, challengers }');
    const service = checkService(props.service, at(where, 'service'));
    this.champion = checkDnsName(props.champion, at(where, 'champion'), 'version name');
    const allowed = 'one or more { version, percent }';
    if (Array.isArray(props.challengers) && props.challengers.length === 0) fail(at(where, 'challengers'), 'a canary needs at least one challenger', allowed);
    this.challengers = checkArray(props.challengers, at(where, 'challengers'), (c, w) => {
      checkObject(c, w, '{ version, percent }');
      return { version: checkDnsName(c.version, at(w, 'version'), 'version name'), percent: checkInt(c.percent, at(w, 'percent'), 0, 100) };
    }, allowed, 1);
    const total = this.challengers.reduce((a, c) => a + c.percent, 0);
    if (total > 100) {
      fail(at(where, 'challengers'), `challenger percents sum to ${total}, leaving ${100 - total} for the champion`, 'a sum of at most 100');
    }
    const all = [this.champion, ...this.challengers.map(c => c.version)];
    const dup = all.find((v, i) => all.indexOf(v) !== i);
    if (dup !== undefined) fail(at(where, 'challengers'), `version "${dup}" appears twice in the split`, 'each version once, champion included');
    this.championPercent = 100 - total;
    service._useDefaultSplit(this.contribution());
    addMeshValidation(this, () => service._problemsAt(this.node.path));
  }

  private contribution(): DefaultSplitContributor {
    const path = this.node.path;
    return {
      path,
      versionRefs: (): VersionRef[] => [
        { path, field: 'champion', version: this.champion },
        ...this.challengers.map((c, i) => ({ path, field: `challengers[${i}].version`, version: c.version })),
      ],
      split: (host: string): WeightedDestination[] => [
        { host, subset: this.champion, weight: this.championPercent },
        ...this.challengers.map(c => ({ host, subset: c.version, weight: c.percent })),
      ],
    };
  }
}
