import { PredictorSecurity, predictorSpec, servedModelName } from '../../backends/kserve/inference-service-spec';
import { KServeBackendOptions } from '../../backends/model-backend';
import { compact } from '../../routing/from-istio-fields';
import { KnativeSplit } from '../../routing/kserve-deployment-mode';
import { WeightedDestination } from '../../routing/route-table';
import { Problem, problemAt } from '../../util/errors';
import { InferenceServiceSpec } from '../../wire/generated/kserve';

/** What a Knative-mode ModelService knows about itself, for the mode's rules. */
export interface KnativeFacts {
  readonly path: string;
  readonly modelName: string;
  readonly versions: ReadonlyArray<{ name: string; kserve?: KServeBackendOptions; knative: boolean }>;
  /** Routing features our VirtualService would need, by the construct that asked for them. */
  readonly needsVirtualService: ReadonlyArray<{ path: string; field: string; what: string }>;
  readonly challengers: number;
}

const USE_STANDARD = 'deploymentMode: KServeDeploymentMode.STANDARD, where our VirtualService routes across versions';

/**
 * Knative mode: KServe creates the VirtualService for the model's host and routes between the
 * latest and the previous revision of ONE InferenceService. Everything else is an error that
 * names the mode that supports it.
 */
export function knativeProblems(f: KnativeFacts): Problem[] {
  const problems: Problem[] = [];
  const mixed = f.versions.filter(v => !v.knative).map(v => v.name);
  if (mixed.length) {
    problems.push(problemAt(f.path, 'versions', `versions ${mixed.join(', ')} are not Knative-mode KServe versions; in Knative mode KServe owns the model's host, so every version must be Knative`, USE_STANDARD));
  }
  if (f.versions.length > 2) {
    problems.push(problemAt(f.path, 'versions', `${f.versions.length} versions declared; Knative mode serves only the latest and the previous revision of one InferenceService`, `at most 2 versions, or ${USE_STANDARD}`));
  }
  if (f.versions.length === 2 && f.challengers !== 1) {
    problems.push(problemAt(f.path, 'versions', 'two Knative versions need a CanaryRollout between them (champion = the rolled-out revision, one challenger = the new revision)', 'a CanaryRollout with one challenger'));
  }
  for (const n of f.needsVirtualService) {
    problems.push(problemAt(n.path, n.field, `${n.what} is not possible in Knative mode: KServe's own VirtualService routes the host`, USE_STANDARD));
  }
  return problems;
}

/**
 * The revision split of a Knative-mode service from its default-route split (champion first,
 * the challenger last): the newest version is the latest revision, at the challenger's percent
 * or, with one version, at a hand-set `canaryTrafficPercent`.
 */
export function knativeSplitOf(split: readonly WeightedDestination[], handSet: (version: string) => number | undefined): KnativeSplit {
  const latest = split[split.length - 1];
  return compact({
    latest: latest.subset,
    previous: split.length > 1 ? split[0].subset : undefined,
    canaryPercent: split.length > 1 ? latest.weight : handSet(latest.subset!),
  });
}

/**
 * The one InferenceService of a Knative-mode service: the newest version's model, with
 * `canaryTrafficPercent` for the challenger's share (the champion is the revision KServe rolled
 * out last, which is why it is not in the manifest).
 */
export function knativeInferenceServiceSpec(modelName: string, split: KnativeSplit, options: (version: string) => KServeBackendOptions,
  podLabels: (version: string) => Record<string, string>, security: (version: string) => PredictorSecurity): InferenceServiceSpec {
  const ks = options(split.latest!);
  const served = servedModelName(ks, modelName, modelName);
  return { predictor: predictorSpec(ks, served, podLabels(split.latest!), security(split.latest!), split.canaryPercent) };
}
