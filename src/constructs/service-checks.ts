/** Checks of a ModelService's props and requests that need nothing of its state. */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ModelVersionOptions } from '../backends/model-version';
import { VersionRef } from '../routing/contributors';
import { ExplainRequest } from '../routing/explanation';
import { at, checkArray, checkDnsName, checkObject, checkString, checkStringMap, fail, optional, show, Where } from '../util/checks';
import { claimName } from '../util/claims';
import { listOf, Problem, problemAt } from '../util/errors';

export const VERSION_RULE = '{ name, image? | backend?, replicas?, ... }';

/** The versions of the props, each an object (ModelVersion checks the rest). */
export function checkVersionList(versions: ModelVersionOptions[] | undefined, where: Where): ModelVersionOptions[] {
  return optional(versions, where, (list, w) => checkArray(list, w, (v, vw) => checkObject(v, vw, VERSION_RULE), `a list of ${VERSION_RULE}`)) ?? [];
}

/** Versions some route names that the service `path` does not have, each where it was named. */
export function unknownVersions(path: string, refs: readonly VersionRef[], names: readonly string[]): Problem[] {
  return refs.filter(ref => !names.includes(ref.version))
    .map(ref => problemAt(ref.path, ref.field, `"${ref.version}" is not a version of ModelService ${path}`, listOf(names)));
}

/**
 * The objects still in the tree: a progressive canary takes the champion's and challenger's
 * Deployments out (its Rollout is checked by it).
 */
export function stillInTree(objects: ReadonlyArray<IConstruct | undefined>): ApiObject[] {
  return objects.filter((o): o is IConstruct => o !== undefined && o.node.scope?.node.tryFindChild(o.node.id) === o)
    .map(o => ApiObject.of(o));
}

/** The prop, else the chart's namespace (named in the error, since the user set it there). */
export function checkNamespace(own: string | undefined, chart: string | undefined, where: Where): string | undefined {
  if (own !== undefined) return checkDnsName(own, where, 'namespace');
  if (chart === undefined) return undefined;
  if (typeof chart !== 'string') fail(where, `the chart's namespace is ${show(chart)}, not a namespace`, 'a namespace (DNS-1123 label) on the chart or the service, or none');
  return checkDnsName(chart, where, 'namespace (from the chart)');
}

export function checkExplainRequest(r: ExplainRequest, where: Where): ExplainRequest {
  checkObject(r, where, 'ExplainRequest: { headers?, uri?, method?, authority?, scheme? }');
  optional(r.headers, at(where, 'headers'), (h, w) => checkStringMap(h, w, (k, kw) => checkString(k, kw, 'a header name'), 'header names to string values'));
  for (const key of ['uri', 'method', 'authority', 'scheme'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'string') fail(at(where, key), `${show(r[key])} is not a string`, 'a string');
  }
  return r;
}

export function chartOf(service: IConstruct): Chart {
  const chart = service.node.scopes.reverse().find(Chart.isChart);
  return chart ?? fail({ path: service.node.path, field: 'scope' }, 'a ModelService must be created inside a cdk8s Chart', 'a Chart, or a construct inside one');
}

/** One ModelService per host: two would render two routing configurations for it. */
export function claimHost(service: IConstruct & { readonly host: string }): void {
  const other = claimName(service, `host ${service.host}`);
  if (other) {
    fail({ path: service.node.path, field: 'modelName' }, `host ${service.host} is already served by ModelService ${other}; Istio allows one VirtualService per host`, 'a model name (or namespace) no other ModelService uses');
  }
}
