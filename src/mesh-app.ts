import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, AppProps } from 'cdk8s';
import { RoutingReport } from './report/routing-report';

/** Props of a MeshApp. */
export interface MeshAppProps extends AppProps {
  /**
   * File name of the routing report, relative to `outdir`.
   * @default "ROUTING.md"
   */
  readonly routingReportFile?: string;
  /**
   * Write the routing report on synth.
   * @default true
   */
  readonly routingReport?: boolean;
}

/**
 * A cdk8s App that also writes the routing report (`ROUTING.md`) next to the manifests.
 * The report is written only after `App.synth()` has validated the whole tree and written the
 * manifests, so it always describes manifests that exist.
 */
export class MeshApp extends App {
  /** Path of the report relative to `outdir`, or undefined when disabled. */
  public readonly routingReportFile?: string;

  constructor(props: MeshAppProps = {}) {
    super(props);
    this.routingReportFile = props.routingReport === false ? undefined : props.routingReportFile ?? 'ROUTING.md';
  }

  public synth(): void {
    super.synth();
    if (this.routingReportFile === undefined) return;
    const file = join(this.outdir, this.routingReportFile);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, RoutingReport.ofConstructs(this));
  }
}
