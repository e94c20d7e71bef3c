import { checkDocuments } from '../src/check/checker';
import { goDurationError as celGoDurationError } from '../src/check/schema/cel/go-parse';
import { readDuration, ImportNotes } from '../src/routing/from-istio-fields';
import { goDurationError, goParseDuration, parseGoDuration } from '../src/util/duration';

describe('one Go duration parser (time.ParseDuration)', () => {
  test.each<[string, number | undefined]>([
    ['200ms', 200], ['1.5s', 1500], ['1h2m', 3_720_000], ['.5s', 500], ['1.s', 1000], ['0', 0], ['-0', 0], ['+1s', 1000],
    ['-1s', -1000], ['1µs', 0.001], ['1μs', 0.001], ['1000000ns', 1],
    [' 1s', undefined], ['1s ', undefined], ['1 s', undefined], ['', undefined], ['1', undefined], ['s', undefined],
    ['.s', undefined], ['1d', undefined], ['2562048h', undefined],
  ])('%j', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
    expect(goDurationError(text) === undefined).toBe(ms !== undefined);
  });

  test("Go's error texts", () => {
    expect(goDurationError(' 1s')).toBe('time: invalid duration " 1s"');
    expect(goDurationError('1')).toBe('time: missing unit in duration "1"');
    expect(goDurationError('1d')).toBe('time: unknown unit "d" in duration "1d"');
  });

  test('int64 bounds: 2^63-1ns is the largest, -2^63ns the smallest', () => {
    expect(goParseDuration('9223372036854775807ns')).toEqual({ nanos: BigInt('9223372036854775807') });
    expect(goParseDuration('9223372036854775808ns')).toEqual({ error: 'time: invalid duration "9223372036854775808ns"' });
    expect(goParseDuration('-9223372036854775808ns')).toEqual({ nanos: -BigInt('9223372036854775808') });
  });

  test('CEL and the route readers use the same parser', () => {
    expect(celGoDurationError).toBe(goDurationError);
    const sink: string[] = [];
    expect(readDuration(' 1s', 'timeout', new ImportNotes('vs', sink))).toBeUndefined();
    expect(sink).toEqual(['vs: timeout: " 1s" is not a Go duration (allowed: e.g. "500ms", "1.5s", "1m"); ignored']);
  });

  test('a VirtualService timeout " 1s" gets the same verdict from the schema and webhook layers', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'ranking', namespace: 'ml' },
      spec: { hosts: ['ranking'], http: [{ timeout: ' 1s', route: [{ destination: { host: 'ranking' } }] }] },
    };
    const findings = checkDocuments([{ file: 'vs.yaml', index: 0, object: vs }], { layers: ['schema', 'webhook'] }).findings;
    const layers = findings.filter(f => f.path === 'spec.http[0].timeout' && f.severity === 'error').map(f => f.layer);
    expect([...new Set(layers)].sort()).toEqual(['schema', 'webhook']);
  });
});
