/**
 * A KServe Knative-mode InferenceService read into the route table. In Knative mode KServe owns
 * the host `{isvc}.{namespace}.svc.cluster.local` (its own VirtualService sends it through the
 * Knative local gateway), and Knative splits it between revisions: `canaryTrafficPercent` to the
 * latest revision, the rest to the revision KServe rolled out last, which is not in the manifest
 * (our PREVIOUS_VERSION_ANNOTATION names it). Standard-mode InferenceServices are routed by the
 * VirtualServices that name them and are not read here.
 */
import { compact, ImportNotes, isObject, readNumber } from './from-istio-fields';
import {
  annotatedDeploymentMode, KnativeSplit, knativeRoutingNote, PREVIOUS_VERSION_ANNOTATION, VERSION_LABEL,
} from './kserve-deployment-mode';
import { ServiceRouting, VersionTarget, WeightedDestination } from './route-table';
import { toFqdn } from '../util/hosts';

/** Whether `object` is a KServe InferenceService. */
export function isInferenceService(object: unknown): object is Record<string, any> {
  return isObject(object) && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('serving.kserve.io/')
    && object.kind === 'InferenceService';
}

/** The routing of a Knative-mode InferenceService, or undefined for other modes. */
export function readKnativeInferenceService(o: Record<string, any>, namespace: string, source: string,
  notes: ImportNotes): ServiceRouting | undefined {
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : undefined;
  const annotations = isObject(o.metadata?.annotations) ? o.metadata.annotations : {};
  const mode = annotatedDeploymentMode(annotations);
  if (!name || mode === 'standard') return undefined;
  if (mode === 'either') {
    notes.warn('metadata.annotations', 'no serving.kserve.io/deploymentMode annotation: the install\'s default decides the mode (KServe ships Knative, its code default is Standard); not explained');
    return undefined;
  }
  const predictor = isObject(o.spec?.predictor) ? o.spec.predictor : {};
  const labels: Record<string, string> = isObject(predictor.labels) ? predictor.labels : {};
  const canaryPercent = readNumber(predictor.canaryTrafficPercent, 'spec.predictor.canaryTrafficPercent', notes);
  const split: KnativeSplit = compact({
    latest: typeof labels[VERSION_LABEL] === 'string' ? labels[VERSION_LABEL] : undefined,
    previous: typeof annotations[PREVIOUS_VERSION_ANNOTATION] === 'string' ? annotations[PREVIOUS_VERSION_ANNOTATION] : undefined,
    canaryPercent,
  });
  const host = toFqdn(name, namespace);
  return {
    name,
    namespace,
    host,
    versions: versionsOf(split, labels),
    routes: [{
      name: 'kserve-knative',
      matches: [],
      destinations: knativeDestinations(host, split),
      mirrors: [],
      origin: 'imported',
      source: `${source} spec.predictor`,
    }],
    source,
    routedBy: knativeRoutingNote(host, split),
    readFrom: 'knative',
  };
}

/** Knative's traffic targets: latest at P, the previously rolled-out revision at 100 - P (omitted at 100). */
export function knativeDestinations(host: string, split: KnativeSplit): WeightedDestination[] {
  const latest = compact({ host, subset: split.latest, weight: 100 });
  if (split.canaryPercent === undefined || split.canaryPercent >= 100) return [latest];
  return [
    compact({ host, subset: split.previous, weight: 100 - split.canaryPercent }),
    { ...latest, weight: split.canaryPercent },
  ];
}

function versionsOf(split: KnativeSplit, labels: Record<string, string>): VersionTarget[] {
  const versions: VersionTarget[] = [];
  if (split.previous && split.canaryPercent !== undefined && split.canaryPercent < 100) {
    versions.push({ name: split.previous, labels: {}, backend: 'kserve-knative' });
  }
  if (split.latest) versions.push({ name: split.latest, labels: { ...labels }, backend: 'kserve-knative' });
  return versions;
}
