/** The canary section of a service: who moves the weights, the stage plan with holds and gates. */
import { analysisTemplateName } from '../progressive/argo-rollout';
import { gateMetrics } from '../progressive/gates';
import { formatPercent } from '../routing/describe/format';
import { CanarySplit, ServiceRouting } from '../routing/route-table';
import { formatPrometheusDuration } from '../util/duration';
import { code, NONE, table } from '../util/markdown';

export function renderCanaryPlan(service: ServiceRouting): string | undefined {
  const canary = service.canary;
  if (!canary) return undefined;
  const split = service.routes.find(r => r.origin === 'default')?.destinations ?? [];
  const written = split.map(d => `${code(d.subset ?? d.host)} ${formatPercent(d.weight)}`).join(', ');
  const progressive = canary.delivery === 'argo-rollouts';
  const intro = progressive
    ? `Progressive on **Argo Rollouts**: Rollout ${code(service.name)} moves the weights of the ${code('default')} route `
      + `between ${code(canary.champion)} (stable) and ${code(canary.challengers[0])} (canary) through the plan below; `
      + `every other route and the mirrors are ours and Argo leaves them alone. Weights as written (at rest): ${written}.`
    : `Static weights: the split lives in code and changes by pull request. Weights as written: ${written}.`;
  return [intro, ...(canary.stages ? ['', planTable(canary, progressive, split)] : []), ...(progressive && canary.gates ? ['', gatesText(service)] : [])].join('\n');
}

function planTable(canary: CanarySplit, progressive: boolean, split: ReadonlyArray<{ subset?: string; weight: number }>): string {
  const challenger = canary.challengers[0];
  const current = split.find(d => d.subset === challenger)?.weight;
  const rows = canary.stages!.map((s, i) => [
    String(i + 1) + (!progressive && s.percent === current ? ' (current)' : ''),
    formatPercent(s.percent),
    formatPercent(100 - s.percent),
    s.holdMs === undefined ? NONE : formatPrometheusDuration(s.holdMs),
    s.holdMs === undefined
      ? `promotion: ${code(challenger)} becomes the champion`
      : progressive ? 'gates pass → next stage; a gate fails → abort, back to 100% champion; no data → pause' : 'check the dashboard and alerts, then the next stage\'s pull request',
  ]);
  return table(['Stage', `${challenger} (challenger)`, `${canary.champion} (champion)`, 'Hold', 'After the hold'], rows, ['left', 'right', 'right', 'right', 'left']);
}

function gatesText(service: ServiceRouting): string {
  const g = service.canary!.gates!;
  return [
    `Gates (AnalysisTemplate ${code(analysisTemplateName(service.name))}, Prometheus ${code(g.prometheusAddress)}), each a single measurement after the hold:`,
    '',
    ...gateMetrics(service).map(m => `- ${code(m.name)}: passes when ${m.passes}; fails above it; inconclusive (the rollout pauses for a human) `
      + `below ${g.minRequestRate} requests/s, never passed on no data.`),
  ].join('\n');
}
