/**
 * Portability: what a set of model services routed by Istio VirtualServices would lose under Gateway API
 * with a given implementation profile. Each service is rendered with the Gateway API renderer; its
 * refusals (feature, profile, alternative) are the losses, its notes what is left out harmlessly.
 */
import { GatewayApiProfile } from '../render/gateway-api/profile';
import { renderMeshRouting } from '../render/gateway-api/render-service';
import { RouteTable } from '../routing/route-table';

export interface PortabilityEntry {
  readonly host: string;
  /** Where the routing was read. */
  readonly source?: string;
  /** Whether Gateway API with the profile routes every request as Istio does today. */
  readonly portable: boolean;
  /** What would be lost: `<field>: <problem>; alternative: ...`. */
  readonly losses: string[];
  readonly notes: string[];
  /** Gateway API features the rendering relies on. */
  readonly features: string[];
}

/** One entry per VirtualService-routed service of `table` (services KServe or Gateway API route are skipped). */
export function portability(table: RouteTable, profile: GatewayApiProfile): PortabilityEntry[] {
  return table.services.filter(s => !s.routedBy && s.routes.length > 0).map(s => {
    const out = renderMeshRouting({ service: s, profile, path: s.source ?? s.host });
    return {
      host: s.host,
      source: s.source,
      portable: out.problems.length === 0,
      losses: out.problems.map(p => `${p.field}: ${p.problem}`),
      notes: out.notes,
      features: out.features,
    };
  });
}

/** Plain text: one block per service. */
export function formatPortability(entries: readonly PortabilityEntry[], profile: GatewayApiProfile): string[] {
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`${e.host}${e.source ? ` (${e.source})` : ''}: ${e.portable ? 'portable' : `${e.losses.length} thing${e.losses.length > 1 ? 's' : ''} would be lost`} with Gateway API profile ${profile.name}`);
    for (const l of e.losses) lines.push(`  - ${l}`);
    for (const n of e.notes) lines.push(`  note: ${n}`);
  }
  const lost = entries.filter(e => !e.portable).length;
  lines.push(`${entries.length - lost} of ${entries.length} service${entries.length === 1 ? '' : 's'} portable to Gateway API (profile ${profile.name}, ${profile.channel} channel)`);
  return lines;
}
