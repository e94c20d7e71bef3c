import { ApiObject, App, AppProps } from 'cdk8s';
import { RoutingReport } from './routing-report';
import { ClusterAssumptions, resolveClusterAssumptions, setClusterAssumptions } from '../cluster/assumptions';
import { ClusterAssumptionsProps } from '../cluster/cluster-assumptions';
import { RoutingTarget } from '../render/routing-target';
import { assertCdk8sInternals, withOutdir } from '../synth/cdk8s-internals';
import { checkRendered, isUnchecked, markUnchecked, whileAppChecks } from '../synth/object-check';
import { staysInside, writeAtomically } from '../synth/output-dir';
import { withRenderedJson } from '../synth/render-once';
import { checkBoolean, checkInstance, checkObject, checkString, optional } from '../util/checks';
import { MeshConfigError, problemAt } from '../util/errors';
import { throwOnProblems } from '../util/validation';

/** Props of a MeshApp. */
export interface MeshAppProps extends AppProps {
  /**
   * File name of the routing report, relative to `outdir`. Must stay inside `outdir`.
   * @default "ROUTING.md"
   */
  readonly routingReportFile?: string;
  /**
   * Write the routing report on synth.
   * @default true
   */
  readonly routingReport?: boolean;
  /**
   * Which routing API the app's ModelServices are rendered for (a chart may set its own with
   * `RoutingTarget.applyTo(chart)`).
   * @default RoutingTarget.istio()
   */
  readonly routingTarget?: RoutingTarget;
  /**
   * What the manifests assume about the cluster (sidecar injection, Knative features,
   * Prometheus and Grafana selection, KServe's storage initializer); listed in the report.
   * @default - every ClusterAssumptionsProps default
   */
  readonly cluster?: ClusterAssumptionsProps;
}

/**
 * A cdk8s App for model serving. At every synth it validates the tree once, renders every object
 * once, checks every final object (escape-hatch patches and raw `ApiObject`s included) with
 * `cdk8s-ml-mesh check`'s schema and webhook rules, writes the routing report (`ROUTING.md`) next
 * to the manifests, and never leaves a half-written output directory: everything is written into a
 * private staging directory and moved into place only when complete, under a lock, so two
 * concurrent synths into one directory cannot interleave.
 */
export class MeshApp extends App {
  /**
   * Exclude one object from the synth-time check: for objects of kinds the vendored schemas do not
   * know (the check reports an unknown kind as an error). Returns the object.
   */
  public static skipCheck(apiObject: ApiObject): ApiObject {
    markUnchecked(apiObject);
    return apiObject;
  }

  /** Path of the report relative to `outdir`, or undefined when disabled. */
  public readonly routingReportFile?: string;
  /** @internal the resolved cluster assumptions */
  public readonly _cluster: ClusterAssumptions;

  constructor(props: MeshAppProps = {}) {
    super(checkObject(props, { path: 'MeshApp', field: 'props' }, 'MeshAppProps'));
    const where = (field: string) => ({ path: 'MeshApp', field });
    const report = optional(props.routingReport, where('routingReport'), checkBoolean);
    const file = optional(props.routingReportFile, where('routingReportFile'), (f, w) => checkString(f, w, 'a relative file name such as "ROUTING.md"', undefined, 1024));
    this._cluster = resolveClusterAssumptions(props.cluster ?? {});
    setClusterAssumptions(this, this._cluster);
    optional(props.routingTarget, where('routingTarget'), (t, w) => checkInstance(t, w, RoutingTarget, 'RoutingTarget.istio()'))?.applyTo(this);
    this.routingReportFile = report === false ? undefined : file ?? 'ROUTING.md';
    if (this.routingReportFile !== undefined && !staysInside(this.routingReportFile)) {
      throw new MeshConfigError('MeshApp', 'routingReportFile', `"${this.routingReportFile}" is not a file inside the output directory`, 'a relative path without ".." segments that leave outdir, e.g. "ROUTING.md" or "docs/ROUTING.md"');
    }
  }

  public synth(): void {
    assertCdk8sInternals(this);
    whileAppChecks(this, () => {
      const rendered = this.validateRenderAndCheck();
      writeAtomically(this.outdir, this.routingReportFile, staging => withRenderedJson(rendered, this.charts, () => {
        withOutdir(this, staging, () => super.synth());
        // The report reads the objects as written (patches included), from the renders above.
        return this.routingReportFile === undefined ? undefined : RoutingReport.ofConstructs(this);
      }));
    });
  }

  /** Validate the tree once, render every object once, and check the final objects. */
  private validateRenderAndCheck(): Map<ApiObject, unknown> {
    // Our rules, structured (each problem with its own path, once); then every other construct's.
    throwOnProblems(this);
    const constructs = this.node.findAll();
    const others = constructs.flatMap(c => c.node.validate().map(m => problemAt(c.node.path, 'validation', m)));
    if (others.length) throw MeshConfigError.of(others);
    const objects = constructs.filter((c): c is ApiObject => c instanceof ApiObject);
    const rendered = new Map(objects.map(o => [o, o.toJson()] as const));
    const checked = objects.filter(o => !isUnchecked(o)).map(o => ({ path: o.node.path, json: rendered.get(o) }));
    // A Gateway API target on the experimental channel writes fields only those CRDs have.
    const errors = checkRendered(checked, RoutingTarget.of(this).gatewayApiProfile?.channel ?? 'standard');
    if (errors.length) throw MeshConfigError.of(errors);
    return rendered;
  }
}
