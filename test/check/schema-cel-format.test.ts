import { GoValue, NULL, celText, goEqual, none, of, str } from './cel-go-equal';
import { validateSchema } from '../../src/check/schema';
import { compileRules } from '../../src/check/schema/cel/cel-rule';
import { summary } from '../fixtures/check/schema/helpers';

/**
 * Kubernetes' CEL format library (k8s.io/apiserver pkg/cel/library/format.go @24a394e5). Values and messages
 * are upstream's: apiserver pkg/cel/library/format_test.go @24a394e5 (`TestFormat`), apimachinery
 * pkg/util/validation/validation_test.go @eed236ce (the good/bad name lists), kube-openapi
 * pkg/internal/third_party/govalidator/validator_test.go and pkg/validation/strfmt @d427ff9e.
 */

/** Evaluate a boolean CEL expression with `self` bound, through the check's own rule compiler. */
function celTrue(expression: string, self: string = ''): boolean | string {
  const [rule] = compileRules([{ rule: expression }]);
  if (rule.status !== 'ready') throw new Error(`${expression}: ${rule.status} ${rule.unsupportedReason}`);
  const outcome = rule.evaluate(self);
  return outcome.kind === 'pass' ? true : outcome.kind === 'fail' ? false : outcome.message;
}

/** What `<format>.validate(value)` gives: `null` for optional.none(), else the error list (joined by ' | '). */
function validate(format: string, value: string): string | null {
  const [rule] = compileRules([{
    rule: `!format.${format}().validate(self).hasValue()`,
    messageExpression: `format.${format}().validate(self).value().join(' | ')`,
  }]);
  const outcome = rule.evaluate(value);
  if (outcome.kind === 'error') throw new Error(outcome.message);
  return outcome.kind === 'pass' ? null : outcome.message;
}

const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('format_test.go TestFormat: each named format, valid and invalid', () => {
  test.each([
    ['dns1123Label', 'my-label-name'],
    ['dns1123Subdomain', 'apiextensions.k8s.io'],
    ['dns1123Subdomain', 'example.com'],
    ['dns1035Label', 'my-label-name'],
    ['qualifiedName', 'apiextensions.k8s.io/v1beta1'],
    ['qualifiedName', 'my.name'],
    ['dns1123LabelPrefix', 'my-label-prefix-'],
    ['dns1123SubdomainPrefix', 'mysubdomain.prefix.-'],
    ['dns1035LabelPrefix', 'my-label-prefix-'],
    ['labelValue', 'my-cool-label-Value'],
    ['uri', 'http://example.com'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
    ['byte', 'aGVsbG8='],
    ['date', '2021-01-01'],
    ['date', '2020-01-01'],
    ['datetime', '2021-01-01T00:00:00Z'],
  ])('format.%s().validate(%j) is optional.none()', (format, value) => {
    expect(validate(format, value)).toBeNull();
    expect(celTrue(`format.${format}().validate(self) == optional.none()`, value)).toBe(true);
  });

  test.each([
    ['dns1123Label', 'contains a space', LABEL_MSG],
    ['dns1123Subdomain', 'contains a space', SUBDOMAIN_MSG],
    ['dns1035Label', 'contains a space', DNS1035_MSG],
    ['qualifiedName', 'contains a space', NAME_PART_MSG],
    ['dns1123LabelPrefix', 'contains a space-', LABEL_MSG],
    ['dns1123SubdomainPrefix', 'contains a space-', SUBDOMAIN_MSG],
    ['dns1035LabelPrefix', 'contains a space-', DNS1035_MSG],
    ['labelValue', 'my-cool-label-Value!!\n\n!!!', LABEL_VALUE_MSG],
    ['byte', 'aGVsbG8', 'invalid base64'],
    ['date', '2020-01-32', 'invalid date'],
    ['datetime', '2020-01-32T00:00:00Z', 'invalid datetime'],
  ])('format.%s().validate(%j) is optional.of([upstream message])', (format, value, message) => {
    expect(validate(format, value)).toBe(message);
  });

  test('format.named: unknown names are optional.none(), known ones equal their constant, formats differ by name', () => {
    expect(celTrue('format.named("unknown").hasValue()')).toBe(false);
    const names = ['dns1123Label', 'dns1123Subdomain', 'dns1035Label', 'qualifiedName', 'dns1123LabelPrefix', 'dns1123SubdomainPrefix',
      'dns1035LabelPrefix', 'labelValue', 'uri', 'uuid', 'byte', 'date', 'datetime'];
    for (const name of names) {
      expect({ name, found: celTrue(`format.named("${name}").hasValue() && format.named("${name}").value() == format.${name}()`) }).toEqual({ name, found: true });
    }
    expect(celTrue('format.dns1123Label() == format.dns1035Label()')).toBe(false);
    // Names inherited by a JavaScript object are not formats.
    expect(celTrue('format.named("toString").hasValue() || format.named("__proto__").hasValue()')).toBe(false);
  });

  test('format.go has no labelKey format in this release: calling it is reported, not passed', () => {
    const [rule] = compileRules([{ rule: 'format.labelKey().validate(self) == optional.none()' }]);
    expect(rule.status).toBe('unsupported');
  });
});

describe('the apimachinery rules behind the formats (validation_test.go good and bad values)', () => {
  const repeat = (c: string, n: number): string => c.repeat(n);
  const cases: Array<[string, string[], string[]]> = [
    ['dns1123Label',
      ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', repeat('a', 63)],
      ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
        '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', repeat('a', 64)]],
    ['dns1123Subdomain',
      ['a', 'a--1--2--b', '0.a', 'a.b.c.d.e', '1.2.3.4.5', '11.22.33.44.55', repeat('a', 253)],
      ['', 'A', '-', 'a-', '.', 'a.', '.a', 'a..b', '1..2', 'a b', 'A.a', 'ab.A', 'a.B.c.d.e', 'a@b', 'a,b', 'a_b', 'a:b', 'a%b', repeat('a', 254)]],
    ['dns1035Label',
      ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', repeat('a', 63)],
      ['0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'aBc', '-', 'a-', '-a', '_', 'a_b', '.', 'a.b', ' ', 'a b', repeat('a', 64)]],
    ['qualifiedName',
      ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now.with.dots/simple', '1-num.2-num/3-num', '1.2.3.4/5678',
        'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', repeat('a', 63), `${repeat('a', 253)}/${repeat('b', 63)}`],
      ['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc', 'example.com/',
        '/simple', repeat('a', 64), `${repeat('a', 254)}/abc`]],
    ['labelValue',
      ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', repeat('a', 63), ''],
      ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-', '.starts.with.dot',
        'ends.with.dot.', repeat('a', 64)]],
  ];
  test.each(cases)('%s', (format, good, bad) => {
    expect(good.filter(v => validate(format, v) !== null)).toEqual([]);
    expect(bad.filter(v => validate(format, v) === null)).toEqual([]);
  });

  test('messages follow upstream exactly: dots in a label, lengths in bytes, an empty name part', () => {
    expect(validate('dns1123Label', 'a.b')).toBe('must not contain dots');
    expect(validate('dns1123Label', repeat('a', 64))).toBe('must be no more than 63 characters');
    expect(validate('dns1123Label', `${repeat('a', 63)}-`)).toBe(`must be no more than 63 characters | ${LABEL_MSG}`);
    expect(validate('qualifiedName', 'example.com/')).toBe(`name part must be non-empty | ${NAME_PART_MSG}`);
    expect(validate('qualifiedName', `${repeat('a', 254)}/abc`)).toBe('prefix part must be no more than 253 bytes');
    expect(validate('qualifiedName', 'only/one/slash')).toMatch(/^a valid label key must consist of alphanumeric characters/);
    // Go's len() counts UTF-8 bytes: 32 two-byte characters are 64 bytes.
    expect(validate('labelValue', repeat('é', 32))).toBe(`must be no more than 63 bytes | ${LABEL_VALUE_MSG}`);
  });

  test('prefix formats mask a trailing dash as generic.go maskTrailingDash does (the last two bytes become "a")', () => {
    expect(validate('dns1123LabelPrefix', 'ab-')).toBeNull();
    expect(validate('dns1123LabelPrefix', '--')).toBeNull(); // checked as "a"
    expect(validate('dns1123LabelPrefix', 'a_-')).toBeNull(); // checked as "aa"
    expect(validate('dns1123LabelPrefix', '-')).toBe(LABEL_MSG); // a single byte is not masked
    expect(validate('dns1123Label', 'ab-')).toBe(LABEL_MSG);
    expect(validate('dns1035LabelPrefix', '1a-')).toBe(DNS1035_MSG);
  });

  test('uri, uuid, byte, date, datetime (strfmt and url.ParseRequestURI)', () => {
    expect(validate('uri', 'example.com')).toBe('parse "example.com": invalid URI for request');
    expect(validate('uri', '/relative/path')).toBeNull();
    expect(validate('uuid', 'not-a-uuid')).toBe('does not match the UUID format');
    expect(validate('uuid', '123E4567E89B12D3A456426614174000')).toBeNull(); // UUIDPattern: any case, hyphens optional
    expect(validate('byte', '')).toBe('invalid base64'); // govalidator.IsBase64("") is false
    expect(validate('byte', '12345')).toBe('invalid base64');
    expect(validate('byte', 'Vml2YW11cyBmZXJtZW50dW0gc2VtcGVyIHBvcnRhLg==')).toBeNull();
    expect(validate('date', '2021-02-29')).toBe('invalid date');
    expect(validate('datetime', '2011-08-18T19:03:37.000000000+01:00')).toBeNull();
  });
});

describe('optional results compared as cel-go compares them', () => {
  test('validate(...) == null is false even for a valid value: an optional is never the null value (types.Equal)', () => {
    expect(celTrue('format.dns1123Label().validate(self) == null', 'my-label-name')).toBe(false);
    expect(celTrue('format.dns1123Label().validate(self) != null', 'my-label-name')).toBe(true);
    expect(celTrue('optional.none() == null')).toBe(false);
  });

  test('== and != on null, optionals and strings agree with the port of cel-go types.Equal / Optional.Equal', () => {
    const values: GoValue[] = [NULL, none, of(str('a')), of(str('b')), of(none), of(NULL), str('a')];
    for (const a of values) {
      for (const b of values) {
        const expr = `${celText(a)} == ${celText(b)}`;
        expect({ expr, result: celTrue(expr) }).toEqual({ expr, result: goEqual(a, b) });
        expect({ expr, negated: celTrue(`${celText(a)} != ${celText(b)}`) }).toEqual({ expr, negated: !goEqual(a, b) });
      }
    }
  });

  test('optional.none(), optional.of(), hasValue(), value(), orValue()', () => {
    expect(celTrue('optional.none() == optional.none()')).toBe(true);
    expect(celTrue('optional.of(1) == optional.of(1) && optional.of(1) != optional.of(2) && optional.of(1) != optional.none()')).toBe(true);
    expect(celTrue('optional.none().orValue(["ok"]) == ["ok"] && optional.of("x").orValue("y") == "x"')).toBe(true);
    expect(celTrue('format.dns1123Label().validate(self).orValue([]).size() == 0', 'ok')).toBe(true);
    expect(celTrue('format.named("dns1035Label").value().validate(self).value()[0].startsWith("a DNS-1035 label must")', '1a')).toBe(true);
    expect(celTrue('optional.none().value() == 1')).toMatch(/^optional.none\(\) dereference evaluating rule/);
    expect(celTrue('"s".hasValue()')).toMatch(/hasValue applies to optional values/);
  });
});

describe('XBackend port.name (experimental channel): size(self) == 0 || format.dns1123Label().validate(self) == null', () => {
  function xbackend(port: Record<string, unknown>): unknown {
    return {
      apiVersion: 'gateway.networking.x-k8s.io/v1alpha1',
      kind: 'XBackend',
      metadata: { name: 'models', namespace: 'ml-serving' },
      spec: { type: 'ExternalHostname', externalHostname: { hostname: 'models.example.com' }, port: { port: 443, ...port } },
    };
  }
  const check = (object: unknown) => validateSchema({ file: 'test.yaml', index: 0, object }, 'experimental');

  test('the rule is evaluated: no port name, or an empty one, passes', () => {
    expect(summary(check(xbackend({})))).toEqual([]);
    expect(summary(check(xbackend({ name: '' })))).toEqual([]);
  });

  test('an invalid port name draws the CRD message', () => {
    const findings = check(xbackend({ name: 'Bad_Name' }));
    expect(summary(findings)).toEqual(['schema/cel spec.port.name']);
    expect(findings[0].message).toBe('spec.port.name: Invalid value: "Bad_Name": Name must be a valid DNS label');
  });

  // The vendored v1.6.1 rule is broken upstream (cel-spec issue #361: cel-go answers false for
  // `optional.none() == null`); gateway-api PR #5193 (merged 2026-08-28, after v1.6.1) fixed it. When the CRDs
  // are re-vendored with the fix, this test fails and the one below describes the new behaviour.
  test('a valid DNS label is rejected too, as the apiserver rejects it: validate() gives optional.none(), which is not null', () => {
    const findings = check(xbackend({ name: 'https' }));
    expect(summary(findings)).toEqual(['schema/cel spec.port.name']);
    expect(findings[0].message).toBe('spec.port.name: Invalid value: "https": Name must be a valid DNS label');
  });

  test('written with hasValue(), the rule gives what the fixed CRD gives in a real apiserver (gateway-api tests/cel/xbackend_experimental_test.go @57bee57f)', () => {
    const fixed = 'size(self) == 0 || !format.dns1123Label().validate(self).hasValue()';
    const cases: Array<[string, boolean]> = [['', true], ['http', true], ['my port', false], ['HTTP', false]];
    for (const [name, accepted] of cases) expect({ name, accepted: celTrue(fixed, name) }).toEqual({ name, accepted });
  });
});
