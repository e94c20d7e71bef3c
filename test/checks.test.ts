import { Duration } from 'cdk8s';
import {
  checkArray, checkDuration, checkEnum, checkHeaderName, checkInt, checkObject, checkString, checkStringMap, factory, optional, show,
} from '../src/util/checks';
import { MeshConfigError } from '../src/util/errors';

const where = { path: 'test/c', field: 'f' };

function errorOf(f: () => unknown): MeshConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MeshConfigError);
    return e as MeshConfigError;
  }
  throw new Error('did not throw');
}

describe('boundary checkers', () => {
  test('show names the JS type of what was given', () => {
    expect([show('a'), show(-0), show(NaN), show(null), show(undefined), show(10n), show([]), show({}), show(new Date(0)), show(() => 1)])
      .toEqual(['"a"', '-0', 'NaN', 'null', 'undefined', '10', 'an array', 'an object', 'a Date', 'a function']);
    expect(show('x'.repeat(200))).toHaveLength(82);
  });

  test('checkInt: type first, then range; -0 becomes 0', () => {
    expect(errorOf(() => checkInt('5' as any, where, 0, 10))).toMatchObject({ path: 'test/c', field: 'f', problem: '"5" is invalid', allowed: 'a whole number in 0..10' });
    expect(errorOf(() => checkInt(2 ** 31, where, 0, 2 ** 31 - 1)).problem).toBe('2147483648 is invalid');
    expect(Object.is(checkInt(-0, where, 0, 1), 0)).toBe(true);
  });

  test('checkDuration accepts any object with toMilliseconds (a Duration of another cdk8s copy) and nothing else', () => {
    expect(checkDuration(Duration.millis(200), where)).toBe(200);
    expect(checkDuration({ toMilliseconds: () => 300 } as any, where)).toBe(300);
    expect(errorOf(() => checkDuration(200 as any, where)).problem).toBe('200 is not a Duration');
    expect(errorOf(() => checkDuration({ toMilliseconds: () => 'soon' } as any, where)).problem).toBe('toMilliseconds() returned "soon"');
    expect(errorOf(() => checkDuration({ toMilliseconds: () => { throw new Error('boom'); } } as any, where)).problem).toMatch(/boom/);
  });

  test('checkString rejects control characters, empty and over-long strings', () => {
    expect(errorOf(() => checkString('a\nb', where, 'rule')).problem).toBe('"a\\nb" contains a control character');
    expect(errorOf(() => checkString('', where, 'rule')).problem).toBe('must not be empty');
    expect(errorOf(() => checkString('abc', where, 'rule', undefined, 2)).problem).toBe('"abc" is 3 characters, over 2');
  });

  test('checkEnum lists the members with their values', () => {
    enum Mode { A = 'a', B = 'b' }
    expect(checkEnum('a' as Mode, where, Mode, 'Mode')).toBe('a');
    expect(errorOf(() => checkEnum('c' as Mode, where, Mode, 'Mode')).allowed).toBe('Mode.A ("a"), Mode.B ("b")');
  });

  test('arrays, maps and objects name the item that is wrong', () => {
    expect(errorOf(() => checkArray<object>([1, null] as any, where, (x, w) => checkObject(x, w), 'objects')).field).toBe('f[0]');
    expect(errorOf(() => checkStringMap({ a: 1 } as any, where, k => k, 'strings')).field).toBe('f["a"]');
    expect(errorOf(() => checkObject(null as any, where)).problem).toBe('null is not an object');
  });

  test('optional: undefined is "not set", null is checked (and fails)', () => {
    expect(optional<object>(undefined, where, checkObject)).toBeUndefined();
    expect(() => optional<object>(null as any, where, checkObject)).toThrow(MeshConfigError);
  });

  test('header names are returned in lower case; factories are named as the path', () => {
    expect(checkHeaderName('X-User', factory('RequestMatch.header', 'name'))).toBe('x-user');
    expect(errorOf(() => checkHeaderName('x user', factory('RequestMatch.header', 'name'))).message).toMatch(/^\[RequestMatch\.header\] name: "x user" is not a valid header name/);
  });

  test('MeshConfigError.of keeps the first problem as its own and lists every problem', () => {
    const e = MeshConfigError.of([{ path: 'a', field: 'x', problem: 'p1', allowed: 'y' }, { path: 'b', field: 'z', problem: 'p2' }]);
    expect(e).toMatchObject({ path: 'a', field: 'x', allowed: 'y', message: '[a] x: p1 (allowed: y)\n[b] z: p2' });
    expect(e.problems).toHaveLength(2);
  });
});
