/**
 * Boundary checks for props and factory arguments. Values may come from JavaScript or a loose
 * cast, so each checker verifies the JS type first, then range or format, and fails with a
 * `MeshConfigError` naming the construct path (or factory), the field and what is allowed.
 */
import { Duration } from 'cdk8s';
import { DNS1035_LABEL_RULE, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, isHttpToken } from './dns';
import { istioDurationError, toMillis } from './duration';
import { MeshConfigError } from './errors';
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors } from './k8s-names';

/** Where a value came from: the construct path (or `Factory.method`) and the prop's field path. */
export interface Where {
  readonly path: string;
  readonly field: string;
}

export function at(where: Where, sub: string): Where {
  if (where.field === '') return { path: where.path, field: sub };
  return { path: where.path, field: sub.startsWith('[') ? `${where.field}${sub}` : `${where.field}.${sub}` };
}

/** Arguments of a static factory, e.g. `factory('RequestMatch.header', 'name')`. */
export function factory(name: string, field: string): Where {
  return { path: name, field };
}

export function fail(where: Where, problem: string, allowed?: string): never {
  throw new MeshConfigError(where.path, where.field, problem, allowed);
}

/** A value as an error message shows it: strings quoted (and cut), other types named. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  const name = (v as object).constructor?.name;
  return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
}

/** Optional values: `undefined` means "not set" (the default); `null` is an error, not a default. */
export function optional<T, R = T>(v: T | undefined, where: Where, check: (v: T, where: Where) => R): R | undefined {
  return v === undefined ? undefined : check(v, where);
}

// ---------------------------------------------------------------- JS types

/** A props object (or options bag); returns it typed for field access. */
export function checkObject<T extends object>(v: T, where: Where, allowed = 'an object'): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, `${show(v)} is not an object`, allowed);
  return v;
}

export function checkBoolean(v: boolean, where: Where): boolean {
  if (typeof v !== 'boolean') fail(where, `${show(v)} is not a boolean`, 'true or false');
  return v;
}

/** A string without control characters, 1..maxLength long, optionally matching `pattern` (whose rule is `rule`). */
export function checkString(v: string, where: Where, rule: string, pattern?: RegExp, maxLength = 4096, what = 'valid'): string {
  if (typeof v !== 'string') fail(where, `${show(v)} is not a string`, rule);
  if (v.length === 0) fail(where, 'must not be empty', rule);
  if (v.length > maxLength) fail(where, `${show(v)} is ${v.length} characters, over ${maxLength}`, rule);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) fail(where, `${show(v)} contains a control character`, rule);
  if (pattern && !pattern.test(v)) fail(where, `${show(v)} is not ${what}`, rule);
  return v;
}

/** An instance of a library class, made by its static factories (e.g. `LoadBalancer.roundRobin()`). */
export function checkInstance<T>(v: T, where: Where, cls: { readonly prototype: T; readonly name: string }, allowed: string): T {
  if (!(v instanceof (cls as unknown as new () => T))) fail(where, `${show(v)} is not a ${cls.name}`, allowed);
  return v;
}

/** A member of a string enum, e.g. `KServeProtocol`. */
export function checkEnum<T extends string>(v: T, where: Where, values: Record<string, T>, enumName: string): T {
  const members = Object.entries(values);
  if (!members.some(([, value]) => value === v)) {
    fail(where, `${show(v)} is not a ${enumName}`, members.map(([k, value]) => `${enumName}.${k} ("${value}")`).join(', '));
  }
  return v;
}

/** An array whose items each pass `check`; `minLength` items at least. */
export function checkArray<T>(v: T[], where: Where, check: (item: T, where: Where) => T, allowed: string, minLength = 0): T[] {
  if (!Array.isArray(v)) fail(where, `${show(v)} is not an array`, allowed);
  if (v.length < minLength) fail(where, `${v.length} item(s) given, at least ${minLength} needed`, allowed);
  return v.map((item, i) => check(item, at(where, `[${i}]`)));
}

/** A plain object of string keys to string values, keys checked by `checkKey`. */
export function checkStringMap(v: Record<string, string>, where: Where, checkKey: (key: string, where: Where) => string,
  allowed: string): Record<string, string> {
  checkObject(v, where, allowed);
  const out: Record<string, string> = {};
  for (const key of Object.keys(v)) {
    const w = at(where, `[${JSON.stringify(key)}]`);
    checkKey(key, w);
    if (typeof v[key] !== 'string') fail(w, `${show(v[key])} is not a string`, allowed);
    out[key] = v[key];
  }
  return out;
}

// ---------------------------------------------------------------- numbers

/** A whole number in [min, max]. */
export function checkInt(n: number, where: Where, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    fail(where, `${show(n)} is invalid`, max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number in ${min}..${max}`);
  }
  return n === 0 ? 0 : n; // -0 renders as 0 anyway; keep it out of comparisons and reports
}

export function checkOptionalInt(n: number | undefined, where: Where, min: number, max?: number): number | undefined {
  return n === undefined ? undefined : checkInt(n, where, min, max);
}

/** Istio's fault/mirror percentages: 0, or in [0.0001, 100]. */
export function checkPercent(n: number, where: Where): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 100 || (n > 0 && n < 0.0001)) {
    fail(where, `${show(n)} is not a valid percentage`, '0, or a number in 0.0001..100');
  }
  return n === 0 ? 0 : n;
}

// ---------------------------------------------------------------- durations

/** A cdk8s `Duration` (or a Duration of another cdk8s copy: anything with `toMilliseconds`). */
export function checkDurationType(d: Duration, where: Where): Duration {
  const duck = d as unknown as { toMilliseconds?: unknown };
  if (!(d instanceof Duration) && (typeof duck !== 'object' || duck === null || typeof duck.toMilliseconds !== 'function')) {
    fail(where, `${show(d)} is not a Duration`, 'a cdk8s Duration, e.g. Duration.millis(200) or Duration.seconds(30)');
  }
  return d;
}

/** A duration Istio accepts: at least 1ms, whole milliseconds. Returns milliseconds. */
export function checkDuration(d: Duration, where: Where): number {
  checkDurationType(d, where);
  let ms: number;
  try {
    ms = toMillis(d);
  } catch (e) {
    fail(where, `the Duration cannot be read in milliseconds: ${(e as Error).message}`, 'whole milliseconds >= 1ms');
  }
  if (typeof ms !== 'number') fail(where, `toMilliseconds() returned ${show(ms)}`, 'a cdk8s Duration');
  const problem = istioDurationError(ms);
  if (problem) fail(where, `${ms}ms is invalid: ${problem}`, 'whole milliseconds >= 1ms');
  return ms;
}

export function checkOptionalDuration(d: Duration | undefined, where: Where): number | undefined {
  return d === undefined ? undefined : checkDuration(d, where);
}

// ---------------------------------------------------------------- names

/** A Kubernetes name by the apiserver's own rule (DNS-1123 label, DNS-1035 label or DNS-1123 subdomain). */
export function checkDnsName(v: string, where: Where, what: string, kind: '1123' | '1035' | 'subdomain' = '1123'): string {
  const [errors, rule] = kind === '1035' ? [dns1035LabelErrors, DNS1035_LABEL_RULE]
    : kind === 'subdomain' ? [dns1123SubdomainErrors, DNS1123_SUBDOMAIN_RULE] : [dns1123LabelErrors, DNS1123_LABEL_RULE];
  if (typeof v !== 'string' || errors(v).length) fail(where, `${show(v)} is not a valid ${what}`, rule);
  return v;
}

export const HTTP_HEADER_RULE = "an HTTP header name: letters, digits and !#$%&'*+-.^_`|~ (stored in lower case, as Envoy compares them)";

/**
 * An HTTP header name (RFC 7230 token, as Istio's webhook requires), returned in lower case:
 * header names are case-insensitive, Envoy keeps them in lower case and Istio's API asks for lower-case keys.
 */
export function checkHeaderName(v: string, where: Where): string {
  if (typeof v !== 'string' || v.length > 256 || !isHttpToken(v)) fail(where, `${show(v)} is not a valid header name`, HTTP_HEADER_RULE);
  return v.toLowerCase();
}

/** A duration of whole seconds, at least `minSeconds` (Prometheus windows, Argo intervals). Returns milliseconds. */
export function checkSeconds(d: Duration, where: Where, minSeconds = 1): number {
  const ms = toMillis(d);
  if (!Number.isInteger(ms / 1000) || ms < minSeconds * 1000) {
    fail(where, `${ms}ms is invalid`, `whole seconds, at least ${minSeconds}s`);
  }
  return ms;
}

/** A finite number in [min, max], fractions allowed (thresholds, rates). */
export function checkNumber(n: number, where: Where, min: number, max = Number.MAX_VALUE): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    fail(where, `${n} is invalid`, max === Number.MAX_VALUE ? `a number >= ${min}` : `a number in ${min}..${max}`);
  }
  return n;
}
