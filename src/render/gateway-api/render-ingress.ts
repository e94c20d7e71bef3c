/**
 * An ingress (ModelIngress: external hosts, listeners, models exposed in order, optionally under path
 * prefixes) → a Gateway plus one HTTPRoute per exposed model, attached to the Gateway with the external
 * hostnames. A model under prefix `/p` keeps its routes: each match gets `/p` in front, and `URLRewrite`
 * removes it again (ReplacePrefixMatch `/` on PathPrefix `/p`, ReplaceFullPath on exact paths), so the model
 * sees the paths it serves in the mesh. Versions served by InferencePools get InferencePool backendRefs
 * (weights split across pools); the pools themselves are the model's objects (render-service.ts). A model
 * in another namespace gets backendRefs with its namespace and a ReferenceGrant there.
 */
import { FeatureLedger, USE_ISTIO } from './features';
import { GatewayApiProfile } from './profile';
import { BackendResolver, renderRule } from './render-rule';
import { done, GatewayApiRendering, RenderedObject, versionServiceName } from './render-service';
import { orderConflicts, pathOf } from '../../routing/gateway-api-precedence';
import { HttpRouteRule, ServiceRouting } from '../../routing/route-table';
import { serviceOfHost } from '../../util/hosts';
import { IngressListener } from '../../values/ingress-listener';
import { GATEWAY_API_V1, INFERENCE_POOL_V1 } from '../../wire/api-versions';
import { HTTPRouteSpecParentRefs, HTTPRouteSpecRules, HTTPRouteSpecRulesBackendRefs, HTTPRouteSpecRulesMatches } from '../../wire/generated/gateway-api';

export interface ExposedModelSpec {
  readonly routing: ServiceRouting;
  /** `/p` without a trailing slash; undefined for every path. */
  readonly pathPrefix?: string;
}

export interface GatewayApiIngressInput {
  readonly name: string;
  readonly namespace?: string;
  readonly hosts: readonly string[];
  /** The implementation's GatewayClass, e.g. `istio`, `eg`, `gke-l7-regional-external-managed`. */
  readonly gatewayClassName: string;
  /** Each listener is repeated per host as `<name>-<host index>` (the sectionName routes attach to). */
  readonly listeners: readonly IngressListener[];
  readonly exposed: readonly ExposedModelSpec[];
  readonly profile: GatewayApiProfile;
  readonly path: string;
}

/** The HTTPRoute of one exposed model: `<ingress>-<model>`. */
export function ingressHttpRouteName(ingress: string, model: string): string {
  return `${ingress}-${model}`;
}

/** The ReferenceGrant an ingress in namespace `from` puts into each other namespace it routes to. */
export function referenceGrantName(ingress: string, from: string): string {
  return `${ingress}-from-${from}`;
}

/** The namespace an object without one is applied to. */
export const namespaceOf = (ns: string | undefined): string => ns ?? 'default';

export function renderIngressRouting(input: GatewayApiIngressInput): GatewayApiRendering {
  const ledger = new FeatureLedger(input.profile, 'gateway', input.path);
  ledger.need('Gateway', 'gateway', 'a Gateway', USE_ISTIO);
  ledger.need('HTTPRoute', 'gateway', 'an HTTPRoute', USE_ISTIO);
  const objects: RenderedObject[] = [gateway(input), ...httpsRedirectRoute(input, ledger)];
  const parentRefs = routeParents(input);
  const allRules: Array<readonly HTTPRouteSpecRulesMatches[]> = [];
  input.exposed.forEach((e, i) => {
    const field = `expose[${i}]`;
    if (e.routing.versions.some(v => v.inferencePool) && !input.profile.inferencePool) {
      ledger.fail(`${field}.versions`, `profile ${input.profile.name} does not route to InferencePool backends`, 'Service-backed versions, or a profile with the Inference Extension (Istio, GKE)');
    }
    const backend = ingressBackends(e.routing, namespaceOf(input.namespace), ledger, field);
    const rules = e.routing.routes.flatMap((r, j) => prefixedRules(r, e.pathPrefix, ledger, backend, `${field}.routes[${j}]`));
    allRules.push(...rules.map(r => r.matches ?? []));
    objects.push({
      apiVersion: GATEWAY_API_V1,
      kind: 'HTTPRoute',
      metadata: { name: ingressHttpRouteName(input.name, e.routing.name), namespace: input.namespace },
      spec: { parentRefs, hostnames: [...input.hosts], rules },
    });
  });
  objects.push(...referenceGrants(input, ledger));
  // Routes of different models share the Gateway: precedence decides across them, like within one route.
  for (const c of ledger.problems.length ? [] : orderConflicts(allRules)) {
    ledger.fail('expose', `Gateway API would send some requests of an earlier exposed route (#${c.first}) to a later one (#${c.later}): ${c.reason}`,
      'longer path prefixes first and exclusive conditions across models');
  }
  return done(ledger, objects);
}

const GATEWAY_GROUP = GATEWAY_API_V1.split('/')[0];
const POOL_GROUP = INFERENCE_POOL_V1.split('/')[0];
/** v1beta1: the version Istio watches (gvk ReferenceGrant, istio@86c9f01f), served by every Gateway API release since v0.6. */
export const REFERENCE_GRANT_V1BETA1 = `${GATEWAY_GROUP}/v1beta1`;


/** The Gateway's listeners: each listener once per host, named `<listener>-<host index>`. */
function gateway(input: GatewayApiIngressInput): RenderedObject {
  const listeners = input.listeners.flatMap(l => input.hosts.map((hostname, i) => ({
    name: `${l.name}-${i}`,
    hostname,
    port: l.port,
    protocol: l.protocol,
    ...l.protocol === 'HTTPS' ? { tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: l.tlsSecret }] } } : {},
  })));
  return {
    apiVersion: GATEWAY_API_V1,
    kind: 'Gateway',
    metadata: { name: input.name, namespace: input.namespace },
    spec: { gatewayClassName: input.gatewayClassName, listeners },
  };
}

function sections(input: GatewayApiIngressInput, pick: (l: IngressListener) => boolean): HTTPRouteSpecParentRefs[] {
  return input.listeners.filter(pick).flatMap(l => input.hosts.map((_, i) => ({ group: GATEWAY_GROUP, kind: 'Gateway', name: input.name, sectionName: `${l.name}-${i}` })));
}

/**
 * Model routes attach to the whole Gateway, or, when some listeners redirect, to the others only: on a
 * redirecting listener their longer prefixes would outrank the redirect's catch-all and serve plain HTTP.
 */
function routeParents(input: GatewayApiIngressInput): HTTPRouteSpecParentRefs[] {
  if (!input.listeners.some(l => l.redirectToHttps)) return [{ group: GATEWAY_GROUP, kind: 'Gateway', name: input.name }];
  return sections(input, l => !l.redirectToHttps);
}

/** On the redirecting HTTP listeners, one rule answering every request with a 301 to HTTPS. */
function httpsRedirectRoute(input: GatewayApiIngressInput, ledger: FeatureLedger): RenderedObject[] {
  if (!input.listeners.some(l => l.redirectToHttps)) return [];
  const https = input.listeners.find(l => l.protocol === 'HTTPS');
  if (!https) {
    ledger.fail('listeners', 'an HTTP listener redirects to HTTPS, but the gateway has no HTTPS listener', 'add GatewayListener.https(...), or drop redirectToHttps');
    return [];
  }
  ledger.need('HTTPRouteSchemeRedirect', 'listeners', 'redirecting HTTP to HTTPS', 'HTTPS only');
  // Without a port the redirect goes to 443 (HTTPRequestRedirectFilter.port, httproute_types.go@v1.6.1).
  const port = https.port === 443 ? {} : { port: https.port };
  if (https.port !== 443) ledger.need('HTTPRoutePortRedirect', 'listeners', `redirecting to HTTPS port ${https.port}`, 'HTTPS on port 443');
  return [{
    apiVersion: GATEWAY_API_V1,
    kind: 'HTTPRoute',
    metadata: { name: `${input.name}-https-redirect`, namespace: input.namespace },
    spec: {
      parentRefs: sections(input, l => !!l.redirectToHttps),
      hostnames: [...input.hosts],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', ...port, statusCode: 301 } }] }],
    },
  }];
}

/** A model's versions: their InferencePools, else their version Services, in the model's namespace. */
function ingressBackends(s: ServiceRouting, routeNamespace: string, ledger: FeatureLedger, field: string): BackendResolver {
  const modelNamespace = namespaceOf(s.namespace);
  const namespace = modelNamespace === routeNamespace ? {} : { namespace: modelNamespace };
  return (target, at) => {
    const own = target.host === s.host || serviceOfHost(target.host).name === s.name;
    const version = own && target.subset !== undefined ? s.versions.find(v => v.name === target.subset) : undefined;
    if (version?.inferencePool) {
      return { group: POOL_GROUP, kind: 'InferencePool', name: versionServiceName(s.name, version.name), ...namespace } as HTTPRouteSpecRulesBackendRefs;
    }
    if (own && target.subset !== undefined) return { group: '', kind: 'Service', name: versionServiceName(s.name, target.subset), ...namespace, port: target.port ?? s.port } as HTTPRouteSpecRulesBackendRefs;
    if (target.subset !== undefined) ledger.fail(`${field}.${at}`, `subset "${target.subset}" of another host (${target.host}) has no Gateway API equivalent`, 'that model\'s version Service');
    return { group: '', kind: 'Service', name: serviceOfHost(target.host).name, ...namespace, port: target.port ?? s.port } as HTTPRouteSpecRulesBackendRefs;
  };
}

/**
 * A route may name backends in another namespace only where a ReferenceGrant there allows it (GEP-709);
 * otherwise the implementation sets ResolvedRefs=False (RefNotPermitted) and answers 500.
 */
function referenceGrants(input: GatewayApiIngressInput, ledger: FeatureLedger): RenderedObject[] {
  const from = namespaceOf(input.namespace);
  const others = [...new Set(input.exposed.map(e => namespaceOf(e.routing.namespace)))].filter(ns => ns !== from);
  if (others.length) ledger.need('ReferenceGrant', 'namespace', `routing from namespace ${from} to models in ${others.join(', ')}`, 'the ingress in the models\' namespace');
  return others.map(ns => ({
    apiVersion: REFERENCE_GRANT_V1BETA1,
    kind: 'ReferenceGrant',
    metadata: { name: referenceGrantName(input.name, from), namespace: ns },
    spec: {
      from: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: from }],
      to: [{ group: '', kind: 'Service' }, { group: POOL_GROUP, kind: 'InferencePool' }],
    },
  }));
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
    if (rendered.filters?.some(f => f.type === 'RequestRedirect')) {
      // The model's redirect target is one of its own paths: from outside it lies under the prefix too (as Istio's gateway route has it).
      const underPrefix = (f: typeof rendered.filters[number]) => {
        const to = f.requestRedirect?.path;
        return f.type === 'RequestRedirect' && to?.replaceFullPath !== undefined
          ? { ...f, requestRedirect: { ...f.requestRedirect, path: { ...to, replaceFullPath: prefix + to.replaceFullPath } } }
          : f;
      };
      const filters = rendered.filters.map(underPrefix);
      return { ...rendered, filters, matches: [{ ...match, path: { type: path.type, value: outside } }] };
    }
    ledger.need('HTTPRoutePathRewrite', `${field}.matches[${i}]`, `removing path prefix ${prefix}`, 'expose the model without a prefix');
    const rewrite = exact ? { type: 'ReplaceFullPath' as const, replaceFullPath: path.value } : { type: 'ReplacePrefixMatch' as const, replacePrefixMatch: path.value };
    return {
      ...rendered,
      matches: [{ ...match, path: { type: path.type, value: outside } }],
      filters: [...(rendered.filters ?? []), { type: 'URLRewrite', urlRewrite: { path: rewrite } }],
    };
  });
}
