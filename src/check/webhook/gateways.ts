/** validateGatewayNames: `<namespace>/<name>`, or a legacy FQDN (with a warning). */
import { fqdnError, isIstioDns1123Label } from './dns';
import { goQuote } from './go-format';
import { index } from './paths';
import { Report } from './report';
import { arr, str } from './values';

export function checkGatewayNames(r: Report, path: string, gateways: unknown): void {
  const names = arr(gateways).map(str);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const at = index(path, i);
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (name.includes('.')) {
        const parts = name.split('.');
        r.warning(at, 'gateway-name-legacy',
          `using legacy gatewayName format ${goQuote(name)}; prefer the <namespace>/<name> format: ${goQuote(`${parts[1]}/${parts[0]}`)}`);
      }
      const problem = fqdnError(name);
      if (problem) r.error(at, 'gateway-name', problem);
      // Istio returns here: the names after the first one without a slash are not checked.
      return;
    }
    const ns = name.slice(0, slash);
    const gw = name.slice(slash + 1);
    if (ns.length === 0 || gw.length === 0) r.error(at, 'gateway-name', 'config namespace and gateway name cannot be empty');
    if (!isIstioDns1123Label(ns)) r.error(at, 'gateway-name', `invalid value for namespace: ${goQuote(ns)}`);
    if (!isIstioDns1123Label(gw)) r.error(at, 'gateway-name', `invalid value for gateway name: ${goQuote(gw)}`);
  }
}
