import { FieldError } from '../../src/check/schema/field-error';
import { RawSchema, SchemaContext, compileSchema } from '../../src/check/schema/schema-node';
import { walkStructural } from '../../src/check/schema/structural-walker';
import { check, destinationRule, fixture, httpRoute, meta, summary, virtualService } from '../fixtures/check/schema/helpers';

/** A copy of a fixture document, to break one field of. */
function fixtureDoc(file: string, index = 0): any {
  return JSON.parse(JSON.stringify(fixture(file)[index]));
}

describe('unknown fields (strict field validation)', () => {
  test('a typo for route in an HTTP route is reported with the allowed fields and a suggestion', () => {
    const vs = virtualService({ hosts: ['ranking'], http: [{ routes: [{ destination: { host: 'ranking' } }] }] });
    const findings = check(vs);
    expect(summary(findings)).toEqual(['schema/unknown-field spec.http[0].routes']);
    expect(findings[0].message).toContain('unknown field "spec.http[0].routes"');
    expect(findings[0].message).toContain('did you mean "route"?');
    expect(findings[0].message).toContain('fields allowed here: corsPolicy,');
  });

  test('mirrorPercent placed inside mirror (a Destination) is reported', () => {
    const vs = httpRoute({ mirror: { host: 'ranking', subset: 'v47', mirrorPercent: 10 } });
    const findings = check(vs);
    expect(summary(findings)).toEqual(['schema/unknown-field spec.http[0].mirror.mirrorPercent']);
    expect(findings[0].message).toContain('fields allowed here: host, port, subset');
  });

  test('mirrorPercentage where HTTPRoute defines it is fine', () => {
    expect(summary(check(httpRoute({ mirror: { host: 'ranking', subset: 'v47' }, mirrorPercentage: { value: 10 } })))).toEqual([]);
  });

  test('metadata is validated as ObjectMeta', () => {
    const vs = { ...httpRoute({}), metadata: { ...meta(), lables: { app: 'x' } } };
    expect(summary(check(vs))).toEqual(['schema/unknown-field metadata.lables']);
    const ok = { ...httpRoute({}), metadata: { ...meta(), labels: { app: 'x' }, annotations: { 'example.com/owner': 'ml' } } };
    expect(summary(check(ok))).toEqual([]);
  });

  test('x-kubernetes-preserve-unknown-fields keeps arbitrary content (EnvoyFilter patch value)', () => {
    const ef = {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: meta(),
      spec: { configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'MERGE', value: { anything: { goes: [1, 'two'] } } } }] },
    };
    expect(summary(check(ef))).toEqual([]);
    ef.spec.configPatches[0].patch = { operation: 'MERGE', valeu: {} } as any;
    expect(summary(check(ef))).toEqual(['schema/unknown-field spec.configPatches[0].patch.valeu']);
  });

  test('status is not validated when the status subresource is on (the apiserver resets it on create)', () => {
    expect(summary(check({ ...httpRoute({}), status: { anything: 1 } }))).toEqual([]);
  });

  test('Kubernetes built-ins: unknown fields in a Deployment', () => {
    const deployment = fixtureDoc('deployment-service.yaml');
    deployment.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    expect(summary(check(deployment))).toEqual(['schema/unknown-field spec.template.spec.containers[0].imagePullPolcy']);
  });
});

describe('types', () => {
  test('a string where an integer is required', () => {
    const findings = check(httpRoute({ route: [{ destination: { host: 'ranking' }, weight: '90' }] }));
    expect(summary(findings)).toEqual(['schema/type spec.http[0].route[0].weight', 'schema/cel-not-checked ']);
    expect(findings[0].message).toBe('spec.http[0].route[0].weight: Invalid value: "90": spec.http[0].route[0].weight in body must be of type integer: "string"');
  });

  test('integer vs number: 1.5 is not an integer, but an integer is a number', () => {
    expect(summary(check(httpRoute({ route: [{ destination: { host: 'ranking' }, weight: 1.5 }] }))))
      .toEqual(['schema/type spec.http[0].route[0].weight', 'schema/cel-not-checked ']);
    expect(summary(check(httpRoute({ mirror: { host: 'ranking' }, mirrorPercentage: { value: 10 } })))).toEqual([]);
    expect(summary(check(httpRoute({ mirror: { host: 'ranking' }, mirrorPercentage: { value: '10' } }))))
      .toEqual(['schema/type spec.http[0].mirrorPercentage.value', 'schema/cel-not-checked ']);
  });

  test('a map value of the wrong type (additionalProperties) is addressed by key', () => {
    const dr = destinationRule({ host: 'ranking', subsets: [{ name: 'v45', labels: { version: 45 } }] });
    expect(summary(check(dr))).toEqual(['schema/type spec.subsets[0].labels[version]', 'schema/cel-not-checked ']);
  });

  test('x-kubernetes-int-or-string accepts both and rejects others (Rollout maxSurge)', () => {
    const rollout = fixtureDoc('rollout.yaml');
    rollout.spec.strategy.canary.maxSurge = '25%';
    expect(summary(check(rollout))).toEqual([]);
    rollout.spec.strategy.canary.maxSurge = 1;
    expect(summary(check(rollout))).toEqual([]);
    rollout.spec.strategy.canary.maxSurge = true;
    const findings = check(rollout);
    expect(summary(findings)).toEqual(['schema/type spec.strategy.canary.maxSurge', 'schema/cel-not-checked ']);
    expect(findings[0].message).toContain('must be of type integer,string: "boolean"');
  });

  test('IntOrString in the built-in definitions (Service targetPort)', () => {
    const service = fixtureDoc('deployment-service.yaml', 1);
    service.spec.ports[0].targetPort = 'http';
    expect(summary(check(service))).toEqual([]);
    service.spec.ports[0].targetPort = { port: 8080 };
    expect(summary(check(service))).toEqual(['schema/type spec.ports[0].targetPort']);
    service.spec.ports[0].targetPort = 8080;
    service.spec.ports[0].port = '80';
    expect(summary(check(service))).toEqual(['schema/type spec.ports[0].port']);
  });
});

describe('nullable and null', () => {
  test('null in a non-nullable field without a default is pruned, as the apiserver does', () => {
    expect(summary(check(httpRoute({ timeout: null })))).toEqual([]);
  });

  test('null is kept where nullable: true', () => {
    expect(summary(check(httpRoute({ mirrorPercent: null })))).toEqual([]);
  });

  test('null as a list item is a type error', () => {
    const vs = virtualService({ hosts: ['ranking', null] });
    const findings = check(vs);
    expect(summary(findings)).toEqual(['schema/type spec.hosts[1]', 'schema/cel-not-checked ']);
    expect(findings[0].message).toContain('must be of type string: "null"');
  });
});

describe('required', () => {
  test('a destination without host', () => {
    const findings = check(virtualService({ hosts: ['ranking'], http: [{ route: [{ destination: { subset: 'v45' } }] }] }));
    expect(summary(findings)).toEqual(['schema/required spec.http[0].route[0].destination.host', 'schema/cel-not-checked ']);
    expect(findings[0].message).toBe('spec.http[0].route[0].destination.host: Required value');
  });

  test('a DestinationRule without host; with host it is fine', () => {
    expect(summary(check(destinationRule({ subsets: [{ name: 'v45' }] })))).toEqual(['schema/required spec.host', 'schema/cel-not-checked ']);
    expect(summary(check(destinationRule({ host: 'ranking', subsets: [{ name: 'v45' }] })))).toEqual([]);
  });

  test('metadata.name is required', () => {
    const findings = check({ ...httpRoute({}), metadata: { namespace: 'ml-serving' } });
    expect(summary(findings)).toEqual(['schema/required metadata.name', 'schema/cel-not-checked ']);
    expect(findings[0].message).toBe('metadata.name: Required value: name or generateName is required');
  });

  test('a default satisfies required (KServe canary ports protocol defaults to TCP)', () => {
    const isvc = fixtureDoc('inference-service.yaml');
    isvc.spec.predictor.model.ports = [{ containerPort: 8080 }];
    expect(summary(check(isvc))).toEqual([]);
  });
});

describe('enum', () => {
  test('an h2UpgradePolicy that does not exist', () => {
    const dr = destinationRule({ host: 'ranking', trafficPolicy: { connectionPool: { http: { h2UpgradePolicy: 'SOMETIMES' } } } });
    const findings = check(dr);
    expect(summary(findings)).toEqual(['schema/enum spec.trafficPolicy.connectionPool.http.h2UpgradePolicy', 'schema/cel-not-checked ']);
    expect(findings[0].message).toBe('spec.trafficPolicy.connectionPool.http.h2UpgradePolicy: Unsupported value: "SOMETIMES": '
      + 'supported values: "DEFAULT", "DO_NOT_UPGRADE", "UPGRADE"');
    dr.spec = { host: 'ranking', trafficPolicy: { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE' } } } };
    expect(summary(check(dr))).toEqual([]);
  });

  test('value sets the apiserver enforces for built-ins (imagePullPolicy, Service type)', () => {
    const deployment = fixtureDoc('deployment-service.yaml');
    deployment.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    const findings = check(deployment);
    expect(summary(findings)).toEqual(['schema/enum spec.template.spec.containers[0].imagePullPolicy']);
    expect(findings[0].message).toContain('supported values: "Always", "IfNotPresent", "Never"');
    const service = fixtureDoc('deployment-service.yaml', 1);
    service.spec.type = 'Internal';
    expect(summary(check(service))).toEqual(['schema/enum spec.type']);
  });
});

describe('pattern (RE2), format, quantities', () => {
  test('KServe predictor name must be a DNS-1035 label', () => {
    const isvc = fixtureDoc('inference-service.yaml');
    isvc.spec.predictor.name = 'V45';
    const findings = check(isvc);
    expect(summary(findings)).toEqual(['schema/pattern spec.predictor.name']);
    expect(findings[0].message).toBe('spec.predictor.name: Invalid value: "V45": spec.predictor.name in body should match \'^[a-z]([-a-z0-9]*[a-z0-9])?$\'');
  });

  test('CRD quantities use the schema pattern; built-in Quantity its syntax', () => {
    const isvc = fixtureDoc('inference-service.yaml');
    isvc.spec.predictor.model.resources.requests.cpu = '1 core';
    expect(summary(check(isvc))).toEqual(['schema/pattern spec.predictor.model.resources.requests[cpu]']);
    const deployment = fixtureDoc('deployment-service.yaml');
    deployment.spec.template.spec.containers[0].resources.limits.memory = '2 GB';
    expect(summary(check(deployment))).toEqual(['schema/format spec.template.spec.containers[0].resources.limits[memory]']);
    deployment.spec.template.spec.containers[0].resources.limits.memory = 2147483648;
    expect(summary(check(deployment))).toEqual([]);
  });

  test('int32 fields reject values out of range', () => {
    const findings = check(httpRoute({ route: [{ destination: { host: 'ranking' }, weight: 3000000000 }] }));
    expect(summary(findings)).toEqual(['schema/format spec.http[0].route[0].weight']);
    expect(findings[0].message).toContain('must fit in int32');
  });

  test('string formats the apiserver checks (byte)', () => {
    const vs = httpRoute({ directResponse: { status: 503, body: { bytes: 'not base64!' } } });
    delete (vs.spec as any).http[0].route;
    expect(summary(check(vs))).toEqual(['schema/format spec.http[0].directResponse.body.bytes', 'schema/cel-not-checked ']);
    (vs.spec as any).http[0].directResponse.body.bytes = 'aGVsbG8=';
    expect(summary(check(vs))).toEqual([]);
  });
});

describe('bounds', () => {
  test('maximum and minimum (KServe canary trafficPercent 0..100)', () => {
    const isvc = fixtureDoc('inference-service.yaml');
    isvc.spec.canary[0].trafficPercent = 101;
    const findings = check(isvc);
    expect(summary(findings)).toEqual(['schema/maximum spec.canary[0].trafficPercent']);
    expect(findings[0].message).toContain('spec.canary[0].trafficPercent in body should be less than or equal to 100');
    isvc.spec.canary[0].trafficPercent = -1;
    expect(summary(check(isvc))).toEqual(['schema/minimum spec.canary[0].trafficPercent']);
    isvc.spec.canary[0].trafficPercent = 0;
    expect(summary(check(isvc))).toEqual([]);
  });

  test('minLength and maxLength (RequestAuthentication issuer, matchLabels values)', () => {
    const ra = (jwtRule: Record<string, unknown>, matchLabels: Record<string, string> = { app: 'ranking' }): unknown => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: meta(),
      spec: { selector: { matchLabels }, jwtRules: [jwtRule] },
    });
    expect(summary(check(ra({ issuer: '' })))).toEqual(['schema/min-length spec.jwtRules[0].issuer']);
    const findings = check(ra({ issuer: 'me' }, { app: 'x'.repeat(64) }));
    expect(summary(findings)).toEqual(['schema/max-length spec.selector.matchLabels[app]', 'schema/cel-not-checked ']);
    expect(findings[0].message).toBe('spec.selector.matchLabels[app]: Too long: may not be longer than 63');
    expect(summary(check(ra({ issuer: 'me' })))).toEqual([]);
  });

  test('minItems and maxItems (Gateway tls credentialNames 1..2)', () => {
    const gw = (credentialNames: string[]): unknown => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: meta(),
      spec: { servers: [{ hosts: ['*'], port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialNames } }] },
    });
    expect(summary(check(gw([])))).toEqual(['schema/min-items spec.servers[0].tls.credentialNames']);
    const findings = check(gw(['a', 'b', 'c']));
    expect(summary(findings)).toEqual(['schema/max-items spec.servers[0].tls.credentialNames', 'schema/cel-not-checked ']);
    expect(findings[0].message).toBe('spec.servers[0].tls.credentialNames: Too many: 3: must have at most 2 items');
    expect(summary(check(gw(['a', 'b'])))).toEqual([]);
  });

  test('minProperties and maxProperties (PeerAuthentication portLevelMtls, EnvoyFilter workloadSelector)', () => {
    const pa = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta(),
      spec: { selector: { matchLabels: { app: 'ranking' } }, portLevelMtls: {} },
    };
    expect(summary(check(pa))).toEqual(['schema/min-properties spec.portLevelMtls']);
    const labels = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`l${i}`, 'x']));
    const ef = { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: meta(), spec: { workloadSelector: { labels } } };
    expect(summary(check(ef))).toEqual(['schema/max-properties spec.workloadSelector.labels', 'schema/cel-not-checked ']);
    ef.spec.workloadSelector.labels = { app: 'ranking' };
    expect(summary(check(ef))).toEqual([]);
  });
});

describe('oneOf / anyOf / not (mutually exclusive fields, as in Istio schemas)', () => {
  test('a StringMatch with both exact and prefix', () => {
    const vs = httpRoute({ match: [{ uri: { exact: '/predict', prefix: '/v1' } }] });
    const findings = check(vs);
    expect(summary(findings)).toEqual(['schema/one-of spec.http[0].match[0].uri']);
    expect(findings[0].message).toContain('must validate one and only one schema (oneOf). Found 2 valid alternatives');
    expect(findings[0].message).toContain('at most one of exact, prefix, regex may be set; found exact, prefix');
  });

  test('one (or none) of them is fine', () => {
    expect(summary(check(httpRoute({ match: [{ uri: { prefix: '/v1' } }] })))).toEqual([]);
    expect(summary(check(httpRoute({ match: [{ uri: {} }] })))).toEqual([]);
  });

  test('a load balancer with both simple and consistentHash', () => {
    const dr = destinationRule({ host: 'ranking', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } } });
    expect(summary(check(dr))).toEqual(['schema/one-of spec.trafficPolicy.loadBalancer']);
    dr.spec = { host: 'ranking', trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true } } } };
    expect(summary(check(dr))).toEqual([]);
  });
});

describe('x-kubernetes-list-type invariants', () => {
  test('list-type map: duplicate keys, with the default filling a missing key', () => {
    const isvc = fixtureDoc('inference-service.yaml');
    isvc.spec.predictor.model.ports = [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'TCP' }];
    const findings = check(isvc);
    expect(summary(findings)).toEqual(['schema/duplicate spec.predictor.model.ports[1]']);
    expect(findings[0].message).toBe('spec.predictor.model.ports[1]: Duplicate value: {"containerPort":8080,"protocol":"TCP"}');
    isvc.spec.predictor.model.ports = [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'UDP' }];
    expect(summary(check(isvc))).toEqual([]);
  });
});

describe('ObjectMeta rules', () => {
  test('custom resource names are DNS subdomains', () => {
    const findings = check({ ...httpRoute({}), metadata: { name: 'Content_Ranking', namespace: 'ml-serving' } });
    expect(summary(findings)).toEqual(['schema/metadata metadata.name']);
    expect(findings[0].message).toContain('a lowercase RFC 1123 subdomain');
  });

  test('Service names are DNS-1035 labels', () => {
    const service = fixtureDoc('deployment-service.yaml', 1);
    service.metadata.name = '1-ranking';
    expect(summary(check(service))).toEqual(['schema/metadata metadata.name']);
  });

  test('namespace and label syntax', () => {
    const bad = { ...httpRoute({}), metadata: { name: 'ranking', namespace: 'ML', labels: { 'bad key!': 'ok', 'version': 'v 45' } } };
    expect(summary(check(bad))).toEqual(['schema/metadata metadata.namespace', 'schema/metadata metadata.labels', 'schema/metadata metadata.labels']);
  });

  test('generateName is checked as a prefix (generic.go maskTrailingDash: the last two bytes become "a") and dotted namespaces are named', () => {
    const generated = (generateName: string) => check({ ...httpRoute({}), metadata: { generateName, namespace: 'ml-serving' } });
    expect(summary(generated('ranking-'))).toEqual([]);
    expect(summary(generated('ranking_-'))).toEqual([]); // checked as "rankinga", as upstream
    expect(summary(generated('Ranking-'))).toEqual(['schema/metadata metadata.generateName']);
    const dotted = check({ ...httpRoute({}), metadata: { name: 'ranking', namespace: 'ml.serving' } });
    expect(dotted.map(f => f.message)).toEqual(['metadata.namespace: Invalid value: "ml.serving": must not contain dots']);
  });

  test('cluster-scoped kinds take no namespace', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml-serving', namespace: 'default' } };
    expect(summary(check(ns))).toEqual(['schema/metadata metadata.namespace']);
    expect(summary(check({ ...ns, metadata: { name: 'ml-serving' } }))).toEqual([]);
  });
});

describe('keywords the vendored CRDs use rarely or only inside oneOf (hand-written schemas)', () => {
  const CRD: SchemaContext = { dialect: 'crd', resolveRef: ref => { throw new Error(ref); } };
  const validate = (raw: RawSchema, value: unknown): string[] => {
    const out: FieldError[] = [];
    walkStructural(compileSchema(raw, CRD), value, '', out);
    return out.map(e => `${e.rule} ${e.path}`);
  };

  test('date-time (Rollout restartAt)', () => {
    const rollout = fixtureDoc('rollout.yaml');
    rollout.spec.restartAt = 'tomorrow morning';
    expect(summary(check(rollout))).toEqual(['schema/format spec.restartAt', 'schema/cel-not-checked ']);
    rollout.spec.restartAt = '2026-11-23T08:00:00Z';
    expect(summary(check(rollout))).toEqual([]);
  });

  test('anyOf and not', () => {
    const raw = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { required: ['b'] }],
      not: { required: ['a', 'b'] },
    };
    expect(validate(raw, { a: 'x' })).toEqual([]);
    expect(validate(raw, {})).toEqual(['schema/any-of ']);
    expect(validate(raw, { a: 'x', b: 'y' })).toEqual(['schema/not ']);
  });

  test('exclusiveMinimum, exclusiveMaximum and multipleOf', () => {
    const raw = { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true, multipleOf: 0.25 };
    expect(validate(raw, 0.5)).toEqual([]);
    expect(validate(raw, 0)).toEqual(['schema/minimum ']);
    expect(validate(raw, 1)).toEqual(['schema/maximum ']);
    expect(validate(raw, 0.3)).toEqual(['schema/multiple-of ']);
  });

  test('uniqueItems and x-kubernetes-list-type set', () => {
    expect(validate({ type: 'array', items: { type: 'integer' }, uniqueItems: true }, [1, 2, 1])).toEqual(['schema/unique-items ']);
    const set = { 'type': 'array', 'items': { type: 'string' }, 'x-kubernetes-list-type': 'set' };
    expect(validate(set, ['a', 'b', 'a'])).toEqual(['schema/duplicate [2]']);
    expect(validate(set, ['a', 'b'])).toEqual([]);
  });

  test('an object schema with no properties keeps nothing (structural pruning), unless it preserves unknown fields', () => {
    expect(validate({ type: 'object' }, { a: 1 })).toEqual(['schema/unknown-field a']);
    expect(validate({ 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true }, { a: 1 })).toEqual([]);
  });
});
