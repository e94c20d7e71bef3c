/**
 * Istio 1.30's webhook rules for the security kinds we emit (validation.go
 * `ValidateAuthorizationPolicy`, `ValidatePeerAuthentication`, `validateWorkloadSelector`;
 * pkg/config/security `CheckEmptyValues`, `ValidatePorts`), with Istio's messages. The
 * attribute checks of `when` conditions are not modelled.
 */
import { checkWorkloadSelector } from './destination-rule';
import { Report } from './report';
import { arr, entries, has, nonEmpty, Obj, obj, str } from './values';

/** `CheckEmptyValues`: one finding per list with an empty string. */
function checkEmptyValues(r: Report, path: string, o: Obj, keys: readonly string[]): void {
  for (const key of keys) {
    if (arr(o[key]).some(v => str(v) === '')) {
      r.error(`${path}.${key}`, 'authz-empty-value', `empty value not allowed, found in ${key[0].toUpperCase()}${key.slice(1)}`);
    }
  }
}

/** `ValidatePorts`: decimal uint32 up to 65535, with Go's strconv error text. */
function checkPorts(r: Report, path: string, ports: unknown[]): void {
  for (const p of ports) {
    const port = str(p);
    if (!/^[0-9]+$/.test(port)) {
      r.error(path, 'authz-port', `bad port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: invalid syntax`);
    } else if (Number(port) > 65535) {
      r.error(path, 'authz-port', `bad port (${port}): <nil>`);
    }
  }
}

const SOURCE_KEYS = ['principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'notPrincipals',
  'notRequestPrincipals', 'notNamespaces', 'notIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'] as const;
const OPERATION_KEYS = ['ports', 'methods', 'paths', 'hosts', 'notPorts', 'notMethods', 'notPaths', 'notHosts'] as const;

function checkSource(r: Report, path: string, i: number, src: Obj): void {
  const count = (keys: readonly string[]) => keys.filter(k => nonEmpty(src[k])).length;
  if (count(['principals', 'notPrincipals', 'namespaces', 'notNamespaces']) > 0 && count(['serviceAccounts', 'notServiceAccounts']) > 0) {
    r.error(path, 'authz-source', `cannot set serviceAccounts with namespaces or principals, found at rule ${i}`);
  }
  if (count(SOURCE_KEYS) === 0) r.error(path, 'authz-source', `\`from.source\` must not be empty, found at rule ${i}`);
  checkEmptyValues(r, path, src, SOURCE_KEYS.filter(k => !k.includes('erviceAccounts')));
}

function checkOperation(r: Report, path: string, i: number, op: Obj): void {
  if (OPERATION_KEYS.every(k => !nonEmpty(op[k]))) r.error(path, 'authz-operation', `\`to.operation\` must not be empty, found at rule ${i}`);
  checkPorts(r, `${path}.ports`, arr(op.ports));
  checkPorts(r, `${path}.notPorts`, arr(op.notPorts));
  checkEmptyValues(r, path, op, OPERATION_KEYS);
}

function checkRule(r: Report, rule: unknown, i: number): void {
  const path = `spec.rules[${i}]`;
  const o = obj(rule);
  if (!o) {
    r.error(path, 'authz-rule', `\`rule\` must not be nil, found at rule ${i}`);
    return;
  }
  arr(o.from).forEach((from, j) => {
    const f = obj(from);
    const source = obj(f?.source);
    if (!f) r.error(`${path}.from[${j}]`, 'authz-source', `\`from\` must not be nil, found at rule ${i}`);
    else if (!source) r.error(`${path}.from[${j}].source`, 'authz-source', `\`from.source\` must not be nil, found at rule ${i}`);
    else checkSource(r, `${path}.from[${j}].source`, i, source);
  });
  arr(o.to).forEach((to, j) => {
    const t = obj(to);
    const op = obj(t?.operation);
    if (!t) r.error(`${path}.to[${j}]`, 'authz-operation', `\`to\` must not be nil, found at rule ${i}`);
    else if (!op) r.error(`${path}.to[${j}].operation`, 'authz-operation', `\`to.operation\` must not be nil, found at rule ${i}`);
    else checkOperation(r, `${path}.to[${j}].operation`, i, op);
  });
  arr(o.when).forEach((when, j) => {
    const w = obj(when) ?? {};
    const key = str(w.key);
    if (key === '') {r.error(`${path}.when[${j}].key`, 'authz-condition', '`key` must not be empty');} else if (!nonEmpty(w.values) && !nonEmpty(w.notValues)) {
      r.error(`${path}.when[${j}]`, 'authz-condition', `at least one of \`values\` or \`notValues\` must be set for key ${key}`);
    }
  });
}

export function checkAuthorizationPolicySpec(r: Report, spec: unknown): void {
  const s = obj(spec) ?? {};
  const selector = obj(s.selector);
  if ([selector !== undefined, has(s, 'targetRef'), nonEmpty(s.targetRefs)].filter(Boolean).length > 1) {
    r.error('spec', 'selector', 'only one of targetRefs or workloadSelector can be set');
  }
  checkWorkloadSelector(r, 'spec.selector', selector);
  const action = str(s.action) || 'ALLOW';
  const rules = arr(s.rules);
  const noRules = !nonEmpty(s.rules);
  if (action === 'CUSTOM') {
    if (noRules) {
      r.error('spec.rules', 'authz-action', 'CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request');
    } else if (str(obj(s.provider)?.name) === '') {
      r.error('spec.provider.name', 'authz-action', '`provider.name` must not be empty');
    }
  }
  if (has(s, 'provider') && action !== 'CUSTOM') r.error('spec.provider', 'authz-action', `\`provider\` must not be with non CUSTOM action, found ${action}`);
  if (action === 'DENY' && noRules) {
    r.error('spec.rules', 'authz-action', 'DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request');
  }
  rules.forEach((rule, i) => checkRule(r, rule, i));
}

export function checkPeerAuthenticationSpec(r: Report, spec: unknown): void {
  const s = obj(spec) ?? {};
  const selector = obj(s.selector);
  const ports = entries(s.portLevelMtls);
  if (entries(selector?.matchLabels).length === 0 && ports.length > 0) {
    r.error('spec.portLevelMtls', 'peer-authentication', 'mesh/namespace peer authentication cannot have port level mTLS');
  }
  for (const [port] of ports) {
    const n = Number(port);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) r.error(`spec.portLevelMtls.${port}`, 'peer-authentication', 'port must be in range 1..65535');
  }
  checkWorkloadSelector(r, 'spec.selector', selector);
}
