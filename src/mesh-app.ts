import { mkdirSync, renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { App, AppProps } from 'cdk8s';
import { RoutingReport } from './report/routing-report';
import { checkBoolean, checkObject, checkString, optional } from './util/checks';
import { throwOnProblems } from './util/validation';

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
 * A cdk8s App for model serving: it writes the routing report (`ROUTING.md`) next to the
 * manifests, and it never leaves a half-written output directory. Everything is synthesized into
 * a staging directory beside `outdir` (after `App.synth()` has validated the whole tree) and
 * moved into place only when every file is written.
 */
export class MeshApp extends App {
  /** Path of the report relative to `outdir`, or undefined when disabled. */
  public readonly routingReportFile?: string;

  constructor(props: MeshAppProps = {}) {
    super(checkObject(props, { path: 'MeshApp', field: 'props' }, 'MeshAppProps'));
    const where = (field: string) => ({ path: 'MeshApp', field });
    const report = optional(props.routingReport, where('routingReport'), checkBoolean);
    const file = optional(props.routingReportFile, where('routingReportFile'), (f, w) => checkString(f, w, 'a relative file name such as "ROUTING.md"', undefined, 1024));
    this.routingReportFile = report === false ? undefined : file ?? 'ROUTING.md';
  }

  public synth(): void {
    // Every rule of the tree as one MeshConfigError (the path printed once), before anything is written.
    throwOnProblems(this);
    const finalDir = resolve(this.outdir);
    const staging = join(dirname(finalDir), `.${basename(finalDir)}.staging`);
    rmSync(staging, { recursive: true, force: true });
    try {
      this.writeInto(staging);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(staging, finalDir);
  }

  private writeInto(dir: string): void {
    // App.synth() writes to `this.outdir`; point it at the staging directory for this call only.
    const self = this as unknown as { outdir: string };
    const outdir = self.outdir;
    self.outdir = dir;
    try {
      super.synth();
    } finally {
      self.outdir = outdir;
    }
    if (this.routingReportFile === undefined) return;
    const file = join(dir, this.routingReportFile);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, RoutingReport.ofConstructs(this));
  }
}
