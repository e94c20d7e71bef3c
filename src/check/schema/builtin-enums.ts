import { RawSchema } from './schema-node';

/**
 * Value sets the Kubernetes 1.28 apiserver enforces in hand-written validation (pkg/apis/*\/validation) for
 * fields the OpenAPI definitions leave as plain strings. Only fields of the kinds this project emits or
 * commonly sits next to (workloads, Services, HPAs) are listed; values are sorted as the apiserver prints them.
 */
const HANDWRITTEN_ENUMS: Record<string, Record<string, readonly string[]>> = {
  'io.k8s.api.core.v1.Container': {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
  },
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.ServicePort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  },
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: ['Always', 'Never', 'OnFailure'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  },
  'io.k8s.api.core.v1.Toleration': {
    operator: ['Equal', 'Exists'],
    effect: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.autoscaling.v2.MetricSpec': { type: ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] },
  'io.k8s.api.autoscaling.v2.MetricTarget': { type: ['AverageValue', 'Utilization', 'Value'] },
};

/** The definition with the hand-written value sets added as `enum` (a copy; the input is not modified). */
export function withHandwrittenEnums(name: string, raw: RawSchema): RawSchema {
  const enums = HANDWRITTEN_ENUMS[name];
  if (!enums || !raw.properties) return raw;
  const properties = { ...raw.properties };
  for (const [prop, values] of Object.entries(enums)) {
    if (properties[prop]) properties[prop] = { ...properties[prop], enum: values };
  }
  return { ...raw, properties };
}
