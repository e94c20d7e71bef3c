/**
 * Routes an earlier route always catches first (src/routing/shadowed-routes.ts), as warnings:
 * prefix covering prefix or exact, match-all regexes, the same conditions plus extra ones, across
 * every ORed match. Istio's webhook only warns for exact duplicates (and a few URI-prefix
 * overlaps; unreachable-rules.ts); routes it already reports are left to it.
 */
import { goQuote } from './go-format';
import { index } from './paths';
import { Report } from './report';
import { arr, obj, str } from './values';
import { ImportNotes } from '../../routing/from-istio-fields';
import { normaliseGateway } from '../../routing/from-istio-hosts';
import { readMatches } from '../../routing/from-istio-vs';
import { findShadowedRoutes, ShadowCandidate } from '../../routing/shadowed-routes';

const SHADOWED = 'shadowed-rule';

export function checkShadowedRules(r: Report, spec: Record<string, unknown>): void {
  const http = arr(spec.http);
  const gateways = arr(spec.gateways).map(str).filter(g => g !== '').map(g => normaliseGateway(g, r.namespace));
  const scope = { namespace: r.namespace, gateways, source: '' };
  const firstCatchAll = http.findIndex(h => obj(h) !== undefined && arr(obj(h)!.match).length === 0);
  const routes = http.map((h, n): ShadowCandidate | undefined => {
    const route = obj(h);
    // Unreadable rules and rules after a catch-all are the webhook's own findings.
    if (!route || (firstCatchAll >= 0 && n > firstCatchAll)) return undefined;
    const notes = new ImportNotes('', []);
    const matches = readMatches(route.match, '', scope, notes);
    // A condition that cannot be read is dropped by the reader: never reason from what is left.
    return notes.malformations.length > 0 ? undefined : { name: str(route.name) || undefined, matches };
  });
  for (const { index: n, covered } of findShadowedRoutes(routes)) {
    if (covered.every(c => c.identical)) continue; // Istio: "all matches used by prior rules".
    const by = covered.map(c => `${c.block < 0 ? 'every request' : `match ${matchLabel(http[n], c.block)}`} is caught first by rule ${ruleLabel(http, c.byRoute)} match ${matchLabel(http[c.byRoute], c.byBlock)}`);
    r.warning(index('spec.http', n), SHADOWED,
      `virtualService rule ${ruleLabel(http, n)} can never match: ${by.join('; ')} `
      + '(Istio accepts the rule and itself warns only for exact duplicate matches and simple URI-prefix overlaps)');
  }
}

function ruleLabel(http: readonly unknown[], n: number): string {
  const name = str(obj(http[n])?.name);
  return name ? `#${n} ${goQuote(name)}` : `#${n}`;
}

function matchLabel(route: unknown, m: number): string {
  const name = str(obj(arr(obj(route)?.match)[m])?.name);
  return name ? `#${m} ${goQuote(name)}` : `#${m}`;
}
