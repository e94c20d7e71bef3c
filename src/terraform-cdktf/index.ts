/**
 * `cdk8s-ml-mesh/terraform-cdktf`: the CDK for Terraform route. Adds one `kubernetes_manifest` per
 * object of a cdk8s App or Chart to a CDKTF stack, with the same names and order as the plain
 * Terraform JSON writer (`TerraformManifests`), so the two routes share state addresses.
 *
 * Needs the optional peer dependency `cdktf` (archived upstream in December 2025); the core
 * package never loads this module. It does not need `@cdktf/provider-kubernetes` (about 150 MB
 * unpacked): the resource is written through cdktf's generic `TerraformResource`, and a provider
 * from that package can still be passed in.
 */
import { App, Chart } from 'cdk8s';
import { TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { objectsOfApp, objectsOfChart } from '../terraform/cdk8s-objects';
import { planManifests } from '../terraform/plan';
import { KUBERNETES_PROVIDER_SOURCE, KUBERNETES_PROVIDER_VERSION } from '../terraform/terraform-json';
import { DNS1123_LABEL_RULE, isDns1123Label } from '../util/dns';
import { MeshConfigError } from '../util/errors';

/** Props of {@link KubernetesManifests}: give `app` or `chart`. */
export interface KubernetesManifestsProps {
  /**
   * Every chart of this cdk8s app.
   * @default - only `chart`
   */
  readonly app?: App;
  /**
   * One cdk8s chart.
   * @default - every chart of `app`
   */
  readonly chart?: Chart;
  /**
   * The provider of the resources, e.g. a configured `KubernetesProvider` of `@cdktf/provider-kubernetes`.
   * @default - the stack's default (un-aliased) kubernetes provider, or a new `provider "kubernetes" {}`
   * (configured by KUBE_CONFIG_PATH, KUBE_CTX, ...) added to the stack
   */
  readonly provider?: TerraformProvider;
  /**
   * Namespace given to namespaced objects that have none (kubernetes_manifest requires one).
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

/** `provider "kubernetes" {}` with `required_providers` hashicorp/kubernetes, without the generated bindings. */
export class KubernetesProviderBlock extends TerraformProvider {
  private _alias?: string;

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'kubernetes',
      terraformGeneratorMetadata: { providerName: 'kubernetes', providerVersionConstraint: KUBERNETES_PROVIDER_VERSION },
      terraformProviderSource: KUBERNETES_PROVIDER_SOURCE,
    });
  }

  /** `alias` of the provider block, for a second cluster: resources then use `kubernetes.<alias>`. */
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return this._alias === undefined ? {} : { alias: this._alias };
  }
}

/** One `kubernetes_manifest` resource. */
export class KubernetesManifest extends TerraformResource {
  /** The object as written (`${` escaped for Terraform). */
  public readonly manifest: { [key: string]: any };

  constructor(scope: Construct, id: string, manifest: { [key: string]: any }, provider: TerraformProvider, dependsOn: TerraformResource[]) {
    super(scope, id, {
      terraformResourceType: 'kubernetes_manifest',
      terraformGeneratorMetadata: { providerName: 'kubernetes' },
      provider,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
    this.manifest = manifest;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { manifest: this.manifest };
  }
}

/**
 * The objects of a cdk8s App or Chart as `kubernetes_manifest` resources of a CDKTF stack. Resource
 * addresses are `kubernetes_manifest.<kind>_<namespace>_<name>` (logical ids overridden, no hashes);
 * `depends_on` applies Namespaces and CRDs first, then built-in objects, then custom resources.
 */
export class KubernetesManifests extends Construct {
  /** The provider the resources use. */
  public readonly provider: TerraformProvider;
  /** The resources, in apply order. */
  public readonly resources: KubernetesManifest[] = [];

  constructor(scope: Construct, id: string, props: KubernetesManifestsProps) {
    super(scope, id);
    const where = this.node.path;
    if ((props.app === undefined) === (props.chart === undefined)) throw new MeshConfigError(where, 'app, chart', 'give exactly one of app and chart');
    const defaultNamespace = props.defaultNamespace ?? 'default';
    if (!isDns1123Label(defaultNamespace)) {
      throw new MeshConfigError(where, 'defaultNamespace', `"${defaultNamespace}" is not a namespace name`, DNS1123_LABEL_RULE);
    }
    const plan = planManifests(props.app ? objectsOfApp(props.app) : objectsOfChart(props.chart!), { defaultNamespace });
    if (plan.problems.length > 0) throw new MeshConfigError(where, 'objects', plan.problems.join('; '));
    this.provider = props.provider ?? stackKubernetesProvider(this);
    const byName = new Map<string, KubernetesManifest>();
    for (const r of plan.resources) {
      const resource = new KubernetesManifest(this, r.name, r.manifest, this.provider, r.dependsOn.map(d => byName.get(d)!));
      resource.overrideLogicalId(r.name);
      byName.set(r.name, resource);
      this.resources.push(resource);
    }
  }
}

/** One default provider per stack: Terraform rejects a second un-aliased `provider "kubernetes"`. */
function stackKubernetesProvider(scope: Construct): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.findAll().find((c): c is TerraformProvider =>
    TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === 'kubernetes' && c.alias === undefined);
  return existing ?? new KubernetesProviderBlock(stack, 'kubernetes-provider');
}
