import { isIPv4, isIPv6 } from 'net';
import { CEL_OPTIONALS } from './cel-optional';
import { goDurationError, goParseIntError } from './go-parse';
import { parseRequestUri } from './go-url';
import { K8S_FORMAT_LIBRARY } from './k8s-format';
import { CelEnv, CelFunc, CelScalar, CelValue, celEnv, celFunc, celMethod, isCelError, mapType, strings } from '../../../vendor/cel';
import { RE2JS } from '../../../vendor/re2js';

/**
 * The CEL environment of CRD validation rules: the CEL standard library (`@bufbuild/cel`: size, has,
 * all/exists/exists_one, int(), duration() with Go duration syntax and comparisons, startsWith/endsWith/
 * contains, matches), the strings extension (substring, indexOf, ...) that Kubernetes enables, Kubernetes'
 * URL, IP and format libraries, optional values (as far as k8s-format needs them), and RE2 (`re2js`) for
 * `matches`, as cel-go uses.
 */

/** A Kubernetes `URL` value: a map under the hood, recognised by this key. */
const URL_MARKER = '@k8s.url';
const URL_TYPE = mapType(CelScalar.STRING, CelScalar.STRING);
const STRING = CelScalar.STRING;
const BOOL = CelScalar.BOOL;

function urlFrom(text: string): Map<string, string> {
  const parsed = parseRequestUri(text);
  if (typeof parsed === 'string') throw new Error(`URL parse error during conversion from string: ${parsed}`);
  const colon = hostPortSplit(parsed.host);
  return new Map([
    [URL_MARKER, text],
    ['scheme', parsed.scheme],
    ['host', parsed.host],
    ['hostname', colon.hostname],
    ['port', colon.port],
    ['path', parsed.path],
  ]);
}

function hostPortSplit(host: string): { hostname: string; port: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::([0-9]*))?$/.exec(host);
  if (!m) return { hostname: host, port: '' };
  return { hostname: m[1].replace(/^\[|\]$/g, ''), port: m[2] ?? '' };
}

function urlField(this: unknown, field: string): string {
  const map = this as { get(k: string): unknown };
  if (typeof map?.get !== 'function' || map.get(URL_MARKER) === undefined) throw new Error(`${field} expects a URL`);
  return String(map.get(field));
}

const K8S_URL_LIBRARY: CelFunc[] = [
  celFunc('url', [STRING], URL_TYPE, urlFrom),
  celFunc('isURL', [STRING], BOOL, (s: string) => typeof parseRequestUri(s) !== 'string'),
  celMethod('getScheme', URL_TYPE, [], STRING, function () { return urlField.call(this, 'scheme'); }),
  celMethod('getHost', URL_TYPE, [], STRING, function () { return urlField.call(this, 'host'); }),
  celMethod('getHostname', URL_TYPE, [], STRING, function () { return urlField.call(this, 'hostname'); }),
  celMethod('getPort', URL_TYPE, [], STRING, function () { return urlField.call(this, 'port'); }),
  celMethod('getEscapedPath', URL_TYPE, [], STRING, function () { return urlField.call(this, 'path'); }),
];

/**
 * Kubernetes' IP library `isIP(string)` (k8s.io/apiserver/pkg/cel/library/ip.go: `netip.ParseAddr`, then
 * zones and IPv4-mapped IPv6 addresses refused). Gateway API's TLSRoute and Gateway rules call it.
 */
export function isKubernetesIp(s: string): boolean {
  if (s.includes('%')) return false;
  if (isIPv4(s)) return !/(^|\.)0\d/.test(s); // netip rejects leading zeros
  if (!isIPv6(s)) return false;
  return !isIpv4Mapped(s);
}

/** `::ffff:a.b.c.d` or `::ffff:xxxx:xxxx` (Is4In6). */
function isIpv4Mapped(s: string): boolean {
  const lower = s.toLowerCase();
  const m = /^(.*):ffff:(.+)$/.exec(lower);
  if (!m) return false;
  const head = m[1];
  const tail = m[2];
  const zeros = head === ':' || head === '' || /^(0{1,4}:)*(0{1,4})?:?$/.test(head);
  const tailIsV4 = isIPv4(tail) || /^[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(tail);
  return zeros && tailIsV4;
}

const K8S_IP_LIBRARY: CelFunc[] = [celFunc('isIP', [STRING], BOOL, isKubernetesIp)];

/**
 * `duration(string)` and `int(string)` with Go's syntax (cel-go parses with time.ParseDuration and
 * strconv.ParseInt): text Go rejects is an evaluation error here too; the rest is left to the standard library.
 */
function goStrictConversions(): CelFunc[] {
  const std = celEnv({}).funcs;
  const strict = (name: string, goError: (s: string) => string | undefined, normalize: (s: string) => string): CelFunc => {
    const base = [...(std.find(name) ?? [])].find(f => f.id === `${name}(string)`);
    if (!base) throw new Error(`@bufbuild/cel has no ${name}(string)`);
    return celFunc(name, [STRING], base.result, (s: string) => {
      const error = goError(s);
      if (error) throw new Error(error);
      const result = base.call(0, undefined, [normalize(s)]);
      if (result === undefined || isCelError(result)) throw new Error(`${name}(${JSON.stringify(s)}) failed`);
      return result as CelValue as any;
    });
  };
  return [
    strict('duration', goDurationError, s => s.replace(/μs/g, 'µs')),
    strict('int', goParseIntError, s => s),
  ];
}

const regexCache = new Map<string, RE2JS>();

/** cel-go's `matches`: RE2, unanchored (a match anywhere in the string). */
const RE2_ENGINE = {
  compile(pattern: string) {
    let re = regexCache.get(pattern);
    if (!re) {
      re = RE2JS.compile(pattern);
      regexCache.set(pattern, re);
    }
    const compiled = re;
    return { test: (text: string) => compiled.test(text) };
  },
};

/** Call operators the planner evaluates itself (not through the function resolver). */
const PLANNER_OPERATORS: ReadonlySet<string> = new Set([
  '_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__',
]);

let env: CelEnv | undefined;

export function validationEnv(): CelEnv {
  if (!env) {
    env = celEnv({
      funcs: [...strings, ...K8S_URL_LIBRARY, ...K8S_IP_LIBRARY, ...K8S_FORMAT_LIBRARY, ...CEL_OPTIONALS, ...goStrictConversions()],
      re2: RE2_ENGINE,
    });
  }
  return env;
}

/** Whether a function or operator name found in a rule's AST can be evaluated here. */
export function isSupportedFunction(name: string): boolean {
  return PLANNER_OPERATORS.has(name) || validationEnv().funcs.find(name) !== undefined;
}
