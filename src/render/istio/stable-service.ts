/**
 * The stable Kubernetes Service in front of every version: what mesh routing (and any routing API
 * that names a Service as its backend) sends the model's host to.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { KSERVE_CONTAINER_PORT, kserveTargetPort } from '../../backends/kserve/inference-service-spec';
import { ModelProtocol } from '../../backends/model-backend';
import { ModelVersionOptions } from '../../backends/model-version';
import { MODEL_NAME_LABEL } from '../../util/annotations';
import { Problem, problemAt } from '../../util/errors';
import { ServiceIntent } from '../renderer';

/** The Service `<serviceName>`, selecting every version's pods, on the first version's target port. */
export function createStableService(intent: ServiceIntent): kplus.Service {
  const service = new kplus.Service(intent.scope, 'Service', {
    metadata: { name: intent.serviceName, namespace: intent.namespace, labels: { [MODEL_NAME_LABEL]: intent.modelName } },
    ports: [{ name: intent.protocol, port: intent.port, targetPort: targetPortOf(intent.declaredVersions[0], intent.port) }],
  });
  for (const [key, value] of Object.entries(intent.selector ?? { [MODEL_NAME_LABEL]: intent.modelName })) service.selectLabel(key, value);
  // Istio picks the proxy codec from appProtocol (or the port name): HTTP/1.1 would break gRPC.
  if (intent.protocol === ModelProtocol.GRPC) ApiObject.of(service).addJsonPatch(JsonPatch.add('/spec/ports/0/appProtocol', 'grpc'));
  return service;
}

/** One Service reaches every version: one mode, one protocol, one target port, pods it selects. */
export function stableServiceProblems(intent: ServiceIntent, service: kplus.Service): Problem[] {
  const path = intent.node.path;
  const versions = intent.versions();
  const knativeVersions = versions.filter(v => v.backend.isKnative).map(v => v.versionName);
  if (knativeVersions.length) {
    return [problemAt(path, 'versions', `versions ${knativeVersions.join(', ')} are Knative-mode KServe versions, but the first version is not; declare Knative versions in the ModelService props and keep every version in one mode`, 'all versions Knative, or none')];
  }
  const adopted = versions.filter(v => v.backend._existing).map(v => v.versionName);
  if (adopted.length && !intent.selector) {
    return [problemAt(path, 'selector', `versions ${adopted.join(', ')} adopt existing pods, which need not carry ${MODEL_NAME_LABEL}=${intent.modelName}; the stable Service would not reach them`, 'selector: labels every version\'s pods share, e.g. { app: "content-ranking" }')];
  }
  const protocols = versions.map(v => `${v.versionName}: ${v.backend.protocol}`);
  if (versions.some(v => v.backend.protocol !== intent.protocol)) {
    return [problemAt(path, 'versions', `versions speak different protocols (${protocols.join(', ')}); the stable Service port is named for one (${intent.protocol})`, 'every version on one protocol')];
  }
  const ports = versions.map(v => `${v.versionName}: ${v.targetPort}`);
  const target = service.ports[0].targetPort;
  return versions.some(v => v.targetPort !== target)
    ? [problemAt(path, 'versions', `versions serve on different ports (${ports.join(', ')}); the stable Service forwards to one target port (${target})`, `every version on one port (KServe model servers listen on ${KSERVE_CONTAINER_PORT})`)]
    : [];
}

/** The port a version will serve on, before it exists (the stable Service is created first). */
function targetPortOf(v: ModelVersionOptions | undefined, servicePort: number): number {
  if (v?.backend?._kserve) return kserveTargetPort(v.backend._kserve);
  return (v?.backend?._deployment ?? v?.backend?._existing)?.containerPort ?? servicePort;
}
