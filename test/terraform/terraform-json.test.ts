import { readFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { exampleApp } from './example';
import { TerraformManifests } from '../../src';
import { escapeTemplates, planManifests, SourcedObject } from '../../src/terraform/plan';
import { sanitize } from '../../src/terraform/resource-names';
import { MeshConfigError } from '../../src/util/errors';
import { BUILTIN_API_GROUPS, CLUSTER_SCOPED_BUILTINS } from '../../src/util/kube-api';

const TF_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function objects(...list: unknown[]): SourcedObject[] {
  return list.map((object, i) => ({ object, source: `input#${i}` }));
}

function plan(...list: unknown[]) {
  return planManifests(objects(...list), { defaultNamespace: 'default' });
}

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra: object = {}) =>
  ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra });
const crd = (group: string, kind: string, plural: string, scope = 'Namespaced') =>
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${plural}.${group}`, undefined,
    { spec: { group, scope, names: { kind, plural }, versions: [{ name: 'v1', served: true, storage: true }] } });

describe('Terraform JSON of the example platform', () => {
  const app = exampleApp();
  const tf = TerraformManifests.fromApp(app);
  const files = Object.fromEntries(tf.files().map(f => [f.fileName, f.content]));
  const manifests = JSON.parse(files['manifests.tf.json']);
  const resources: Record<string, any> = manifests.resource.kubernetes_manifest;

  test('the files are stable (snapshot)', () => {
    expect(Object.keys(files)).toEqual(['providers.tf.json', 'manifests.tf.json']);
    expect(files['providers.tf.json']).toMatchSnapshot();
    expect(files['manifests.tf.json']).toMatchSnapshot();
  });

  test('every synthesized object is one kubernetes_manifest, unchanged', () => {
    const synthesized = app.charts.flatMap(c => c.toJson());
    expect(synthesized.length).toBeGreaterThan(20);
    expect(Object.keys(resources)).toHaveLength(synthesized.length);
    for (const o of synthesized) {
      const found = Object.values(resources).filter(r => r.manifest.kind === o.kind && r.manifest.metadata.name === o.metadata.name);
      expect(found).toHaveLength(1);
      // Terraform reads `${` and `%{` in JSON strings as templates; the writer escapes them (`$${`).
      expect(JSON.parse(JSON.stringify(found[0].manifest).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'))).toEqual(o);
    }
  });

  test('every resource is structurally valid: manifest with apiVersion, kind, metadata.name, and metadata.namespace where namespaced', () => {
    for (const [name, r] of Object.entries(resources)) {
      expect(name).toMatch(TF_IDENTIFIER);
      expect(Object.keys(r).sort()).toEqual(r.depends_on ? ['depends_on', 'manifest'] : ['manifest']);
      expect(typeof r.manifest.apiVersion).toBe('string');
      expect(typeof r.manifest.kind).toBe('string');
      expect(typeof r.manifest.metadata.name).toBe('string');
      if (!CLUSTER_SCOPED_BUILTINS.has(r.manifest.kind)) expect(r.manifest.metadata.namespace).toBe('ml-serving');
    }
  });

  test('names are <kind>_<namespace>_<name>, and depends_on only points at resources written before', () => {
    expect(Object.keys(resources)).toContain('virtualservice_ml-serving_content-ranking');
    expect(Object.keys(resources)).toContain('deployment_ml-serving_content-ranking-v45');
    expect(Object.keys(resources)).toContain('inferenceservice_ml-serving_diversity-reranker-v7');
    const order = Object.keys(resources);
    order.forEach((name, i) => {
      for (const dep of resources[name].depends_on ?? []) {
        expect(dep).toMatch(/^kubernetes_manifest\./);
        expect(order.indexOf(dep.slice('kubernetes_manifest.'.length))).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(dep.slice('kubernetes_manifest.'.length))).toBeLessThan(i);
      }
    });
    // Istio and KServe objects wait for the Services and Deployments of their namespace.
    expect(resources['virtualservice_ml-serving_content-ranking'].depends_on).toContain('kubernetes_manifest.service_ml-serving_content-ranking');
    expect(resources['service_ml-serving_content-ranking'].depends_on).toBeUndefined();
  });

  test('the provider file pins hashicorp/kubernetes and configures it from the environment', () => {
    expect(JSON.parse(files['providers.tf.json'])).toEqual({
      '//': expect.any(String),
      'terraform': { required_providers: { kubernetes: { source: 'hashicorp/kubernetes', version: '>= 2.6.0' } } },
      'provider': { kubernetes: {} },
    });
    const moduleFiles = TerraformManifests.fromApp(app, { providerBlock: false }).files();
    expect(JSON.parse(moduleFiles[0].content).provider).toBeUndefined();
  });

  test('resources describe what was written', () => {
    const vs = tf.resources.find(r => r.name === 'virtualservice_ml-serving_content-ranking')!;
    expect(vs).toMatchObject({
      address: 'kubernetes_manifest.virtualservice_ml-serving_content-ranking',
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      objectName: 'content-ranking',
      namespace: 'ml-serving',
    });
    expect(vs.dependsOn).toEqual(resources[vs.name].depends_on);
    expect(tf.warnings).toEqual([]);
  });

  test('fromChart gives the same resources for a one-chart app', () => {
    expect(TerraformManifests.fromChart(app.charts[0]).files()).toEqual(tf.files());
  });
});

describe('apply order', () => {
  const all = [
    obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'ranking', 'ml'),
    obj('argoproj.io/v1alpha1', 'Rollout', 'ranking', 'ml'),
    obj('serving.kserve.io/v1beta1', 'InferenceService', 'reranker', 'ml'),
    obj('networking.istio.io/v1', 'VirtualService', 'ranking', 'ml'),
    obj('v1', 'ServiceAccount', 'model', 'ml'),
    obj('v1', 'Service', 'ranking', 'ml'),
    obj('v1', 'ConfigMap', 'settings', 'other'),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
    crd('argoproj.io', 'Rollout', 'rollouts'),
    ns('ml'),
  ];
  const result = plan(...all);
  const names = result.resources.map(r => r.name);
  const byName = Object.fromEntries(result.resources.map(r => [r.name, r]));

  test('Namespaces and CRDs first, then built-in objects, then custom resources', () => {
    expect(names).toEqual([
      'customresourcedefinition_rollouts_argoproj_io', 'namespace_ml',
      'clusterrole_reader', 'service_ml_ranking', 'serviceaccount_ml_model', 'configmap_other_settings',
      'inferenceservice_ml_reranker', 'rollout_ml_ranking', 'servicemonitor_ml_ranking', 'virtualservice_ml_ranking',
    ]);
    expect(result.resources.map(r => r.tier)).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  test('an object depends on its Namespace; a custom resource also on its CRD and the built-in objects of its namespace', () => {
    expect(byName.namespace_ml.dependsOn).toEqual([]);
    expect(byName.serviceaccount_ml_model.dependsOn).toEqual(['namespace_ml']);
    expect(byName.configmap_other_settings.dependsOn).toEqual([]);
    expect(byName.clusterrole_reader.dependsOn).toEqual([]);
    expect(byName.rollout_ml_ranking.dependsOn).toEqual(['customresourcedefinition_rollouts_argoproj_io', 'namespace_ml', 'service_ml_ranking', 'serviceaccount_ml_model']);
    expect(byName.virtualservice_ml_ranking.dependsOn).toEqual(['namespace_ml', 'service_ml_ranking', 'serviceaccount_ml_model']);
  });

  test('the input order does not matter', () => {
    const reversed = plan(...[...all].reverse());
    expect(reversed).toEqual(result);
  });
});

describe('resource names', () => {
  test('objects that differ only in API group get the group in their name; others keep the short name', () => {
    const result = plan(
      obj('v1', 'Service', 'ranking', 'ml'),
      obj('serving.knative.dev/v1', 'Service', 'ranking', 'ml'),
      obj('v1', 'Service', 'other', 'ml'),
    );
    expect(result.resources.map(r => r.name).sort()).toEqual([
      'service_core_ml_ranking', 'service_ml_other', 'service_serving_knative_dev_ml_ranking',
    ]);
  });

  test('names are Terraform identifiers', () => {
    expect(sanitize('CustomResourceDefinition_virtualservices.networking.istio.io')).toBe('customresourcedefinition_virtualservices_networking_istio_io');
    expect(sanitize('9lives')).toBe('_9lives');
    expect(sanitize('a b/c')).toBe('a_b_c');
  });

  test('a clash left after sanitizing gets a short hash of the identity', () => {
    const result = plan(obj('example.com/v1', 'Widget', 'a.b', 'ml'), obj('example.com/v1', 'Widget', 'a_b', 'ml'));
    const names = result.resources.map(r => r.name);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^widget_example_com_ml_a_b_[0-9a-f]{8}$/);
  });

  test('the same object twice is a problem, not two resources', () => {
    const result = plan(obj('v1', 'Service', 'ranking', 'ml'), obj('v1', 'Service', 'ranking', 'ml'));
    expect(result.resources).toHaveLength(1);
    expect(result.problems).toEqual(['input#1: Service ml/ranking is defined twice (first in input#0); Terraform would apply one object twice']);
  });
});

describe('manifests as kubernetes_manifest accepts them', () => {
  test('namespaced objects without a namespace get the default one; cluster-scoped objects none', () => {
    const result = planManifests(objects(
      obj('networking.istio.io/v1', 'VirtualService', 'ranking'),
      obj('v1', 'ConfigMap', 'settings'),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', 'ml'),
      obj('serving.kserve.io/v1alpha1', 'ClusterServingRuntime', 'triton'),
    ), { defaultNamespace: 'serving' });
    const namespaces = Object.fromEntries(result.resources.map(r => [r.kind, (r.manifest.metadata as any).namespace]));
    expect(namespaces).toEqual({ VirtualService: 'serving', ConfigMap: 'serving', ClusterRole: undefined, ClusterServingRuntime: undefined });
    expect(result.warnings).toEqual([]);
  });

  test('a CRD among the objects says whether its kind is namespaced', () => {
    const result = plan(crd('example.com', 'Widget', 'widgets'), crd('example.com', 'Gadget', 'gadgets', 'Cluster'),
      obj('example.com/v1', 'Widget', 'w'), obj('example.com/v1', 'Gadget', 'g'));
    expect(result.resources.find(r => r.kind === 'Widget')!.namespace).toBe('default');
    expect(result.resources.find(r => r.kind === 'Gadget')!.namespace).toBeUndefined();
  });

  test('a custom resource of unknown scope without a namespace is written with a warning', () => {
    const result = plan(obj('example.com/v1', 'Widget', 'w'));
    expect(result.resources).toHaveLength(1);
    expect(result.warnings).toEqual([expect.stringMatching(/^input#0: Widget w has no metadata.namespace .*"Namespace required"/)]);
  });

  test('status and metadata.creationTimestamp are removed; ${ and %{ are escaped in values and keys', () => {
    const result = plan(obj('v1', 'ConfigMap', 'tpl', 'ml', {
      data: { 'a${b}': 'echo ${HOME} %{ if x }', 'plain': '$HOME {x} $ {y}' },
      status: { phase: 'x' },
    }));
    const manifest = result.resources[0].manifest as any;
    expect(manifest.status).toBeUndefined();
    expect(manifest.data).toEqual({ 'a$${b}': 'echo $${HOME} %%{ if x }', 'plain': '$HOME {x} $ {y}' });
    const withTimestamp = plan({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ml', creationTimestamp: null } });
    expect(withTimestamp.resources[0].manifest.metadata).toEqual({ name: 'c', namespace: 'ml' });
    expect(escapeTemplates(['${a}', 1, true, null])).toEqual(['$${a}', 1, true, null]);
  });

  test('objects without apiVersion, kind or name are problems', () => {
    const result = plan({ kind: 'ConfigMap', metadata: { name: 'x' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } }, 'text');
    expect(result.resources).toEqual([]);
    expect(result.problems).toEqual([
      'input#0: not a Kubernetes object (apiVersion and kind are required)',
      'input#1: ConfigMap has no metadata.name (kubernetes_manifest cannot track generateName)',
      'input#2: not a Kubernetes object (apiVersion and kind are required)',
    ]);
  });

  test('TerraformManifests throws on problems and on a bad default namespace, naming the construct path', () => {
    const app = new App();
    const a = new Chart(app, 'a', { namespace: 'ml' });
    const b = new Chart(app, 'b', { namespace: 'ml' });
    for (const chart of [a, b]) new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } });
    expect(() => TerraformManifests.fromApp(app)).toThrow(MeshConfigError);
    expect(() => TerraformManifests.fromApp(app)).toThrow(/objects: chart b, object 0: ConfigMap ml\/same is defined twice/);
    expect(() => TerraformManifests.fromChart(a, { defaultNamespace: 'Not_A_Namespace' })).toThrow(/\[a\] defaultNamespace: "Not_A_Namespace" is not a namespace name/);
  });
});

test('the built-in API groups are exactly those of the vendored Kubernetes 1.28 definitions', () => {
  const definitions = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'k8s-1.28', '_definitions.json'), 'utf8'));
  const groups = new Set<string>();
  for (const [name, def] of Object.entries<any>(definitions.definitions ?? definitions)) {
    if (name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) continue;
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) groups.add(gvk.group);
  }
  expect([...BUILTIN_API_GROUPS].sort()).toEqual([...groups].sort());
});
