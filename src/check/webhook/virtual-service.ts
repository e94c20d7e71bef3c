/** ValidateVirtualService (Istio 1.30.3 webhook): everything below `spec` of one VirtualService. */
import { checkExportTo } from './export-to';
import { checkHttpRoute } from './http-route';
import { index } from './paths';
import { Report } from './report';
import { checkShadowedRules } from './shadowed-rules';
import { checkTcpRoute, checkTlsRoute } from './tcp-tls-routes';
import { checkUnreachableRules } from './unreachable-rules';
import { arr, nonEmpty, obj, str } from './values';
import { checkVirtualServiceHosts } from './vs-hosts';

export function checkVirtualServiceSpec(r: Report, specValue: unknown): void {
  const spec = obj(specValue) ?? {};
  checkVirtualServiceHosts(r, spec);
  if (!nonEmpty(spec.http) && !nonEmpty(spec.tcp) && !nonEmpty(spec.tls)) {
    r.error('spec', 'vs-routes-required', 'http, tcp or tls must be provided in virtual service');
  }
  const hosts = arr(spec.hosts).map(str);
  const inDelegate = hosts.length === 0;
  arr(spec.http).forEach((entry, i) => {
    const http = obj(entry);
    if (!http) r.error(index('spec.http', i), 'http-route-null', 'http route may not be null');
    else checkHttpRoute(r, index('spec.http', i), http, inDelegate);
  });
  arr(spec.tls).forEach((tls, i) => checkTlsRoute(r, index('spec.tls', i), tls, hosts));
  arr(spec.tcp).forEach((tcp, i) => checkTcpRoute(r, index('spec.tcp', i), tcp));
  checkExportTo(r, 'spec.exportTo', spec.exportTo, false);
  checkUnreachableRules(r, 'spec.http', spec.http, 'http');
  checkShadowedRules(r, spec);
  checkUnreachableRules(r, 'spec.tcp', spec.tcp, 'tcp');
  checkUnreachableRules(r, 'spec.tls', spec.tls, 'tls');
}
