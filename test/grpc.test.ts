import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { find, httpRoutes, synth, synthYaml, testChart } from './util';
import { KServeProtocol, ModelBackend, ModelProtocol, ModelService, RequestMatch, Routing } from '../src';
import { retryOnItemError } from '../src/check/webhook/retries';
import { main } from '../src/cli/main';

const kserve = (v: string) => ModelBackend.kserve({
  modelFormat: 'sklearn', storageUri: `s3://models/intent/${v}`, protocolVersion: KServeProtocol.GRPC_V2,
});

function grpcService() {
  const chart = testChart();
  const svc = new ModelService(chart, 'intent', {
    modelName: 'intent-classifier',
    versions: [{ name: 'v1', backend: kserve('v1') }, { name: 'v2', backend: kserve('v2') }],
  });
  svc.routeMatching(RequestMatch.uriPrefix('/inference.GRPCInferenceService/ModelMetadata'), 'v2');
  return { chart, svc };
}

describe('gRPC models', () => {
  test('snapshot', () => {
    expect(synthYaml(grpcService().chart)).toMatchSnapshot();
  });

  test('KServe GRPC_V2: Service port grpc with appProtocol grpc, to the h2c container port', () => {
    const out = synth(grpcService().chart);
    expect(find(out, 'Service', 'intent-classifier').spec.ports).toEqual([{ name: 'grpc', appProtocol: 'grpc', port: 8080, targetPort: 8081 }]);
    const model = find(out, 'InferenceService', 'intent-classifier-v1').spec.predictor.model;
    expect(model.ports).toEqual([{ name: 'h2c', containerPort: 8081, protocol: 'TCP' }]);
  });

  test('Deployment with protocol GRPC: container port grpc', () => {
    const chart = testChart();
    new ModelService(chart, 'embed', {
      modelName: 'embedder',
      port: 9000,
      versions: [{ name: 'v1', backend: ModelBackend.deployment({ image: 'img', protocol: ModelProtocol.GRPC }) }],
    });
    const out = synth(chart);
    expect(find(out, 'Service', 'embedder').spec.ports[0]).toMatchObject({ name: 'grpc', appProtocol: 'grpc' });
    expect(find(out, 'Deployment', 'embedder-v1').spec.template.spec.containers[0].ports[0]).toMatchObject({ name: 'grpc', containerPort: 9000 });
  });

  test('gRPC retry defaults on every route, unless the service sets retries; Istio accepts every condition', () => {
    const routes = httpRoutes(synth(grpcService().chart), 'intent-classifier');
    for (const r of routes) expect(r.retries).toEqual({ attempts: 2, retryOn: 'cancelled,deadline-exceeded,internal,resource-exhausted,unavailable' });
    for (const item of routes[0].retries.retryOn.split(',')) expect(retryOnItemError(item)).toBeUndefined();
    const chart = testChart();
    new ModelService(chart, 'own', {
      modelName: 'own',
      retries: { attempts: 1, retryOn: ['unavailable'] },
      versions: [{ name: 'v1', backend: kserve('v1') }],
    });
    expect(httpRoutes(synth(chart), 'own')[0].retries).toEqual({ attempts: 1, retryOn: 'unavailable' });
  });

  test('versions on different protocols fail', () => {
    const chart = testChart();
    new ModelService(chart, 'mixed', {
      modelName: 'mixed',
      versions: [{ name: 'v1', backend: kserve('v1') }, { name: 'v2', backend: ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/v2' }) }],
    });
    expect(() => Testing.synth(chart)).toThrow('[test/mixed] versions: versions speak different protocols (v1: grpc, v2: http); the stable Service port is named for one (grpc) (allowed: every version on one protocol)');
  });

  test('explain accepts gRPC calls (constructs, YAML, CLI)', async () => {
    const { chart, svc } = grpcService();
    const call = { grpcMethod: 'inference.GRPCInferenceService/ModelMetadata' };
    expect(svc.explain(call).destinations.map(d => d.subset)).toEqual(['v2']);
    expect(svc.explain({ grpcMethod: 'inference.GRPCInferenceService/ModelInfer' }).destinations.map(d => d.subset)).toEqual(['v1']);
    expect(Routing.fromManifests(Testing.synth(chart)).explain('intent-classifier', call).matchedRoute?.index).toBe(0);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-'));
    fs.writeFileSync(path.join(dir, 'all.yaml'), Yaml.stringify(...Testing.synth(chart)));
    const out: string[] = [];
    const code = await main(['explain', dir, '--host', 'intent-classifier', '--grpc', 'inference.GRPCInferenceService/ModelMetadata'], s => out.push(s), () => undefined);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('request  POST /inference.GRPCInferenceService/ModelMetadata (gRPC)');
    expect(out.join('\n')).toMatch(/v2\s+100%/);
    const bad = await main(['explain', dir, '--host', 'intent-classifier', '--grpc', 'not a method'], () => undefined, () => undefined);
    expect(bad).toBe(2);
  });
});
