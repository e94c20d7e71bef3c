/** validateHTTPRouteMatchRequest: header names and values, URI/scheme/method/authority/query matches, ports, labels. */
import { isIstioDns1123Label, portError } from './dns';
import { checkGatewayNames } from './gateways';
import { matchHeaderNameError } from './headers';
import { checkLabels } from './labels';
import { field, index, key } from './paths';
import { Report } from './report';
import { checkStringMatch, checkStringMatchRegexOnly } from './string-match';
import { arr, entries, num, obj, str } from './values';

export function checkHttpMatches(r: Report, path: string, matches: unknown): void {
  arr(matches).forEach((entry, i) => {
    const m = obj(entry);
    if (!m) return;
    checkHttpMatch(r, index(path, i), m);
  });
}

function checkHttpMatch(r: Report, path: string, m: Record<string, unknown>): void {
  for (const [name, value] of entries(m.headers)) {
    const at = key(field(path, 'headers'), name);
    if (value === null || value === undefined) r.error(at, 'header-match-null', `header match ${name} cannot be null`);
    const problem = matchHeaderNameError(name);
    if (problem) r.error(at, 'header-name', problem);
    checkStringMatch(r, at, value, 'headers');
  }
  for (const [name, value] of entries(m.withoutHeaders)) {
    const at = key(field(path, 'withoutHeaders'), name);
    const problem = matchHeaderNameError(name);
    if (problem) r.error(at, 'header-name', problem);
    // `regex: "*"` means "present" and is not compiled.
    if (obj(value) && obj(value)!.regex !== '*') checkStringMatch(r, at, value, 'withoutHeaders');
  }
  checkStringMatchRegexOnly(r, field(path, 'uri'), m.uri, 'uri');
  for (const name of ['scheme', 'method', 'authority'] as const) checkStringMatch(r, field(path, name), m[name], name);
  for (const [name, value] of entries(m.queryParams)) checkStringMatch(r, key(field(path, 'queryParams'), name), value, 'queryParams');
  checkSourceSelectors(r, path, m);
  const sourceNamespace = str(m.sourceNamespace);
  if (sourceNamespace !== '' && !isIstioDns1123Label(sourceNamespace)) {
    r.error(field(path, 'sourceNamespace'), 'source-namespace', `sourceNamespace match ${sourceNamespace} is invalid`);
  }
}

/** Port, source labels and gateways: the parts every match kind (HTTP, TCP, TLS) shares. */
export function checkSourceSelectors(r: Report, path: string, m: Record<string, unknown>): void {
  const port = num(m.port);
  if (port !== 0) {
    const problem = portError(port);
    if (problem) r.error(field(path, 'port'), 'match-port', problem);
  }
  checkLabels(r, field(path, 'sourceLabels'), m.sourceLabels);
  checkGatewayNames(r, field(path, 'gateways'), m.gateways);
}
