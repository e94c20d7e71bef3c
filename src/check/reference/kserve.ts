/**
 * What a KServe 0.20 InferenceService creates that other objects can refer to: Services
 * (`{isvc}-predictor`, `{isvc}-{name}-predictor`, canaries, transformer, explainer, and the
 * Knative-mode `{isvc}` ExternalName Service) and predictor pods with their labels
 * (`predictor.labels` plus `serving.kserve.io/inferenceservice`, `component: predictor`, and in
 * Standard mode `app: isvc.<service name>`).
 */
import { asList, asRecord, asStringMap } from './resources';
import { annotatedDeploymentMode } from '../../routing/kserve-deployment-mode';


function predictorServiceName(isvc: string, predictorName: unknown): string {
  return typeof predictorName === 'string' && predictorName ? `${isvc}-${predictorName}-predictor` : `${isvc}-predictor`;
}

function canaryNames(spec: Record<string, any>): string[] {
  return asList(spec.canary).map(c => asRecord(asRecord(c).predictor).name).filter((n): n is string => typeof n === 'string' && n !== '');
}

export function kserveServiceNames(isvc: string, spec: Record<string, any>, annotations: Record<string, string> = {}): string[] {
  const predictor = asRecord(spec.predictor);
  const names = [predictorServiceName(isvc, predictor.name), ...canaryNames(spec).map(n => `${isvc}-${n}-predictor`)];
  if (spec.transformer) names.push(`${isvc}-transformer`);
  if (spec.explainer) names.push(`${isvc}-explainer`);
  if (annotatedDeploymentMode(annotations) !== 'standard') names.push(isvc);
  return names;
}

/** Label sets of the predictor pods; with an unknown mode both variants count. */
export function kservePodLabels(isvc: string, spec: Record<string, any>, annotations: Record<string, string>): Array<Record<string, string>> {
  const predictor = asRecord(spec.predictor);
  const stable = asStringMap(predictor.labels);
  const kserve = { 'serving.kserve.io/inferenceservice': isvc, 'component': 'predictor' };
  const mode = annotatedDeploymentMode(annotations);
  const variants: Array<Record<string, string>> = [];
  const add = (labels: Record<string, string>, service: string) => {
    if (mode !== 'standard') variants.push({ ...labels, ...kserve });
    if (mode !== 'knative') variants.push({ ...labels, ...kserve, app: `isvc.${service}` });
  };
  add(stable, predictorServiceName(isvc, predictor.name));
  for (const canary of asList(spec.canary)) {
    const canaryPredictor = asRecord(asRecord(canary).predictor);
    const name = canaryPredictor.name;
    if (typeof name !== 'string' || !name || mode === 'knative') continue;
    // A canary predictor is the stable one deep-copied and overlaid with the canary's fields.
    variants.push({ ...stable, ...asStringMap(canaryPredictor.labels), ...kserve, app: `isvc.${isvc}-${name}-predictor` });
  }
  return variants;
}
