/**
 * A Mermaid `flowchart LR` of one model service: the request tries each route in order; a
 * matching route sends it to versions with their percents (dotted edges for mirrors); a
 * non-matching one passes it on. Written for the Mermaid versions GitHub and GitLab render:
 * every label quoted, characters Mermaid parses inside labels written as numeric entity codes,
 * and node ids derived from positions (`r0`, `v1`) so the diagram text is stable.
 */
import { describeMatches } from '../routing/describe/describe-match';
import { formatPercent, targetName } from '../routing/describe/format';
import { destinationShares, envoyPercent } from '../routing/evaluate';
import { HttpRouteRule, ServiceRouting } from '../routing/route-table';

/** Characters that end a quoted label or start markup/entities in Mermaid labels. */
const ENTITY: Record<string, string> = { '#': '#35;', '"': '#34;', '<': '#60;', '>': '#62;', '&': '#38;', '|': '#124;', '`': '#96;' };

/** Escape `text` for a quoted Mermaid label; `lines` are joined with `<br/>`. */
export function mermaidLabel(...lines: string[]): string {
  return `"${lines.map(l => l.replace(/[#"<>&|`]/g, ch => ENTITY[ch])).join('<br/>')}"`;
}

export function renderFlowchart(service: ServiceRouting): string {
  const out: string[] = ['flowchart LR'];
  const targets = new Map<string, string>();
  for (const v of service.versions) targets.set(v.name, `v${targets.size}`);
  const targetId = (name: string) => {
    if (!targets.has(name)) targets.set(name, `v${targets.size}`);
    return targets.get(name)!;
  };
  const edges: string[] = [];

  out.push(`  request([${mermaidLabel(`request to ${service.name}`)}])`);
  let previous = 'request';
  let caughtAll = false;
  for (const [i, route] of service.routes.entries()) {
    const id = `r${i}`;
    const title = `${i}${route.name ? ` · ${route.name}` : ''}`;
    out.push(`  ${id}[${mermaidLabel(title, ...describeMatches(route.matches, s => `'${s}'`).map((b, j) => (j > 0 ? `or ${b}` : b)))}]`);
    edges.push(previous === 'request' ? `  request --> ${id}` : `  ${previous} -->|${mermaidLabel('no match')}| ${id}`);
    const action = actionLabel(route);
    if (action) {
      out.push(`  a${i}[${mermaidLabel(action)}]`);
      edges.push(`  ${id} --> a${i}`);
    } else {
      for (const d of destinationShares(route.destinations)) {
        edges.push(`  ${id} -->|${mermaidLabel(formatPercent(d.percent))}| ${targetId(targetName(service.host, d))}`);
      }
    }
    for (const m of route.mirrors) {
      const percent = envoyPercent(m.percent);
      if (percent > 0) edges.push(`  ${id} -.->|${mermaidLabel(`mirror ${formatPercent(percent)}`)}| ${targetId(targetName(service.host, m))}`);
    }
    previous = id;
    if (route.matches.length === 0) {
      caughtAll = true;
      break; // Istio drops every route after a catch-all.
    }
  }
  if (service.routes.length === 0) {
    edges.push(`  request -->|${mermaidLabel('100%')}| ${targetId(targetName(service.host, { host: service.host }))}`);
  } else if (!caughtAll) {
    out.push(`  none[${mermaidLabel('404 no route')}]`);
    edges.push(`  ${previous} -->|${mermaidLabel('no match')}| none`);
  }
  for (const [name, id] of targets) out.push(`  ${id}[[${mermaidLabel(name)}]]`);
  return ['```mermaid', ...out, ...edges, '```'].join('\n');
}

function actionLabel(route: HttpRouteRule): string | undefined {
  if (route.delegate) return `delegate ${route.delegate.name}`;
  if (route.redirect) return `redirect ${route.redirect.code}`;
  if (route.directResponse) return `answers ${route.directResponse.status}`;
  return undefined;
}
