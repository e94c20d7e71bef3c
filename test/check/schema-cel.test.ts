import { validateCel } from '../../src/check/schema/cel/cel-validator';
import { FieldError } from '../../src/check/schema/field-error';
import { RawSchema, SchemaContext, compileSchema } from '../../src/check/schema/schema-node';
import { walkStructural } from '../../src/check/schema/structural-walker';
import { check, httpRoute, meta, summary } from '../fixtures/check/schema/helpers';

const CRD: SchemaContext = { dialect: 'crd', resolveRef: ref => { throw new Error(ref); } };

/** Prune/default/validate then evaluate CEL for a hand-written structural schema, as validateObject does. */
function celOnly(raw: RawSchema, value: unknown): FieldError[] {
  const node = compileSchema(raw, CRD);
  const out: FieldError[] = [];
  const processed = walkStructural(node, value, '', out);
  validateCel(node, processed, '', out);
  return out;
}

function serviceEntry(spec: Record<string, unknown>): unknown {
  return { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: meta(), spec: { hosts: ['models.example.com'], ...spec } };
}

function requestAuthentication(spec: Record<string, unknown>): unknown {
  return { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: meta(), spec };
}

function peerAuthentication(spec: Record<string, unknown>): unknown {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta(), spec };
}

describe("duration(self) >= duration('1ms') (Istio durations)", () => {
  test('timeout: 0s is rejected with the rule message at the field', () => {
    const findings = check(httpRoute({ timeout: '0s' }));
    expect(summary(findings)).toEqual(['schema/cel spec.http[0].timeout']);
    expect(findings[0].message).toBe('spec.http[0].timeout: Invalid value: "0s": must be a valid duration greater than 1ms');
  });

  test('timeout: 500us is below 1ms', () => {
    const findings = check(httpRoute({ timeout: '500us' }));
    expect(summary(findings)).toEqual(['schema/cel spec.http[0].timeout']);
    expect(findings[0].message).toBe('spec.http[0].timeout: Invalid value: "500us": must be a valid duration greater than 1ms');
  });

  test('1ms, 200ms, 1.5s, 1h30m and 5000μs pass', () => {
    for (const timeout of ['1ms', '200ms', '1.5s', '1h30m', '5000μs']) expect(summary(check(httpRoute({ timeout })))).toEqual([]);
  });

  test('a string Go cannot parse is an evaluation error, as in cel-go', () => {
    const findings = check(httpRoute({ timeout: '1d' }));
    expect(summary(findings)).toEqual(['schema/cel spec.http[0].timeout']);
    expect(findings[0].message).toBe('spec.http[0].timeout: Invalid value: "1d": time: unknown unit "d" in duration "1d" '
      + 'evaluating rule: must be a valid duration greater than 1ms');
    expect(summary(check(httpRoute({ timeout: '30' })))).toEqual(['schema/cel spec.http[0].timeout']);
  });

  test('nested durations are reported at their own path', () => {
    const findings = check(httpRoute({ retries: { attempts: 2, perTryTimeout: '500us' } }));
    expect(summary(findings)).toEqual(['schema/cel spec.http[0].retries.perTryTimeout']);
  });
});

describe('other Kubernetes CEL functions the vendored CRDs use', () => {
  test('matches (RE2): ServiceEntry endpoint port names', () => {
    const bad = serviceEntry({ resolution: 'STATIC', ports: [{ number: 80, name: 'http' }], endpoints: [{ address: '10.0.0.1', ports: { '-http': 8080 } }] });
    const findings = check(bad);
    expect(summary(findings)).toEqual(['schema/cel spec.endpoints[0].ports']);
    expect(findings[0].message).toBe('spec.endpoints[0].ports: Invalid value: "object": port name must be valid');
    const good = serviceEntry({ resolution: 'STATIC', ports: [{ number: 80, name: 'http' }], endpoints: [{ address: '10.0.0.1', ports: { http: 8080 } }] });
    expect(summary(check(good))).toEqual([]);
  });

  test('url(self).getScheme(): RequestAuthentication jwksUri', () => {
    const ra = (jwksUri: string): unknown => requestAuthentication({ jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri }] });
    expect(summary(check(ra('https://issuer.example.com/jwks')))).toEqual([]);
    const ftp = check(ra('ftp://issuer.example.com/jwks'));
    expect(summary(ftp)).toEqual(['schema/cel spec.jwtRules[0].jwksUri']);
    expect(ftp[0].message).toBe('spec.jwtRules[0].jwksUri: Invalid value: "ftp://issuer.example.com/jwks": url must have scheme http:// or https://');
    const relative = check(ra('issuer.example.com/jwks'));
    expect(summary(relative)).toEqual(['schema/cel spec.jwtRules[0].jwksUri']);
    expect(relative[0].message).toContain('URL parse error during conversion from string: parse "issuer.example.com/jwks": invalid URI for request evaluating rule');
  });

  test('isURL() with a fallback: WasmPlugin url', () => {
    const wasm = (url: string): unknown => ({ apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata: meta(), spec: { url } });
    for (const url of ['oci://ghcr.io/ml/filter:v1', 'ghcr.io/ml/filter:v1', 'file:///opt/filter.wasm', 'https://example.com/f.wasm']) {
      expect(summary(check(wasm(url)))).toEqual([]);
    }
    expect(summary(check(wasm('gs://bucket/filter.wasm')))).toEqual(['schema/cel spec.url']);
  });

  test('has() and exists(): CIDR addresses need NONE/STATIC resolution', () => {
    const findings = check(serviceEntry({ addresses: ['10.0.0.0/8'], resolution: 'DNS', ports: [{ number: 80, name: 'http' }] }));
    expect(summary(findings)).toEqual(['schema/cel spec']);
    expect(findings[0].message).toBe('spec: Invalid value: "object": CIDR addresses are allowed only for NONE/STATIC resolution types');
    expect(summary(check(serviceEntry({ addresses: ['10.0.0.0/8'], resolution: 'STATIC', ports: [{ number: 80, name: 'http' }] })))).toEqual([]);
  });

  test('all() with exists_one(): duplicated port numbers', () => {
    const ports = [{ number: 80, name: 'http' }, { number: 80, name: 'http-alt' }];
    expect(summary(check(serviceEntry({ resolution: 'DNS', ports })))).toEqual(['schema/cel spec.ports']);
    expect(summary(check(serviceEntry({ resolution: 'DNS', ports: [ports[0], { number: 8080, name: 'http-alt' }] })))).toEqual([]);
  });

  test('0 < self && self <= 65535 on integers', () => {
    expect(summary(check(serviceEntry({ resolution: 'DNS', ports: [{ number: 0, name: 'http' }] })))).toEqual(['schema/cel spec.ports[0].number']);
  });

  test('int() of map keys: PeerAuthentication portLevelMtls', () => {
    const pa = (portLevelMtls: Record<string, unknown>): unknown => peerAuthentication({ selector: { matchLabels: { app: 'ranking' } }, portLevelMtls });
    expect(summary(check(pa({ 8080: { mode: 'STRICT' } })))).toEqual([]);
    expect(summary(check(pa({ 70000: { mode: 'STRICT' } })))).toEqual(['schema/cel spec.portLevelMtls']);
    const notNumber = check(pa({ http: { mode: 'STRICT' } }));
    expect(summary(notNumber)).toEqual(['schema/cel spec.portLevelMtls']);
    expect(notNumber[0].message).toContain('strconv.ParseInt: parsing "http": invalid syntax evaluating rule: port must be between 1-65535');
  });

  test('size() of a map literal fallback: portLevelMtls requires a selector', () => {
    const findings = check(peerAuthentication({ portLevelMtls: { 8080: { mode: 'STRICT' } } }));
    expect(summary(findings)).toEqual(['schema/cel spec']);
    expect(findings[0].message).toContain('portLevelMtls requires selector');
  });

  test('startsWith / substring / endsWith: unix domain socket addresses', () => {
    const endpoint = (address: string): unknown => serviceEntry({ resolution: 'STATIC', endpoints: [{ address }] });
    expect(summary(check(endpoint('unix:///var/run/model.sock')))).toEqual([]);
    expect(summary(check(endpoint('unix://@abstract')))).toEqual([]);
    const relative = check(endpoint('unix://run/model.sock'));
    expect(summary(relative)).toEqual(['schema/cel spec.endpoints[0].address']);
    expect(relative[0].message).toContain('UDS must be an absolute path or abstract socket');
    const dir = check(endpoint('unix:///var/run/'));
    expect(summary(dir)).toEqual(['schema/cel spec.endpoints[0].address']);
    expect(dir[0].message).toContain('UDS may not be a dir');
  });

  test('contains() on label values and all() over map keys', () => {
    const findings = check(peerAuthentication({ selector: { matchLabels: { app: 'rank*' } } }));
    expect(summary(findings)).toEqual(['schema/cel spec.selector.matchLabels[app]']);
    expect(findings[0].message).toContain('wildcard not allowed in label value match');
  });

  test('counting has() terms: only one of targetRefs or selector', () => {
    const findings = check(requestAuthentication({ selector: { matchLabels: { app: 'ranking' } }, targetRefs: [{ kind: 'Service', name: 'ranking' }] }));
    expect(summary(findings)).toEqual(['schema/cel spec']);
    expect(findings[0].message).toContain('only one of targetRefs or selector can be set');
  });

  test('rules see defaulted values (Flagger backendRef group and kind default to "" and Service)', () => {
    const canary = (backendRef: Record<string, unknown>): unknown => ({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: meta(),
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ranking' },
        service: { port: 80, mirror: [{ backendRef }] },
        analysis: { interval: '1m', threshold: 5, stepWeight: 10 },
      },
    });
    const findings = check(canary({ name: 'ranking-mirror' }));
    expect(summary(findings)).toEqual(['schema/cel spec.service.mirror[0].backendRef']);
    expect(findings[0].message).toContain('Must have port for Service reference');
    expect(summary(check(canary({ name: 'ranking-mirror', port: 80 })))).toEqual([]);
  });
});

describe('when CEL rules are evaluated', () => {
  test('a blocking error (type, required, enum, too long/many) stops CEL validation, as upstream', () => {
    const findings = check(httpRoute({ timeout: '0s', route: [{ destination: { host: 'ranking' }, weight: 'ninety' }] }));
    expect(summary(findings)).toEqual(['schema/type spec.http[0].route[0].weight', 'schema/cel-not-checked ']);
    expect(findings[1].message).toContain('some validation rules were not checked because the object was invalid');
  });

  test('non-blocking errors (unknown fields, patterns, bounds) do not', () => {
    const findings = check(httpRoute({ timeout: '0s', timout: '1s' }));
    expect(summary(findings)).toEqual(['schema/unknown-field spec.http[0].timout', 'schema/cel spec.http[0].timeout']);
  });

  test('transition rules (oldSelf) are not evaluated on create', () => {
    const out = celOnly({ 'type': 'object', 'properties': { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] }, { a: 'x' });
    expect(out).toEqual([]);
  });

  test('null values are not evaluated', () => {
    const raw = { type: 'object', properties: { d: { 'type': 'string', 'nullable': true, 'x-kubernetes-validations': [{ rule: "duration(self) >= duration('1ms')" }] } } };
    expect(celOnly(raw, { d: null })).toEqual([]);
    expect(celOnly(raw, { d: '0s' }).map(e => e.message)).toEqual(['d: Invalid value: "0s": failed rule: duration(self) >= duration(\'1ms\')']);
  });
});

describe('rule features and unsupported rules', () => {
  test('messageExpression, fieldPath and the default message', () => {
    const raw = {
      'type': 'object',
      'properties': { min: { type: 'integer' }, max: { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', messageExpression: "'min ' + string(self.min) + ' exceeds max ' + string(self.max)", fieldPath: '.min' },
        { rule: 'self.max < 100' },
      ],
    };
    const out = celOnly(raw, { min: 5, max: 200 }).concat(celOnly(raw, { min: 500, max: 2 }));
    expect(out.map(e => `${e.rule} ${e.path} ${e.message}`)).toEqual([
      'schema/cel  <root>: Invalid value: "object": failed rule: self.max < 100',
      'schema/cel min min: Invalid value: "object": min 500 exceeds max 2',
    ]);
  });

  test('a rule using a function this environment lacks is reported, never passed silently', () => {
    const raw = { 'type': 'array', 'items': { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.isSorted()', message: 'must be sorted' }] };
    const out = celOnly(raw, [3, 1]);
    expect(out.map(e => e.rule)).toEqual(['schema/cel-unsupported']);
    expect(out[0].message).toContain('this x-kubernetes-validations rule was NOT checked: it calls isSorted');
  });

  test('a rule that does not parse is reported as unsupported', () => {
    const out = celOnly({ 'type': 'string', 'x-kubernetes-validations': [{ rule: 'self ==' }] }, 'x');
    expect(out.map(e => e.rule)).toEqual(['schema/cel-unsupported']);
    expect(out[0].message).toContain('does not parse');
  });
});
