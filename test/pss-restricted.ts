/**
 * Pod Security Standards "restricted" (Kubernetes v1.28), baseline rules included, checked on a
 * pod template: https://kubernetes.io/docs/concepts/security/pod-security-standards/ . A test
 * helper: it reads synthesized manifests (Deployment and Argo Rollout templates, InferenceService predictors).
 */

export interface PssViolation {
  readonly workload: string;
  readonly rule: string;
  readonly path: string;
}

const ALLOWED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);

/** The pod templates of the objects we emit: name → { spec, containers with their paths }. */
export function podTemplates(manifests: any[]): Array<{ workload: string; pod: any; containers: Array<{ path: string; c: any }>; base: string }> {
  const out: Array<{ workload: string; pod: any; containers: Array<{ path: string; c: any }>; base: string }> = [];
  for (const m of manifests) {
    const workload = `${m.kind}/${m.metadata?.name}`;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Rollout'].includes(m.kind)) {
      const pod = m.spec?.template?.spec ?? {};
      out.push({ workload, pod, base: 'spec.template.spec', containers: listContainers(pod, 'spec.template.spec') });
    } else if (m.kind === 'InferenceService') {
      // The predictor inlines a PodSpec; `model` is the model container, `containers` extra ones.
      const pod = m.spec?.predictor ?? {};
      const containers = listContainers(pod, 'spec.predictor');
      if (pod.model) containers.unshift({ path: 'spec.predictor.model', c: pod.model });
      out.push({ workload, pod, base: 'spec.predictor', containers });
    }
  }
  return out;
}

function listContainers(pod: any, base: string): Array<{ path: string; c: any }> {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap(k =>
    (pod[k] ?? []).map((c: any, i: number) => ({ path: `${base}.${k}[${i}]`, c })));
}

/** Every restricted-profile violation of every pod template in `manifests`. */
export function pssRestrictedViolations(manifests: any[]): PssViolation[] {
  const out: PssViolation[] = [];
  for (const { workload, pod, containers, base } of podTemplates(manifests)) {
    const v = (rule: string, path: string) => out.push({ workload, rule, path });
    const psc = pod.securityContext ?? {};
    // baseline
    for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[k] === true) v('host namespaces', `${base}.${k}`);
    (pod.volumes ?? []).forEach((vol: any, i: number) => {
      const types = Object.keys(vol).filter(k => k !== 'name');
      if (types.includes('hostPath')) v('hostPath volumes', `${base}.volumes[${i}]`);
      if (types.some(t => !ALLOWED_VOLUME_TYPES.has(t))) v('volume types', `${base}.volumes[${i}]`);
    });
    (psc.sysctls ?? []).forEach((s: any, i: number) => { if (!SAFE_SYSCTLS.has(s.name)) v('sysctls', `${base}.securityContext.sysctls[${i}]`); });
    if (psc.seLinuxOptions?.user || psc.seLinuxOptions?.role) v('SELinux', `${base}.securityContext.seLinuxOptions`);
    if (psc.runAsUser === 0) v('running as non-root user', `${base}.securityContext.runAsUser`);
    if (psc.seccompProfile && !['RuntimeDefault', 'Localhost'].includes(psc.seccompProfile.type)) v('seccomp', `${base}.securityContext.seccompProfile`);
    for (const { path, c } of containers) {
      const sc = c.securityContext ?? {};
      if (sc.privileged === true) v('privileged containers', `${path}.securityContext.privileged`);
      if ((c.ports ?? []).some((p: any) => p.hostPort)) v('host ports', `${path}.ports`);
      if (sc.procMount && sc.procMount !== 'Default') v('/proc mount type', `${path}.securityContext.procMount`);
      if (sc.seLinuxOptions?.user || sc.seLinuxOptions?.role) v('SELinux', `${path}.securityContext.seLinuxOptions`);
      // restricted
      if (sc.allowPrivilegeEscalation !== false) v('privilege escalation', `${path}.securityContext.allowPrivilegeEscalation`);
      if (!(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && psc.runAsNonRoot === true))) v('running as non-root', `${path}.securityContext.runAsNonRoot`);
      if (sc.runAsUser === 0) v('running as non-root user', `${path}.securityContext.runAsUser`);
      const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
      if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) v('seccomp', `${path}.securityContext.seccompProfile`);
      const caps = sc.capabilities ?? {};
      if (!(caps.drop ?? []).includes('ALL')) v('capabilities (drop ALL)', `${path}.securityContext.capabilities.drop`);
      if ((caps.add ?? []).some((a: string) => a !== 'NET_BIND_SERVICE')) v('capabilities (add)', `${path}.securityContext.capabilities.add`);
    }
  }
  return out;
}
