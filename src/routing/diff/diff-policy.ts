/**
 * The DestinationRule side of a host's diff: versions (subsets) added or retired, their pod
 * labels, and the traffic policies (circuit breaker, connection pool, load balancer),
 * service-wide and per version, described as the routing report describes them.
 */
import { clause, Clause } from './clause';
import { RoutingChangeKind } from './diff-types';
import { stableJson } from '../../util/stable-json';
import { describeField, POLICY_FIELDS, PolicyField } from '../describe/destination-policy';
import { ServiceRouting, TrafficPolicySpec } from '../route-table';

const FIELD_NAMES: Record<PolicyField, string> = {
  outlierDetection: 'circuit breaker',
  connectionPool: 'connection pool',
  loadBalancer: 'load balancer',
  tls: 'TLS',
};

export function diffDestinationRule(before: ServiceRouting, after: ServiceRouting): Clause[] {
  const clauses: Clause[] = [];
  const old = new Map(before.versions.map(v => [v.name, v]));
  const now = new Map(after.versions.map(v => [v.name, v]));
  for (const v of after.versions) {
    if (!old.has(v.name)) clauses.push(clause({ kind: RoutingChangeKind.VERSION_ADDED, subject: `version ${v.name}`, after: v.name }, `version ${v.name} added`));
  }
  for (const v of before.versions) {
    if (!now.has(v.name)) clauses.push(clause({ kind: RoutingChangeKind.VERSION_RETIRED, subject: `version ${v.name}`, before: v.name }, `version ${v.name} retired`));
  }
  clauses.push(...policyClauses('', before.trafficPolicy, after.trafficPolicy));
  for (const v of after.versions) {
    const prev = old.get(v.name);
    if (!prev) continue;
    const [from, to] = [labelsText(prev.labels), labelsText(v.labels)];
    if (from !== to) {
      clauses.push(clause({ kind: RoutingChangeKind.VERSION_LABELS, subject: `${v.name} pod labels`, before: from, after: to }, `${v.name} pod labels ${from} → ${to}`));
    }
    clauses.push(...policyClauses(`${v.name} `, prev.trafficPolicy, v.trafficPolicy));
  }
  return clauses;
}

function policyClauses(prefix: string, before: TrafficPolicySpec | undefined, after: TrafficPolicySpec | undefined): Clause[] {
  return POLICY_FIELDS.flatMap(field => {
    if (stableJson(before?.[field]) === stableJson(after?.[field])) return [];
    const [from, to] = [fieldText(field, before), fieldText(field, after)];
    const subject = `${prefix}${FIELD_NAMES[field]}`;
    return [clause({ kind: RoutingChangeKind.POLICY, subject, before: from, after: to }, `${subject} ${from} → ${to}`)];
  });
}

function fieldText(field: PolicyField, policy: TrafficPolicySpec | undefined): string {
  return policy?.[field] ? describeField(field, policy) : 'none';
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
}
