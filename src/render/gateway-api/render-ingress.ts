/**
 * An ingress (ModelIngress: external hosts, models exposed in order, optionally under path prefixes) →
 * a Gateway plus one HTTPRoute per exposed model, attached to the Gateway with the external hostnames.
 * A model under prefix `/p` keeps its routes: each match gets `/p` in front, and `URLRewrite` removes it
 * again (ReplacePrefixMatch `/` on PathPrefix `/p`, ReplaceFullPath on exact paths), so the model sees
 * the paths it serves in the mesh. Versions served by InferencePools get InferencePool backendRefs
 * (weights split across pools), where the profile routes to pools.
 */
import { FeatureLedger, USE_ISTIO } from './features';
import { GatewayApiProfile } from './profile';
import { BackendResolver, renderRule } from './render-rule';
import { GatewayApiRendering, InferencePoolBackendSpec, inferencePool, RenderedObject, versionServiceName } from './render-service';
import { orderConflicts, pathOf } from '../../routing/gateway-api-precedence';
import { HttpRouteRule, ServiceRouting } from '../../routing/route-table';
import { serviceOfHost } from '../../util/hosts';
import { GATEWAY_API_V1 } from '../../wire/api-versions';
import { HTTPRouteSpecRules, HTTPRouteSpecRulesBackendRefs, HTTPRouteSpecRulesMatches } from '../../wire/generated/gateway-api';

export interface ExposedModelSpec {
  readonly routing: ServiceRouting;
  /** `/p` without a trailing slash; undefined for every path. */
  readonly pathPrefix?: string;
  /** Versions served by InferencePools, by version name. */
  readonly inferencePools?: Readonly<Record<string, InferencePoolBackendSpec>>;
}

export interface GatewayApiIngressInput {
  readonly name: string;
  readonly namespace?: string;
  readonly hosts: readonly string[];
  /** The implementation's GatewayClass, e.g. `istio`, `eg`, `gke-l7-regional-external-managed`. */
  readonly gatewayClassName: string;
  /** HTTPS with this Secret (certificate), else plain HTTP on port 80. */
  readonly tlsSecret?: string;
  /** With `tlsSecret`: also listen on HTTP and redirect every request there to HTTPS (301). */
  readonly httpsRedirect?: boolean;
  readonly exposed: readonly ExposedModelSpec[];
  readonly profile: GatewayApiProfile;
  readonly path: string;
}

export function renderIngressRouting(input: GatewayApiIngressInput): GatewayApiRendering {
  const ledger = new FeatureLedger(input.profile, 'gateway', input.path);
  ledger.need('Gateway', 'gateway', 'a Gateway', USE_ISTIO);
  ledger.need('HTTPRoute', 'gateway', 'an HTTPRoute', USE_ISTIO);
  const objects: RenderedObject[] = [gateway(input), ...httpsRedirectRoute(input, ledger)];
  // With a redirect, model routes attach to the HTTPS listeners only: on the HTTP ones their longer
  // prefixes would outrank the redirect's catch-all and serve plain HTTP.
  const parentRefs = input.tlsSecret && input.httpsRedirect
    ? input.hosts.map((_, i) => ({ group: GATEWAY_GROUP, kind: 'Gateway', name: input.name, sectionName: `https-${i}` }))
    : [{ group: GATEWAY_GROUP, kind: 'Gateway', name: input.name }];
  const allRules: Array<readonly HTTPRouteSpecRulesMatches[]> = [];
  input.exposed.forEach((e, i) => {
    const field = `expose[${i}]`;
    const pools = e.inferencePools ?? {};
    if (Object.keys(pools).length && !input.profile.inferencePool) {
      ledger.fail(`${field}.inferencePools`, `profile ${input.profile.name} does not route to InferencePool backends`, 'Service-backed versions, or a profile with the Inference Extension (Istio, GKE)');
    }
    const backend = ingressBackends(e, pools, ledger, field);
    const rules = e.routing.routes.flatMap((r, j) => prefixedRules(r, e.pathPrefix, ledger, backend, `${field}.routes[${j}]`));
    allRules.push(...rules.map(r => r.matches ?? []));
    objects.push({
      apiVersion: GATEWAY_API_V1,
      kind: 'HTTPRoute',
      metadata: { name: `${input.name}-${e.routing.name}`, namespace: input.namespace },
      spec: { parentRefs, hostnames: [...input.hosts], rules },
    });
    for (const [version, spec] of Object.entries(pools)) objects.push(inferencePool(e.routing, version, spec));
  });
  // Routes of different models share the Gateway: precedence decides across them, like within one route.
  for (const c of ledger.problems.length ? [] : orderConflicts(allRules)) {
    ledger.fail('expose', `Gateway API would send some requests of an earlier exposed route (#${c.first}) to a later one (#${c.later}): ${c.reason}`,
      'longer path prefixes first and exclusive conditions across models');
  }
  return { objects: ledger.problems.length ? [] : objects, problems: ledger.problems, features: [...ledger.used].sort(), notes: [...ledger.notes] };
}

const GATEWAY_GROUP = GATEWAY_API_V1.split('/')[0];

function gateway(input: GatewayApiIngressInput): RenderedObject {
  const http = input.hosts.map((hostname, i) => ({ name: `http-${i}`, hostname, port: 80, protocol: 'HTTP' }));
  const https = input.hosts.map((hostname, i) => ({
    name: `https-${i}`, hostname, port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: input.tlsSecret }] },
  }));
  const listeners = !input.tlsSecret ? http : input.httpsRedirect ? [...http, ...https] : https;
  return {
    apiVersion: GATEWAY_API_V1,
    kind: 'Gateway',
    metadata: { name: input.name, namespace: input.namespace },
    spec: { gatewayClassName: input.gatewayClassName, listeners },
  };
}

/** On the HTTP listeners, one rule answering every request with a 301 to HTTPS. */
function httpsRedirectRoute(input: GatewayApiIngressInput, ledger: FeatureLedger): RenderedObject[] {
  if (!input.tlsSecret || !input.httpsRedirect) return [];
  ledger.need('HTTPRouteSchemeRedirect', 'httpsRedirect', 'redirecting HTTP to HTTPS', 'HTTPS only');
  return [{
    apiVersion: GATEWAY_API_V1,
    kind: 'HTTPRoute',
    metadata: { name: `${input.name}-https-redirect`, namespace: input.namespace },
    spec: {
      parentRefs: input.hosts.map((_, i) => ({ group: GATEWAY_GROUP, kind: 'Gateway', name: input.name, sectionName: `http-${i}` })),
      hostnames: [...input.hosts],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    },
  }];
}

/** Version Services by default; InferencePools for the versions that have one. */
function ingressBackends(e: ExposedModelSpec, pools: Readonly<Record<string, InferencePoolBackendSpec>>, ledger: FeatureLedger,
  field: string): BackendResolver {
  const s = e.routing;
  return (target, at) => {
    const own = target.host === s.host || serviceOfHost(target.host).name === s.name;
    if (own && target.subset !== undefined && pools[target.subset]) {
      return { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: versionServiceName(s.name, target.subset) } as HTTPRouteSpecRulesBackendRefs;
    }
    if (own && target.subset !== undefined) return { group: '', kind: 'Service', name: versionServiceName(s.name, target.subset), port: target.port ?? s.port } as HTTPRouteSpecRulesBackendRefs;
    if (target.subset !== undefined) ledger.fail(`${field}.${at}`, `subset "${target.subset}" of another host (${target.host}) has no Gateway API equivalent`, 'that model\'s version Service');
    return { group: '', kind: 'Service', name: serviceOfHost(target.host).name, port: target.port ?? s.port } as HTTPRouteSpecRulesBackendRefs;
  };
}

/**
 * One rule per match block (ReplacePrefixMatch needs exactly one PathPrefix match, CEL), each with the
 * prefix in front of its path and a rewrite that takes it away again.
 */
function prefixedRules(r: HttpRouteRule, prefix: string | undefined, ledger: FeatureLedger, backend: BackendResolver,
  field: string): HTTPRouteSpecRules[] {
  if (prefix === undefined) return [renderRule(r, ledger, backend, field)];
  if (r.rewrite) {
    ledger.fail(`${field}.rewrite`, `the route rewrites the path itself; under path prefix ${prefix} the Gateway rewrites it (one rewrite per rule)`, 'expose the model without a prefix');
    return [];
  }
  const blocks = r.matches.length ? r.matches : [{}];
  return blocks.map((b, i) => {
    const rendered = renderRule({ ...r, name: blocks.length > 1 && r.name ? `${r.name}-${i}` : r.name, matches: [b] }, ledger, backend, field);
    const match = rendered.matches?.[0] ?? {};
    const path = pathOf(match);
    if (path.type === 'RegularExpression') {
      ledger.fail(`${field}.matches[${i}].uri`, `a regex path under path prefix ${prefix} cannot be rewritten back (Gateway API has no regex rewrite)`, 'exact paths');
      return rendered;
    }
    const exact = path.type === 'Exact';
    const outside = exact ? `${prefix}${path.value}` : `${prefix}${path.value === '/' ? '' : path.value}`;
    if (rendered.filters?.some(f => f.type === 'RequestRedirect')) return { ...rendered, matches: [{ ...match, path: { type: path.type, value: outside } }] };
    ledger.need('HTTPRoutePathRewrite', `${field}.matches[${i}]`, `removing path prefix ${prefix}`, 'expose the model without a prefix');
    const rewrite = exact ? { type: 'ReplaceFullPath' as const, replaceFullPath: path.value } : { type: 'ReplacePrefixMatch' as const, replacePrefixMatch: path.value };
    return {
      ...rendered,
      matches: [{ ...match, path: { type: path.type, value: outside } }],
      filters: [...(rendered.filters ?? []), { type: 'URLRewrite', urlRewrite: { path: rewrite } }],
    };
  });
}
