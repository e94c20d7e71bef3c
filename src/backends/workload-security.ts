/**
 * Hardened pods for both backends: what Pod Security Standards "restricted" (v1.28) asks of a pod
 * template, plus resources and probes. One copy of each setting; the Deployment and the KServe
 * predictor renderers both take them from here.
 */
import { KServeBackendOptions, KServeProtocol } from './model-backend';
import { ResourcesOrigin } from '../routing/route-table';
import { HealthProbe } from '../security/health-probe';
import { at, fail, Where } from '../util/checks';
import { ProbeJson } from '../wire/probe-json';

/** The container securityContext of every model container. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/**
 * The pod securityContext. The seccomp profile is set at pod level too, because PSS "restricted"
 * checks every container, including the istio-proxy sidecar the injector adds without one.
 */
export const POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** Model servers write to /tmp (Python, TF Serving); the root filesystem is read-only. */
export const TMP_VOLUME_NAME = 'tmp';
export const TMP_MOUNT_PATH = '/tmp';

/**
 * Requests and limits when a version declares none: KServe's own defaults for model containers
 * (inferenceservice-config: 1 CPU, 2Gi, requests = limits), so both backends start alike. Reported
 * as "defaulted" in ROUTING.md: real models should declare what they need.
 */
export const DEFAULT_CPU = '1';
export const DEFAULT_MEMORY_GIB = 2;
export const DEFAULT_MEMORY = `${DEFAULT_MEMORY_GIB}Gi`;

/** A container's rendered probes; undefined where `HealthProbe.none()` was asked for. */
export interface Probes {
  readonly readiness?: ProbeJson;
  readonly liveness?: ProbeJson;
}

/** Whether resources are declared, defaulted or waived; a waiver and declared resources exclude each other. */
export function resourcesOrigin(declared: boolean, waiver: string | undefined, where: Where): ResourcesOrigin {
  if (waiver === undefined) return { origin: declared ? 'declared' : 'defaulted' };
  if (typeof waiver !== 'string' || waiver.trim() === '') {
    fail(at(where, 'resourcesWaiver'), `${JSON.stringify(waiver)} is not a reason`, 'a non-empty reason why this version runs without requests and limits');
  }
  if (declared) fail(at(where, 'resourcesWaiver'), 'a waiver and declared resources exclude each other', 'either resources or resourcesWaiver');
  return { origin: 'waived', reason: waiver };
}

/** KServe requests/limits: declared values, limits equal to requests unless given, defaults for the rest. */
export function kserveResources(o: KServeBackendOptions): { requests: Record<string, string>; limits: Record<string, string> } {
  const cpu = o.cpu ?? DEFAULT_CPU;
  const memory = o.memory ?? DEFAULT_MEMORY;
  const limits: Record<string, string> = { cpu: o.cpuLimit ?? cpu, memory: o.memoryLimit ?? memory };
  // Extended resources need only a limit (the request defaults to it); GPUs only where requested.
  if (o.gpus) limits['nvidia.com/gpu'] = String(o.gpus);
  return { requests: { cpu, memory }, limits };
}

/** Whether a KServe version declared any compute resources itself. */
export function kserveDeclaresResources(o: KServeBackendOptions): boolean {
  return [o.cpu, o.memory, o.cpuLimit, o.memoryLimit].some(v => v !== undefined);
}

/**
 * Readiness and liveness of a KServe model server: the open inference protocol's health
 * endpoints for v2, the model's status endpoint for v1 (200 once the model is loaded), a TCP
 * check for gRPC. Liveness waits longer: a slow model load must not restart the pod.
 */
export function kserveProbes(o: KServeBackendOptions, servedName: string, port: number, where: Where): Probes {
  const protocol = o.protocolVersion ?? KServeProtocol.V1;
  const defaults = protocol === KServeProtocol.V2
    ? { readiness: HealthProbe.httpGet('/v2/health/ready'), liveness: HealthProbe.httpGet('/v2/health/live') }
    : protocol === KServeProtocol.V1
      ? { readiness: HealthProbe.httpGet(`/v1/models/${servedName}`), liveness: HealthProbe.tcp() }
      : { readiness: HealthProbe.tcp(), liveness: HealthProbe.tcp() };
  return renderProbes(o.readinessProbe ?? defaults.readiness, o.livenessProbe ?? defaults.liveness, port, where);
}

/** A Deployment's image is any server: a TCP check on its port unless the version says more. */
export function deploymentProbes(readiness: HealthProbe | undefined, liveness: HealthProbe | undefined, port: number, where: Where): Probes {
  return renderProbes(readiness ?? HealthProbe.tcp(), liveness ?? HealthProbe.tcp(), port, where);
}

function renderProbes(readiness: HealthProbe, liveness: HealthProbe, port: number, where: Where): Probes {
  for (const [field, p] of [['readinessProbe', readiness], ['livenessProbe', liveness]] as const) {
    if (!(p instanceof HealthProbe)) fail(at(where, field), `${JSON.stringify(p)} is not a HealthProbe`, 'HealthProbe.httpGet(path), HealthProbe.tcp() or HealthProbe.none()');
  }
  return {
    readiness: readiness._render(port, false, at(where, 'readinessProbe')),
    liveness: liveness._render(port, true, at(where, 'livenessProbe')),
  };
}
