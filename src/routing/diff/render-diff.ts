/**
 * A routing diff for people and machines: text (one paragraph per changed host, nothing when
 * unchanged), Markdown for a pull-request comment (per host a risk line and a table of
 * changes), and JSON.
 */
import { HostDiff, RoutingDiff } from './diff-types';
import { cell, NONE, table } from '../../util/markdown';

/** ` (mesh traffic)`, ` (traffic through gateway ns/name)`, or nothing when only the mesh was compared. */
function whose(h: HostDiff): string {
  if (!h.view) return '';
  return h.view === 'mesh' ? ' (mesh traffic)' : ` (traffic through gateway ${h.view})`;
}

/** Renderers for `Routing.diff` results. */
export class RoutingDiffFormat {
  /** One line per changed host, `name: change; change; ...`; empty when routing is unchanged. */
  public static text(diff: RoutingDiff): string {
    return diff.hosts.map(h => `${h.name}${whose(h)}: ${h.summary}`).join('\n');
  }

  /** A Markdown section for a pull-request comment. */
  public static markdown(diff: RoutingDiff): string {
    if (!diff.changed) return '### Routing changes\n\nNo routing changes.';
    const n = diff.hosts.length;
    const sections = diff.hosts.map(h => [
      `#### ${cell(h.name + whose(h))}`,
      `**Risk:** ${cell(h.risk)}`,
      table(['Change', 'Before', 'After'], h.changes.map(c => [c.subject, c.before ?? NONE, c.after ?? NONE])),
      h.summary,
    ].join('\n\n'));
    return [`### Routing changes (${n} model${n === 1 ? '' : 's'})`, ...sections].join('\n\n');
  }

  /** The diff as indented JSON (the `RoutingDiff` structure). */
  public static json(diff: RoutingDiff): string {
    return JSON.stringify(diff, null, 2);
  }

  private constructor() {}
}
