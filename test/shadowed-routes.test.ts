import { MatchBlock } from '../src/routing/route-table';
import { blockCovers, findShadowedRoutes } from '../src/routing/shadowed-routes';

const exact = (value: string) => ({ kind: 'exact' as const, value });
const prefix = (value: string) => ({ kind: 'prefix' as const, value });
const regex = (value: string) => ({ kind: 'regex' as const, value });

/** [case, earlier block, later block, earlier always catches the later block's requests]. */
const CASES: Array<[string, MatchBlock, MatchBlock, boolean]> = [
  ['prefix / covers prefix /api', { uri: prefix('/') }, { uri: prefix('/api') }, true],
  ['prefix /api covers exact /api/x', { uri: prefix('/api') }, { uri: exact('/api/x') }, true],
  ['prefix /api covers prefix /apiv2 (Istio prefixes are plain string prefixes)', { uri: prefix('/api') }, { uri: prefix('/apiv2') }, true],
  ['prefix /api/ does not cover prefix /api', { uri: prefix('/api/') }, { uri: prefix('/api') }, false],
  ['prefix /api does not cover exact /ap', { uri: prefix('/api') }, { uri: exact('/ap') }, false],
  ['exact covers the same exact', { uri: exact('/x') }, { uri: exact('/x') }, true],
  ['exact does not cover another exact', { uri: exact('/x') }, { uri: exact('/y') }, false],
  ['exact does not cover a prefix', { uri: exact('/x') }, { uri: prefix('/x') }, false],
  ['prefix / does not cover a block without uri (a path need not start with /)', { uri: prefix('/') }, {}, false],
  ['regex .* on uri covers a block without uri', { uri: regex('.*') }, { headers: { 'x-a': exact('b') } }, true],
  ['headerRegex .* covers header exact', { headers: { 'x-a': regex('.*') } }, { headers: { 'x-a': exact('b') } }, true],
  ['headerRegex .* does not cover a block without that header', { headers: { 'x-a': regex('.*') } }, { headers: { 'x-b': exact('b') } }, false],
  ['headerRegex .+ covers a non-empty exact', { headers: { 'x-a': regex('.+') } }, { headers: { 'x-a': exact('b') } }, true],
  ['headerRegex .+ does not cover an empty exact', { headers: { 'x-a': regex('.+') } }, { headers: { 'x-a': exact('') } }, false],
  ['headerRegex .+ does not cover a presence match', { headers: { 'x-a': regex('.+') } }, { headers: { 'x-a': regex('*') } }, false],
  ['presence covers any condition on that header', { headers: { 'x-a': regex('*') } }, { headers: { 'x-a': prefix('p') } }, true],
  ['a regex covers the exact value it fully matches', { headers: { 'x-a': regex('[a-c]') } }, { headers: { 'x-a': exact('b') } }, true],
  ['a regex does not cover an exact value it does not match', { headers: { 'x-a': regex('[a-c]') } }, { headers: { 'x-a': exact('bb') } }, false],
  ['a regex other than match-all does not cover a prefix', { headers: { 'x-a': regex('b.*') } }, { headers: { 'x-a': prefix('b') } }, false],
  ['the same regex covers itself', { headers: { 'x-a': regex('8[0-9]') } }, { headers: { 'x-a': regex('8[0-9]') } }, true],
  ['an invalid regex covers nothing', { headers: { 'x-a': regex('(?=a)') } }, { headers: { 'x-a': exact('a') } }, false],
  ['query .* does not cover (decoded values may hold newlines)', { queryParams: { q: regex('.*') } }, { queryParams: { q: prefix('a') } }, false],
  ['query (?s).* covers', { queryParams: { q: regex('(?s).*') } }, { queryParams: { q: prefix('a') } }, true],
  ['extra conditions on the later block', { headers: { 'x-a': exact('b') } }, { headers: { 'x-a': exact('b') }, method: exact('POST') }, true],
  ['extra conditions on the earlier block', { headers: { 'x-a': exact('b') }, method: exact('POST') }, { headers: { 'x-a': exact('b') } }, false],
  ['method regex .* covers a block without method (always present)', { method: regex('.*') }, {}, true],
  ['ignoreUriCase earlier covers a different case', { uri: prefix('/API'), ignoreUriCase: true }, { uri: exact('/api/x') }, true],
  ['case-sensitive earlier does not cover ignoreUriCase later', { uri: prefix('/api') }, { uri: prefix('/api'), ignoreUriCase: true }, false],
  ['case-sensitive earlier covers ignoreUriCase later without letters', { uri: prefix('/1') }, { uri: prefix('/1'), ignoreUriCase: true }, true],
  ['port must be the same', { port: 80 }, { port: 8080 }, false],
  ['same port', { port: 80, uri: prefix('/') }, { port: 80, uri: prefix('/a') }, true],
  ['source labels: earlier subset', { sourceLabels: { app: 'a' } }, { sourceLabels: { app: 'a', v: '1' } }, true],
  ['source labels: later lacks one', { sourceLabels: { app: 'a', v: '1' } }, { sourceLabels: { app: 'a' } }, false],
  ['source namespace differs', { sourceNamespace: 'a' }, { sourceNamespace: 'b' }, false],
  ['gateways: later uses a subset', { gateways: ['ns/a', 'ns/b'] }, { gateways: ['ns/a'] }, true],
  ['gateways: later uses another gateway', { gateways: ['ns/a'] }, { gateways: ['ns/b'] }, false],
  ['gateways: later ignores source labels the earlier needs', { sourceLabels: { app: 'a' } }, { gateways: ['ns/a'], sourceLabels: { app: 'a' } }, false],
  ['withoutHeaders: the same exclusion', { withoutHeaders: { 'x-a': exact('b') } }, { withoutHeaders: { 'x-a': exact('b') }, uri: prefix('/') }, true],
  ['withoutHeaders: a wider exclusion later', { withoutHeaders: { 'x-a': exact('b') } }, { withoutHeaders: { 'x-a': prefix('b') } }, true],
  ['withoutHeaders: a narrower exclusion later', { withoutHeaders: { 'x-a': prefix('b') } }, { withoutHeaders: { 'x-a': exact('b') } }, false],
  ['withoutHeaders: later requires another value', { withoutHeaders: { 'x-a': exact('b') } }, { headers: { 'x-a': exact('c') } }, true],
  ['withoutHeaders: later does not exclude', { withoutHeaders: { 'x-a': exact('b') } }, {}, false],
  ['withoutHeaders presence: later must also require absence', { withoutHeaders: { 'x-a': regex('*') } }, { withoutHeaders: { 'x-a': regex('*') }, method: exact('GET') }, true],
];

describe('blockCovers', () => {
  test.each(CASES)('%s', (_name, earlier, later, expected) => {
    expect(blockCovers(earlier, later)).toBe(expected);
  });
});

describe('findShadowedRoutes', () => {
  test('a route is shadowed only when every ORed block is covered', () => {
    const routes = [
      { name: 'a', matches: [{ uri: prefix('/a') }] },
      { name: 'ab', matches: [{ uri: exact('/a/1') }, { uri: exact('/b') }] },
      { name: 'b', matches: [{ uri: prefix('/b') }] },
      { name: 'ab-again', matches: [{ uri: exact('/a/2') }, { uri: exact('/b/2') }] },
      { name: 'default', matches: [] },
    ];
    expect(findShadowedRoutes(routes)).toEqual([{
      index: 3,
      covered: [
        { block: 0, byRoute: 0, byBlock: 0, identical: false },
        { block: 1, byRoute: 2, byBlock: 0, identical: false },
      ],
    }]);
  });

  test('a catch-all route is not used as a coverer (the catch-all rule reports it)', () => {
    expect(findShadowedRoutes([{ matches: [] }, { matches: [{ uri: prefix('/a') }] }])).toEqual([]);
  });

  test('a later catch-all is shadowed by a block that matches everything', () => {
    expect(findShadowedRoutes([{ matches: [{ uri: prefix('') }] }, { matches: [] }]))
      .toEqual([{ index: 1, covered: [{ block: -1, byRoute: 0, byBlock: 0, identical: false }] }]);
  });

  test('identical blocks are flagged as such', () => {
    const block = { headers: { 'x-a': exact('b') } };
    expect(findShadowedRoutes([{ matches: [block] }, { matches: [{ ...block }] }])[0].covered[0].identical).toBe(true);
  });

  test('unreadable routes are skipped', () => {
    expect(findShadowedRoutes([undefined, { matches: [{ uri: prefix('/a') }] }])).toEqual([]);
  });
});
