/**
 * Istio's webhook rules for one HTTP route, run at construction on what a route will render
 * to, so a bad header name, redirect code or rewrite fails where it was given. The rules are
 * `check`'s own (src/check/webhook), never a second copy.
 */
import { renderRoute } from './render-istio';
import { checkHttpRoute } from '../../check/webhook/http-route';
import { Report } from '../../check/webhook/report';
import { HttpRouteRule } from '../../routing/route-table';
import { fail, Where } from '../../util/checks';

/** Throw a MeshConfigError for the first webhook error of `route`; `where` names the prop. */
export function checkRouteForIstio(route: HttpRouteRule, where: Where): void {
  const r = new Report({ file: where.path, index: 0, object: {} });
  checkHttpRoute(r, '', renderRoute(route) as Record<string, unknown>, false);
  const error = r.findings.find(f => f.severity === 'error');
  if (error) {
    fail({ path: where.path, field: `${where.field}${error.path ? ` (${error.path})` : ''}` }, `Istio rejects this: ${error.message}`,
      'what Istio\'s validating webhook accepts (the rules `cdk8s-ml-mesh check` runs)');
  }
}
