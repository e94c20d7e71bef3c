import { KServeDeploymentMode } from '../model-backend';
import { ModelVersion } from '../model-version';
import { deploymentModeOf, inferencePath, protocolOf, servedModelName } from './inference-service-spec';
import { Problem, problemAt } from '../../util/errors';

/**
 * Callers send one request path to the stable host, whichever version serves it; KServe puts
 * the protocol and the served model name in that path, so they must agree across versions.
 */
export function servingPathProblems(path: string, modelName: string, versions: readonly ModelVersion[]): Problem[] {
  const paths = versions.flatMap(v => {
    const ks = v.backend._kserve;
    if (!ks) return [];
    const isvcName = deploymentModeOf(ks) === KServeDeploymentMode.KNATIVE ? modelName : `${modelName}-${v.versionName}`;
    return [{ version: v.versionName, path: inferencePath(protocolOf(ks), servedModelName(ks, modelName, isvcName).name) }];
  });
  if (new Set(paths.map(p => p.path)).size <= 1) return [];
  return [problemAt(path, 'versions', `versions answer on different request paths (${paths.map(p => `${p.version}: ${p.path}`).join('; ')}), so a caller's request would fail on some versions`,
    'the same protocolVersion and servedModelName on every KServe version')];
}
