import { deployment, destinationRule, gateway, referenceLines, routeTo, service, virtualService } from './reference-helpers';

const v1 = deployment('ranking-v1', { 'app': 'ranking', 'model-version': 'v1' });
const rankingDr = destinationRule('ranking', 'ranking', [['v1', { 'model-version': 'v1' }]]);

const notFound = (host: string, fqdn: string, path = 'spec.http[0].route[0].destination.host', what = 'host') =>
  `reference/IST0101-host VirtualService/ranking ${path} Referenced ${what} not found: "${host}" (no Service, ServiceEntry or InferenceService in the checked manifests provides ${fqdn})`;

describe('reference: destination hosts (IST0101)', () => {
  test.each<[string, unknown[], string[]]>([
    ['no Service for the host', [routeTo({ host: 'ranking' })], [notFound('ranking', 'ranking.ml.svc.cluster.local')]],
    ['a Service in the VirtualService namespace', [service('ranking'), routeTo({ host: 'ranking' })], []],
    ['a Service in another namespace does not serve a short name', [service('ranking', 'other'), routeTo({ host: 'ranking' })], [notFound('ranking', 'ranking.ml.svc.cluster.local')]],
    ['the FQDN of a Service in another namespace', [service('ranking', 'other'), routeTo({ host: 'ranking.other.svc.cluster.local' })], []],
    ['`name.namespace` is not normalised (as in istioctl analyze)', [service('ranking'), routeTo({ host: 'ranking.ml' })], [notFound('ranking.ml', 'ranking.ml')]],
    ['a Service exported only to its own namespace', [service('ranking', 'other', [8080], { 'networking.istio.io/exportTo': '.' }), routeTo({ host: 'ranking.other.svc.cluster.local' })],
      [notFound('ranking.other.svc.cluster.local', 'ranking.other.svc.cluster.local')]],
    ['a ServiceEntry host', [{ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'ml' }, spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'TLS' }] } },
      routeTo({ host: 'api.example.com' })], []],
    ['a wildcard ServiceEntry host', [{ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'ml' }, spec: { hosts: ['*.example.com'] } },
      routeTo({ host: 'api.example.com' })], []],
    ['InferenceService predictor and canary Services', [
      { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', metadata: { name: 'fraud', namespace: 'ml' }, spec: { predictor: {}, canary: [{ trafficPercent: 10, predictor: { name: 'v2' } }] } },
      virtualService('ranking', ['fraud'], [{ route: [{ destination: { host: 'fraud-predictor' }, weight: 90 }, { destination: { host: 'fraud-v2-predictor' }, weight: 10 }] }, { route: [{ destination: { host: 'fraud-v3-predictor' } }] }]),
    ], [notFound('fraud-v3-predictor', 'fraud-v3-predictor.ml.svc.cluster.local', 'spec.http[1].route[0].destination.host')]],
    ['Flagger Canary Services', [
      { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'podinfo', namespace: 'ml' }, spec: { targetRef: { kind: 'Deployment', name: 'podinfo' }, service: { port: 9898 } } },
      routeTo({ host: 'podinfo-canary' }),
    ], []],
    ['a mirror host', [service('ranking'), virtualService('ranking', ['ranking'], [{ route: [{ destination: { host: 'ranking' } }], mirror: { host: 'ranking-shadow' } }])],
      [notFound('ranking-shadow', 'ranking-shadow.ml.svc.cluster.local', 'spec.http[0].mirror.host', 'mirror host')]],
    ['a mirrors[] host', [service('ranking'), virtualService('ranking', ['ranking'], [{ route: [{ destination: { host: 'ranking' } }], mirrors: [{ destination: { host: 'ranking-v3' } }] }])],
      [notFound('ranking-v3', 'ranking-v3.ml.svc.cluster.local', 'spec.http[0].mirrors[0].destination.host', 'mirror host')]],
  ])('%s', (_title, run, expected) => {
    expect(referenceLines(run)).toEqual([...expected].sort());
  });
});

describe('reference: destination ports (IST0101 host:port, IST0112)', () => {
  test('a port the Service does not expose', () => {
    expect(referenceLines([service('ranking', 'ml', [80]), routeTo({ host: 'ranking', port: { number: 9000 } })])).toEqual([
      'reference/IST0101-host-port VirtualService/ranking spec.http[0].route[0].destination.port.number Referenced host:port not found: "ranking:9000" (Service ml/ranking exposes 80)',
    ]);
    expect(referenceLines([service('ranking', 'ml', [80]), routeTo({ host: 'ranking', port: { number: 80 } })])).toEqual([]);
  });

  test('no port for a multi-port Service', () => {
    expect(referenceLines([service('ranking', 'ml', [8080, 9090]), routeTo({ host: 'ranking' })])).toEqual([
      'reference/IST0112 VirtualService/ranking spec.http[0].route[0].destination.host This VirtualService routes to a service "ranking" that exposes multiple ports [8080 9090]. Specifying a port in the destination is required to disambiguate.',
    ]);
    expect(referenceLines([service('ranking', 'ml', [8080, 9090]), routeTo({ host: 'ranking', port: { number: 9090 } })])).toEqual([]);
  });
});

describe('reference: subsets (IST0101 host+subset)', () => {
  test('a subset no DestinationRule defines', () => {
    expect(referenceLines([service('ranking'), v1, rankingDr, routeTo({ host: 'ranking', subset: 'v3' })])).toEqual([
      'reference/IST0101-subset VirtualService/ranking spec.http[0].route[0].destination.subset Referenced host+subset in destinationrule not found: "ranking+v3" (DestinationRules for ml/ranking define subsets: v1)',
    ]);
    expect(referenceLines([service('ranking'), v1, rankingDr, routeTo({ host: 'ranking', subset: 'v1' })])).toEqual([]);
  });

  test('a short host and an FQDN name the same DestinationRule host', () => {
    const fqdnDr = destinationRule('ranking', 'ranking.ml.svc.cluster.local', [['v1', { 'model-version': 'v1' }]]);
    expect(referenceLines([service('ranking'), v1, fqdnDr, routeTo({ host: 'ranking', subset: 'v1' })])).toEqual([]);
  });

  test('a DestinationRule in another namespace does not define the subset for a short name', () => {
    const elsewhere = destinationRule('ranking', 'ranking', [['v1', {}]], 'other');
    expect(referenceLines([service('ranking'), service('ranking', 'other'), v1, elsewhere, routeTo({ host: 'ranking', subset: 'v1' })])).toEqual([
      'reference/IST0101-subset VirtualService/ranking spec.http[0].route[0].destination.subset Referenced host+subset in destinationrule not found: "ranking+v1" (no DestinationRule in the checked manifests has host ranking in namespace ml)',
    ]);
  });

  test('a mirror subset', () => {
    const vs = virtualService('ranking', ['ranking'], [{ route: [{ destination: { host: 'ranking', subset: 'v1' } }], mirror: { host: 'ranking', subset: 'v2' } }]);
    expect(referenceLines([service('ranking'), v1, rankingDr, vs])).toEqual([
      'reference/IST0101-subset VirtualService/ranking spec.http[0].mirror.subset Referenced mirror+subset in destinationrule not found: "ranking+v2" (DestinationRules for ml/ranking define subsets: v1)',
    ]);
  });
});

describe('reference: two mesh VirtualServices for one host (IST0109)', () => {
  const message = 'The VirtualServices ml/ranking,ml/ranking-canary associated with mesh gateway define the same host */ranking.ml.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';
  const route = [{ route: [{ destination: { host: 'ranking' } }] }];

  test('reported on both', () => {
    expect(referenceLines([service('ranking'), virtualService('ranking', ['ranking'], route), virtualService('ranking-canary', ['other', 'ranking'], route)])).toEqual([
      `reference/IST0109 VirtualService/ranking spec.hosts[0] ${message}`,
      `reference/IST0109 VirtualService/ranking-canary spec.hosts[1] ${message}`,
    ]);
  });

  test('a gateway-only VirtualService does not conflict with the mesh one', () => {
    expect(referenceLines([service('ranking'), virtualService('ranking', ['ranking'], route), gateway('ingress', ['*']),
      virtualService('ranking-ingress', ['ranking'], route, 'ml', { gateways: ['istio-system/ingress'] })])).toEqual([]);
  });

  test('VirtualServices exported to different namespaces do not conflict', () => {
    expect(referenceLines([service('ranking'), virtualService('ranking', ['ranking'], route, 'ml', { exportTo: ['.'] }),
      virtualService('ranking-b', ['ranking'], route, 'ml', { exportTo: ['team-b'] })])).toEqual([]);
  });
});

describe('reference: DestinationRules for one host', () => {
  test('two DestinationRules are merged by istiod: warning on both', () => {
    const message = 'The DestinationRules ml/ranking,ml/ranking-extra define the same host ranking.ml.svc.cluster.local; istiod merges them: subsets are combined, a repeated subset name keeps its first definition, and only the first top-level trafficPolicy applies. Merge them into one DestinationRule per host.';
    expect(referenceLines([service('ranking'), v1, rankingDr, destinationRule('ranking-extra', 'ranking.ml.svc.cluster.local', [])])).toEqual([
      `W reference/duplicate-destination-rule DestinationRule/ranking spec.host ${message}`,
      `W reference/duplicate-destination-rule DestinationRule/ranking-extra spec.host ${message}`,
    ]);
  });

  test('a DestinationRule with a workloadSelector is not merged', () => {
    const scoped = destinationRule('ranking-gw', 'ranking', [], 'ml', { workloadSelector: { matchLabels: { app: 'gw' } } });
    expect(referenceLines([service('ranking'), v1, rankingDr, scoped])).toEqual([]);
  });
});

describe('reference: DestinationRule hosts and subset pods (IST0174, IST0173)', () => {
  test('a DestinationRule host without a service', () => {
    expect(referenceLines([rankingDr])).toEqual([
      'W reference/IST0174 DestinationRule/ranking spec.host The host ranking defined in the DestinationRule does not match any services in the mesh.',
    ]);
  });

  test('a subset whose labels select no workload', () => {
    const dr = destinationRule('ranking', 'ranking', [['v1', { 'model-version': 'v1' }], ['v2', { 'model-version': 'v2' }]]);
    expect(referenceLines([service('ranking'), v1, dr])).toEqual([
      'reference/IST0173 DestinationRule/ranking spec.subsets[1].labels The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). (no workload in the checked manifests has pod labels model-version=v2)',
    ]);
    expect(referenceLines([service('ranking'), v1, deployment('ranking-v2', { 'app': 'ranking', 'model-version': 'v2' }, 'ml', 'Rollout'), dr])).toEqual([]);
  });

  test('ServiceEntry workloadSelector labels join the subset selector', () => {
    const entry = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'vm', namespace: 'ml' }, spec: { hosts: ['ranking.vm.internal'], workloadSelector: { labels: { app: 'vm-ranking' } } } };
    const dr = destinationRule('vm', 'ranking.vm.internal', [['v1', { 'model-version': 'v1' }]]);
    expect(referenceLines([entry, v1, dr])).toEqual([
      'reference/IST0173 DestinationRule/vm spec.subsets[0].labels The Subset v1 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). (no workload in the checked manifests has pod labels app=vm-ranking,model-version=v1)',
    ]);
    expect(referenceLines([entry, deployment('vm', { 'app': 'vm-ranking', 'model-version': 'v1' }), dr])).toEqual([]);
  });

  describe('KServe predictor pods', () => {
    const isvc = (mode: string | undefined, predictorLabels: Record<string, string> = {}) => ({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'fraud', namespace: 'ml', annotations: mode ? { 'serving.kserve.io/deploymentMode': mode } : {} },
      spec: { predictor: { labels: predictorLabels, model: { modelFormat: { name: 'sklearn' } } }, canary: [{ trafficPercent: 10, predictor: { name: 'v2', labels: { 'model-version': 'v2' } } }] },
    });
    const dr = (subsets: Array<[string, Record<string, string>]>) => destinationRule('fraud', 'fraud-predictor', subsets);

    test('predictor.labels and KServe labels select', () => {
      expect(referenceLines([isvc('Standard', { 'model-version': 'v1' }), dr([
        ['by-predictor-label', { 'model-version': 'v1' }],
        ['by-kserve-label', { 'serving.kserve.io/inferenceservice': 'fraud', 'component': 'predictor' }],
        ['by-app', { app: 'isvc.fraud-predictor' }],
        ['canary', { 'app': 'isvc.fraud-v2-predictor', 'model-version': 'v2' }],
      ])])).toEqual([]);
    });

    test('Knative-mode pods carry no app label', () => {
      expect(referenceLines([isvc('Serverless'), dr([['by-app', { app: 'isvc.fraud-predictor' }]])])).toEqual([
        'reference/IST0173 DestinationRule/fraud spec.subsets[0].labels The Subset by-app defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). (no workload in the checked manifests has pod labels app=isvc.fraud-predictor)',
      ]);
    });
  });
});

describe('reference: gateways (virtualservice.GatewayAnalyzer)', () => {
  const route = [routeTo({ host: 'ranking' })];
  test('a VirtualService naming a gateway that does not exist (IST0101), at the VS level and in a match', () => {
    expect(referenceLines([service('ranking'),
      virtualService('ranking-ingress', ['ml.example.com'], [{ match: [{ gateways: ['edge'] }], route: [{ destination: { host: 'ranking' } }] }], 'ml', { gateways: ['istio-system/ingress', 'mesh'] })])).toEqual([
      'reference/IST0101 VirtualService/ranking-ingress spec.gateways[0] Referenced gateway not found: "istio-system/ingress"',
      'reference/IST0101 VirtualService/ranking-ingress spec.http[0].match[0].gateways[0] Referenced gateway not found: "ml/edge"',
    ]);
  });

  test('a gateway whose servers do not serve the host (IST0132, warning); a served host is fine', () => {
    expect(referenceLines([service('ranking'), gateway('ingress', ['api.example.com']),
      virtualService('ranking-ingress', ['ml.example.com'], route, 'ml', { gateways: ['istio-system/ingress'] })])).toEqual([
      'W reference/IST0132 VirtualService/ranking-ingress spec.gateways[0] one or more host [ml.example.com] defined in VirtualService ml/ranking-ingress not found in Gateway istio-system/ingress.',
    ]);
    expect(referenceLines([service('ranking'), gateway('ingress', ['*.example.com']),
      virtualService('ranking-ingress', ['ml.example.com'], route, 'ml', { gateways: ['istio-system/ingress'] })])).toEqual([]);
  });
});
