/**
 * How KServe's deployment mode is read from an InferenceService, and how a Knative-mode
 * InferenceService routes its host: the facts the constructs write and the readers (`explain`,
 * `check`) read back.
 */

/** The annotation KServe reads the deployment mode from; always written explicitly. */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/**
 * Our annotation on a Knative-mode InferenceService naming the version KServe rolled out last
 * (the champion of a canary). KServe routes `100 - canaryTrafficPercent` to that revision, which
 * is not in the manifest; the annotation lets `explain` and the report name it.
 */
export const PREVIOUS_VERSION_ANNOTATION = 'cdk8s-ml-mesh/previous-version';

/** Label on the pods of a version (and on `predictor.labels`) naming the version. */
export const VERSION_LABEL = 'version';

/** `standard`, `knative`, or `either` when the annotation is absent (the install's default decides). */
export type AnnotatedDeploymentMode = 'standard' | 'knative' | 'either';

/** The mode an annotation asks for; KServe's webhook maps the legacy names (RawDeployment, Serverless). */
export function annotatedDeploymentMode(annotations: Readonly<Record<string, unknown>>): AnnotatedDeploymentMode {
  const mode = annotations[DEPLOYMENT_MODE_ANNOTATION];
  if (mode === 'Standard' || mode === 'RawDeployment') return 'standard';
  if (mode === 'Serverless' || mode === 'Knative') return 'knative';
  return 'either';
}

/** A Knative-mode revision split: the latest revision gets `canaryPercent`, the previous one the rest. */
export interface KnativeSplit {
  readonly latest?: string;
  readonly previous?: string;
  /** `canaryTrafficPercent`; undefined: the latest revision takes everything. */
  readonly canaryPercent?: number;
}

/** What `explain` says about a host KServe routes, the same from the constructs and from YAML. */
export function knativeRoutingNote(host: string, split: KnativeSplit): string {
  const name = (role: string, version?: string) => `the ${role} revision${version ? ` (${version})` : ''}`;
  const head = `KServe routes ${host} (Knative mode, its own VirtualService; no VirtualService of ours applies)`;
  if (split.canaryPercent === undefined || split.canaryPercent >= 100) {
    return `${head}: ${name('latest', split.latest)} takes all traffic`;
  }
  return `${head}: canaryTrafficPercent ${split.canaryPercent} sends ${split.canaryPercent}% to ${name('latest', split.latest)} `
    + `and ${100 - split.canaryPercent}% to ${name('previously rolled-out', split.previous)}`;
}
