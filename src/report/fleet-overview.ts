/** The report's first section: every model, its versions, and who gets which share of traffic. */
import { formatPercent } from '../routing/describe/format';
import { versionShares } from '../routing/describe/traffic-shares';
import { RouteTable } from '../routing/route-table';
import { code, NONE, table } from '../util/markdown';

export function renderFleetOverview(routeTable: RouteTable): string {
  const versions = routeTable.services.flatMap(s => s.versions);
  const showBackend = versions.some(v => v.backend !== undefined);
  const showReplicas = versions.some(v => v.replicas !== undefined);
  const showGpus = versions.some(v => v.gpus !== undefined);
  const showArtifact = versions.some(v => v.artifact !== undefined);
  const headers = ['Model', 'Version', 'Default traffic', 'Mirrored'];
  const align: Array<'left' | 'right'> = ['left', 'left', 'right', 'right'];
  if (showBackend) { headers.push('Backend'); align.push('left'); }
  if (showReplicas) { headers.push('Replicas'); align.push('right'); }
  if (showGpus) { headers.push('GPUs'); align.push('right'); }
  if (showArtifact) { headers.push('Serves (image or storage URI)'); align.push('left'); }

  const rows = routeTable.services.flatMap(service => versionShares(service).map((share, i) => {
    const model = i === 0 ? `**${service.name}**${service.namespace ? ` (${service.namespace})` : ''}` : '';
    const row = [
      model,
      code(share.name),
      share.defaultPercent === undefined ? 'no default route' : formatPercent(share.defaultPercent),
      share.mirrorPercent > 0 ? formatPercent(share.mirrorPercent) : NONE,
    ];
    if (showBackend) row.push(share.version?.backend ?? NONE);
    if (showReplicas) row.push(share.version?.replicas?.toString() ?? NONE);
    if (showGpus) row.push(share.version?.gpus?.toString() ?? NONE);
    if (showArtifact) row.push(share.version?.artifact ? code(share.version.artifact) : NONE);
    return row;
  }));

  return [
    '## Fleet overview',
    '',
    'Default traffic is what the catch-all (default) route sends to each version: every request that no '
      + 'earlier (header, path or experiment) route claims. Mirrored is the share of that traffic copied '
      + 'to a version as shadow traffic; the copies\' responses are discarded.',
    '',
    rows.length > 0 ? table(headers, rows, align) : '_No model services._',
  ].join('\n');
}
