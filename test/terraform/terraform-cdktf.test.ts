/**
 * The CDK for Terraform route. `cdktf` is an optional peer dependency (a dev dependency here), so these
 * tests run when it is installed and are skipped, with the reason in their name, when it is not.
 */
import { ApiObject, App as Cdk8sApp, Chart } from 'cdk8s';
import { exampleApp } from './example';
import { TerraformManifests } from '../../src';
import { MeshConfigError } from '../../src/util/errors';

function optional(name: string): any {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name);
  } catch {
    return undefined;
  }
}

const cdktf = optional('cdktf');
const describeWithCdktf = cdktf ? describe : describe.skip;

describeWithCdktf(`CDKTF route${cdktf ? '' : ' (skipped: the optional peer dependency cdktf is not installed)'}`, () => {
  // jest runs this body even when the block is skipped: load cdktf and the module only in the tests.
  let KubernetesManifests: any;
  let KubernetesProviderBlock: any;
  let Testing: any;
  let TerraformStack: any;
  beforeAll(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ KubernetesManifests, KubernetesProviderBlock } = require('../../src/terraform-cdktf'));
    ({ Testing, TerraformStack } = cdktf);
  });

  function synthStack(build: (stack: any) => void): any {
    const stack = new TerraformStack(Testing.app(), 'stack');
    build(stack);
    return JSON.parse(Testing.synth(stack));
  }

  test('a stack with the example platform holds the same kubernetes_manifest resources as the Terraform JSON', () => {
    const synthesized = synthStack(stack => new KubernetesManifests(stack, 'mesh', { app: exampleApp() }));
    const json = JSON.parse(TerraformManifests.fromApp(exampleApp()).files()[1].content).resource.kubernetes_manifest;
    const fromCdktf = synthesized.resource.kubernetes_manifest;
    expect(Object.keys(fromCdktf).sort()).toEqual(Object.keys(json).sort());
    expect(Object.keys(fromCdktf)).toHaveLength(23);
    for (const [name, resource] of Object.entries<any>(json)) {
      expect(fromCdktf[name].manifest).toEqual(resource.manifest);
      expect(fromCdktf[name].depends_on).toEqual(resource.depends_on);
      expect(fromCdktf[name].provider).toBe('kubernetes');
    }
    expect(synthesized.terraform.required_providers).toEqual({ kubernetes: { source: 'hashicorp/kubernetes', version: '>= 2.6.0' } });
    expect(synthesized.provider).toEqual({ kubernetes: [{}] });
  });

  test('a chart works too, and two of them share the stack\'s one kubernetes provider', () => {
    const app = new Cdk8sApp();
    const a = new Chart(app, 'a', { namespace: 'team-a' });
    const b = new Chart(app, 'b');
    new ApiObject(a, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', namespace: undefined } });
    new ApiObject(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { cmd: 'echo ${HOME}' } } as any);
    new ApiObject(b, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    let first: any;
    const synthesized = synthStack(stack => {
      first = new KubernetesManifests(stack, 'a', { chart: a });
      const second = new KubernetesManifests(stack, 'b', { chart: b, defaultNamespace: 'team-b' });
      expect(second.provider).toBe(first.provider);
    });
    expect(synthesized.provider.kubernetes).toHaveLength(1);
    const resources = synthesized.resource.kubernetes_manifest;
    expect(Object.keys(resources).sort()).toEqual(['configmap_team-a_settings', 'configmap_team-b_settings', 'namespace_team-a']);
    expect(resources['configmap_team-a_settings'].depends_on).toEqual(['kubernetes_manifest.namespace_team-a']);
    expect(resources['configmap_team-a_settings'].manifest.data.cmd).toBe('echo $${HOME}');
    expect(first.resources.map((r: any) => r.friendlyUniqueId)).toEqual(['namespace_team-a', 'configmap_team-a_settings']);
  });

  test('a provider passed in is used and no other is added', () => {
    const synthesized = synthStack(stack => {
      const provider = new KubernetesProviderBlock(stack, 'configured');
      provider.alias = 'prod';
      new KubernetesManifests(stack, 'mesh', { app: exampleApp(), provider });
    });
    expect(synthesized.provider.kubernetes).toEqual([{ alias: 'prod' }]);
    expect(synthesized.resource.kubernetes_manifest['service_ml-serving_content-ranking'].provider).toBe('kubernetes.prod');
  });

  test('bad props throw MeshConfigError naming the construct path', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    expect(() => new KubernetesManifests(stack, 'none', {})).toThrow(MeshConfigError);
    expect(() => new KubernetesManifests(stack, 'both', { app: new Cdk8sApp(), chart: new Chart(new Cdk8sApp(), 'c') }))
      .toThrow(/\[stack\/both\] app, chart: give exactly one of app and chart/);
    expect(() => new KubernetesManifests(stack, 'ns', { app: exampleApp(), defaultNamespace: 'x.y' }))
      .toThrow(/\[stack\/ns\] defaultNamespace: "x.y" is not a namespace name/);
  });
});
