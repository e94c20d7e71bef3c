import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DEFAULT_CPU, DEFAULT_MEMORY_GIB, POD_SECURITY_CONTEXT, TMP_MOUNT_PATH, TMP_VOLUME_NAME } from './workload-security';
import { ResourcesOrigin } from '../routing/route-table';
import { ProbeJson } from '../wire/probe-json';

/** cdk8s-plus props for a hardened model container (its own defaults lack capabilities and seccomp). */
export function hardenedContainerProps(scope: Construct, declared: kplus.ContainerResources | undefined, origin: ResourcesOrigin,
  probes: { readiness?: ProbeJson; liveness?: ProbeJson }): Partial<kplus.ContainerProps> {
  return {
    readiness: probes.readiness && toKplusProbe(probes.readiness),
    liveness: probes.liveness && toKplusProbe(probes.liveness),
    securityContext: {
      ensureNonRoot: true,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    volumeMounts: [{ path: TMP_MOUNT_PATH, volume: kplus.Volume.fromEmptyDir(scope, 'TmpVolume', TMP_VOLUME_NAME) }],
    // cdk8s-plus would put its flat defaults (1000m/512Mi, 1500m/2048Mi) on every model; ours are reported.
    resources: origin.origin === 'declared' ? declared : {
      cpu: { request: kplus.Cpu.units(Number(DEFAULT_CPU)), limit: kplus.Cpu.units(Number(DEFAULT_CPU)) },
      memory: { request: Size.gibibytes(DEFAULT_MEMORY_GIB), limit: Size.gibibytes(DEFAULT_MEMORY_GIB) },
    },
  };
}

/** What cdk8s-plus cannot express: pod-level seccomp, and no resources block at all when waived. */
export function patchHardenedDeployment(deployment: kplus.Deployment, origin: ResourcesOrigin): void {
  const o = ApiObject.of(deployment);
  o.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { ...POD_SECURITY_CONTEXT.seccompProfile }));
  if (origin.origin === 'waived') o.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources'));
}

function toKplusProbe(p: ProbeJson): kplus.Probe {
  const options = {
    initialDelaySeconds: p.initialDelaySeconds === undefined ? undefined : Duration.seconds(p.initialDelaySeconds),
    periodSeconds: Duration.seconds(p.periodSeconds),
    failureThreshold: p.failureThreshold,
  };
  return p.httpGet
    ? kplus.Probe.fromHttpGet(p.httpGet.path, { ...options, port: p.httpGet.port })
    : kplus.Probe.fromTcpSocket({ ...options, port: p.tcpSocket!.port });
}
