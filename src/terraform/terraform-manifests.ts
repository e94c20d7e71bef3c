import { App, Chart } from 'cdk8s';
import { objectsOfApp, objectsOfChart } from './cdk8s-objects';
import { planManifests, ManifestPlan, SourcedObject } from './plan';
import { renderTerraformFiles } from './terraform-json';
import { writeTerraformFiles } from './write-files';
import { DNS1123_LABEL_RULE, isDns1123Label } from '../util/dns';
import { MeshConfigError } from '../util/errors';

/** Options for {@link TerraformManifests}. */
export interface TerraformManifestsOptions {
  /**
   * Namespace given to namespaced objects that have none (kubernetes_manifest requires one; kubectl
   * would use the context's namespace).
   * @default "default"
   */
  readonly defaultNamespace?: string;
  /**
   * Write an empty `provider "kubernetes" {}` block (configured through KUBE_CONFIG_PATH,
   * KUBE_CTX, ...). Turn it off when the files are used as a module and the caller configures the provider.
   * @default true
   */
  readonly providerBlock?: boolean;
}

/** One `kubernetes_manifest` resource. */
export interface TerraformManifestResource {
  /** Resource name, e.g. `deployment_ml-serving_content-ranking-v45`. */
  readonly name: string;
  /** Terraform address, e.g. `kubernetes_manifest.deployment_ml-serving_content-ranking-v45`. */
  readonly address: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name` of the object. */
  readonly objectName: string;
  /**
   * `metadata.namespace` as written.
   * @default - cluster-scoped
   */
  readonly namespace?: string;
  /** Addresses this resource is applied after. */
  readonly dependsOn: string[];
}

/** One file to write. */
export interface TerraformFile {
  /** File name relative to the output directory, e.g. `manifests.tf.json`. */
  readonly fileName: string;
  readonly content: string;
}

/**
 * Synthesized manifests as plain Terraform JSON (`*.tf.json`), one `kubernetes_manifest` resource per
 * object, for Terraform or OpenTofu without CDK for Terraform. Names are stable (kind, namespace, name)
 * and `depends_on` applies Namespaces and CRDs first, then built-in objects, then custom resources.
 *
 * ```ts
 * TerraformManifests.fromApp(app).writeTo('tf');
 * ```
 */
export class TerraformManifests {
  /** Every object of every chart of the app (validated as `app.synth()` validates). */
  public static fromApp(app: App, options: TerraformManifestsOptions = {}): TerraformManifests {
    return new TerraformManifests(app.node.path || '<app>', objectsOfApp(app), options);
  }

  /** Every object of one chart. */
  public static fromChart(chart: Chart, options: TerraformManifestsOptions = {}): TerraformManifests {
    return new TerraformManifests(chart.node.path, objectsOfChart(chart), options);
  }

  /** The resources, in apply order. */
  public readonly resources: TerraformManifestResource[];
  /** Objects written that may still fail in Terraform (e.g. a custom resource of unknown scope without a namespace). */
  public readonly warnings: string[];
  private readonly plan: ManifestPlan;
  private readonly providerBlock: boolean;

  private constructor(path: string, objects: SourcedObject[], options: TerraformManifestsOptions) {
    const defaultNamespace = options.defaultNamespace ?? 'default';
    if (!isDns1123Label(defaultNamespace)) {
      throw new MeshConfigError(path, 'defaultNamespace', `"${defaultNamespace}" is not a namespace name`, DNS1123_LABEL_RULE);
    }
    this.plan = planManifests(objects, { defaultNamespace });
    if (this.plan.problems.length > 0) throw new MeshConfigError(path, 'objects', this.plan.problems.join('; '));
    this.providerBlock = options.providerBlock ?? true;
    this.warnings = this.plan.warnings;
    this.resources = this.plan.resources.map(r => ({
      name: r.name,
      address: `kubernetes_manifest.${r.name}`,
      apiVersion: r.apiVersion,
      kind: r.kind,
      objectName: r.objectName,
      namespace: r.namespace,
      dependsOn: r.dependsOn.map(d => `kubernetes_manifest.${d}`),
    }));
  }

  /** `providers.tf.json` and `manifests.tf.json`. */
  public files(): TerraformFile[] {
    return renderTerraformFiles(this.plan, { providerBlock: this.providerBlock });
  }

  /** Write the files into `dir` (created if missing); returns the paths written. Other files are kept. */
  public writeTo(dir: string): string[] {
    return writeTerraformFiles(dir, this.files());
  }
}
