/**
 * Type, range and format of a backend's options, checked where the version is declared so the
 * error names the version (`versions["v2"].backend.image`). Mode-dependent KServe rules stay in
 * model-version.ts.
 */
import * as kplus from 'cdk8s-plus-28';
import { DeploymentBackendOptions, EndpointPickerFailureMode, InferencePoolBackendOptions, KServeBackendOptions, KServeDeploymentMode, KServeProtocol } from './model-backend';
import {
  at, checkArray, checkDnsName, checkEnum, checkInt, checkObject, checkString, checkStringMap, fail, optional, show, Where,
} from '../util/checks';

export const INT32_MAX = 2147483647;

/**
 * A container image reference (the distribution/reference grammar): `[registry[:port]/]path[:tag][@digest]`.
 * Kubernetes only rejects empty images and surrounding spaces; a runtime pulling "a b" fails later, on the node.
 */
const IMAGE = new RegExp('^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?'
  + '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*'
  + '(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$');
const IMAGE_RULE = 'a container image reference such as "registry.example.com/team/model:v2" (lower-case path, optional :tag and @sha256:digest, no spaces)';

export function checkImage(image: string, where: Where): string {
  return checkString(image, where, IMAGE_RULE, IMAGE, 4096, 'a container image reference');
}

/** Kubernetes' (pre-1.32) environment variable name rule, which every supported cluster accepts. */
const ENV_NAME_RULE = "a C-style name: letters, digits, '_', '-' and '.', not starting with a digit";

function checkEnvName(name: string, where: Where): string {
  return checkString(name, where, ENV_NAME_RULE, /^[-._a-zA-Z][-._a-zA-Z0-9]*$/, 4096, 'a valid environment variable name');
}

/** A non-negative resource quantity (resource.Quantity's canonical syntax). */
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const QUANTITY_RULE = 'a non-negative Kubernetes quantity, e.g. "500m", "2", "4Gi", "512Mi"';

export function checkQuantity(q: string, where: Where): string {
  return checkString(q, where, QUANTITY_RULE, QUANTITY, 64, 'a non-negative Kubernetes quantity');
}

export function checkDeploymentOptions(d: DeploymentBackendOptions, where: Where): void {
  checkObject(d, where, '{ image, containerPort?, resources?, env? }');
  checkImage(d.image, at(where, 'image'));
  optional(d.containerPort, at(where, 'containerPort'), (p, w) => checkInt(p, w, 1, 65535));
  optional(d.resources, at(where, 'resources'), checkResources);
  optional(d.env, at(where, 'env'), (env, w) => checkStringMap(env, w, checkEnvName, `names: ${ENV_NAME_RULE}; values: strings`));
}

const CPU_RULE = 'kplus.Cpu.millis(n) or kplus.Cpu.units(n) with n >= 0';
const SIZE_RULE = 'a cdk8s Size of whole mebibytes (memory) or gibibytes (ephemeral storage), >= 0';

/** cdk8s-plus renders these; catch what it would render wrong or throw on, with the prop's name. */
function checkResources(r: kplus.ContainerResources, where: Where): kplus.ContainerResources {
  checkObject(r, where, '{ cpu?, memory?, ephemeralStorage? } of requests and limits');
  optional(r.cpu, at(where, 'cpu'), (c, w) => requestAndLimit(c, w, cpuAmount));
  optional(r.memory, at(where, 'memory'), (m, w) => requestAndLimit(m, w, (s, sw) => sizeAmount(s, sw, 'toMebibytes')));
  optional(r.ephemeralStorage, at(where, 'ephemeralStorage'), (e, w) => requestAndLimit(e, w, (s, sw) => sizeAmount(s, sw, 'toGibibytes')));
  return r;
}

/** Checks request and limit with `amount`, and that the request is not above the limit (the apiserver's rule). */
function requestAndLimit<T>(v: { readonly request?: T; readonly limit?: T }, where: Where, amount: (x: T, w: Where) => number): typeof v {
  checkObject(v, where, '{ request?, limit? }');
  const request = optional(v.request, at(where, 'request'), amount);
  const limit = optional(v.limit, at(where, 'limit'), amount);
  if (request !== undefined && limit !== undefined && request > limit) {
    fail(at(where, 'request'), `the request is above the limit (${request} > ${limit})`, 'a request less than or equal to the limit');
  }
  return v;
}

function cpuAmount(c: kplus.Cpu, where: Where): number {
  const amount = (c as { amount?: unknown } | null)?.amount;
  if (typeof amount !== 'string' || !QUANTITY.test(amount)) fail(where, `${show(amount ?? c)} is not a CPU amount`, CPU_RULE);
  return amount.endsWith('m') ? parseFloat(amount) / 1000 : parseFloat(amount);
}

function sizeAmount(s: unknown, where: Where, unit: 'toMebibytes' | 'toGibibytes'): number {
  const size = s as Record<string, unknown> | null;
  if (typeof size !== 'object' || size === null || typeof size[unit] !== 'function') fail(where, `${show(s)} is not a Size`, SIZE_RULE);
  let n: unknown;
  try {
    n = (size[unit] as () => unknown)();
  } catch (e) {
    fail(where, (e as Error).message, SIZE_RULE);
  }
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) fail(where, `${show(n)} is not a valid size`, SIZE_RULE);
  return n;
}

const SERVED_NAME_RULE = 'letters, digits, "-", "_" and "." (it is part of the request path)';

/** Everything about KServe options that does not depend on the deployment mode. */
export function checkKServeOptions(ks: KServeBackendOptions, where: Where): void {
  checkObject(ks, where, '{ modelFormat, storageUri, ... }');
  checkString(ks.modelFormat, at(where, 'modelFormat'), 'a model format name such as "xgboost", "sklearn", "pytorch", "onnx"', /^[A-Za-z0-9][A-Za-z0-9._-]*$/, 253, 'a model format name');
  optional(ks.modelFormatVersion, at(where, 'modelFormatVersion'), (v, w) => checkString(v, w, 'a version such as "1" or "2.0"', /^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 253, 'a version'));
  checkString(ks.storageUri, at(where, 'storageUri'), 'a URI such as s3://bucket/path, gs://..., pvc://..., hf://...', /^[a-z][a-z0-9+.-]*:\/\/\S+$/, 4096, 'a storage URI');
  optional(ks.runtime, at(where, 'runtime'), (v, w) => checkDnsName(v, w, 'ServingRuntime name', 'subdomain'));
  optional(ks.protocolVersion, at(where, 'protocolVersion'), (v, w) => checkEnum(v, w, KServeProtocol, 'KServeProtocol'));
  optional(ks.deploymentMode, at(where, 'deploymentMode'), (v, w) => checkEnum(v, w, KServeDeploymentMode, 'KServeDeploymentMode'));
  optional(ks.servedModelName, at(where, 'servedModelName'), (v, w) => checkString(v, w, SERVED_NAME_RULE, /^[A-Za-z0-9][-A-Za-z0-9_.]*$/, 253, 'a name that can appear in a request path'));
  optional(ks.cpu, at(where, 'cpu'), checkQuantity);
  optional(ks.memory, at(where, 'memory'), checkQuantity);
  optional(ks.cpuLimit, at(where, 'cpuLimit'), checkQuantity);
  optional(ks.memoryLimit, at(where, 'memoryLimit'), checkQuantity);
  optional(ks.gpus, at(where, 'gpus'), (n, w) => checkInt(n, w, 0, 64));
  optional(ks.minReplicas, at(where, 'minReplicas'), (n, w) => checkInt(n, w, 0, INT32_MAX));
  optional(ks.maxReplicas, at(where, 'maxReplicas'), (n, w) => checkInt(n, w, 1, INT32_MAX));
  optional(ks.canaryTrafficPercent, at(where, 'canaryTrafficPercent'), (n, w) => checkInt(n, w, 0, 100));
}

/** The Inference Extension's endpoint picker listens here (its Helm chart's default). */
export const DEFAULT_EPP_PORT = 9002;

/** An InferencePool's options, by the InferencePool v1 CRD's rules (1 to 8 unique target ports, a Service endpoint picker). */
export function checkInferencePoolOptions(pool: InferencePoolBackendOptions, where: Where): void {
  checkObject(pool, where, '{ podLabels, endpointPicker, targetPorts?, ... }');
  const epp = checkObject(pool.endpointPicker, at(where, 'endpointPicker'), '{ serviceName, port?, failureMode? }');
  checkDnsName(epp.serviceName, at(where, 'endpointPicker.serviceName'), 'Service name', '1035');
  optional(epp.port, at(where, 'endpointPicker.port'), (p, w) => checkInt(p, w, 1, 65535));
  optional(epp.failureMode, at(where, 'endpointPicker.failureMode'), (v, w) => checkEnum(v, w, EndpointPickerFailureMode, 'EndpointPickerFailureMode'));
  optional(pool.targetPorts, at(where, 'targetPorts'), (ports, w) => {
    checkArray(ports, w, (p, pw) => checkInt(p, pw, 1, 65535), 'a list of 1 to 8 ports (InferencePool targetPorts)', 1);
    if (ports.length > 8) fail(w, `${ports.length} ports were given`, 'a list of 1 to 8 ports (InferencePool targetPorts)');
    const dup = ports.find((p, i) => ports.indexOf(p) !== i);
    if (dup !== undefined) fail(w, `port ${dup} appears twice`, 'unique ports (the CRD rejects duplicates)');
    return ports;
  });
}
