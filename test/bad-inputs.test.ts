import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { AbExperiment, CanaryRollout, FaultInjection, LoadBalancer, ModelService, RequestMatch, ShadowMirror } from '../src';
import { contentRanking, testChart } from './util';

type Case = [string, (chart: Chart) => void, RegExp];

/** Escape a literal message for use in a RegExp. */
const lit = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

// Every case names the construct path, the field and what is allowed.
const CASES: Case[] = [
  ['typo in a canary version', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v48', percent: 10 }] });
  }, lit('[test/canary] challengers[0].version: "v48" is not a version of ModelService test/content-ranking (allowed: "v45", "v47", "v43")')],
  ['typo in the champion', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v44', challengers: [{ version: 'v47', percent: 10 }] });
  }, lit('[test/canary] champion: "v44" is not a version of ModelService test/content-ranking (allowed: "v45", "v47", "v43")')],
  ['challenger percents over 100', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 60 }, { version: 'v43', percent: 50 }] });
  }, lit('[test/canary] challengers: challenger percents sum to 110, leaving -10 for the champion (allowed: a sum of at most 100)')],
  ['fractional canary percent', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: 10.5 }] });
  }, lit('[test/canary] challengers[0].percent: 10.5 is invalid (allowed: a whole number in 0..100)')],
  ['negative canary percent', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v47', percent: -5 }] });
  }, lit('[test/canary] challengers[0].percent: -5 is invalid (allowed: a whole number in 0..100)')],
  ['champion also a challenger', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [{ version: 'v45', percent: 10 }] });
  }, lit('[test/canary] challengers: version "v45" appears twice in the split (allowed: each version once, champion included)')],
  ['two CanaryRollouts on one service', c => {
    const svc = contentRanking(c);
    new CanaryRollout(c, 'one', { service: svc, champion: 'v45', challengers: [{ version: 'v47', percent: 10 }] });
    new CanaryRollout(c, 'two', { service: svc, champion: 'v45', challengers: [{ version: 'v43', percent: 10 }] });
  }, lit('[test/two] service: ModelService test/content-ranking already has a CanaryRollout (test/one); a service has one default route, so at most one CanaryRollout')],
  ['experiment arms not summing to 100', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'e', arms: [{ version: 'v45', percent: 80 }, { version: 'v47', percent: 10 }] });
  }, lit('[test/ab] arms: arm percents sum to 90 (allowed: whole percents summing to exactly 100)')],
  ['experiment with one arm', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'e', arms: [{ version: 'v45', percent: 100 }] });
  }, lit('[test/ab] arms: an experiment needs at least two arms, got 1')],
  ['experiment typo in an arm', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'e', arms: [{ version: 'v45', percent: 50 }, { version: 'v74', percent: 50 }] });
  }, lit('[test/ab] arms[1].version: "v74" is not a version of ModelService test/content-ranking')],
  ['two experiments on one header', c => {
    const svc = contentRanking(c);
    new AbExperiment(c, 'ab1', { service: svc, experimentId: 'e1', arms: [{ version: 'v45', percent: 50 }, { version: 'v47', percent: 50 }] });
    new AbExperiment(c, 'ab2', { service: svc, experimentId: 'e2', arms: [{ version: 'v45', percent: 50 }, { version: 'v43', percent: 50 }] });
  }, lit('[test/ab2] bucketHeader: header "x-ab-bucket" is already used by experiment test/ab1 on test/content-ranking; two experiments cannot share a bucket header')],
  ['percent that does not divide the buckets', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'e', buckets: 10, arms: [{ version: 'v45', percent: 85 }, { version: 'v47', percent: 15 }] });
  }, lit('[test/ab] arms[0].percent: 85% of 10 buckets is not a whole number of buckets (allowed: percents that divide the buckets evenly)')],
  ['invalid experiment id', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'Q4_Test', arms: [{ version: 'v45', percent: 50 }, { version: 'v47', percent: 50 }] });
  }, lit('[test/ab] experimentId: "Q4_Test" is not a valid experiment id (allowed: lower case alphanumerics')],
  ['regex that is not RE2 (look-ahead)', c => {
    contentRanking(c).routeMatching(RequestMatch.headerRegex('x-user', '(?=admin).*'), 'v47');
  }, /^\[test\/content-ranking\] routeMatching\[0\]\.match: regex for header "x-user" "\(\?=admin\)\.\*" is not valid RE2: .*invalid or unsupported Perl syntax.*\(allowed: RE2 syntax \(no look-around, no backreferences\), at most 1024 characters\)$/],
  ['regex that is not RE2 (backreference), inside all()', c => {
    contentRanking(c).routeMatching(RequestMatch.all(RequestMatch.method('POST'), RequestMatch.uriRegex('/(a)\\1')), 'v47');
  }, /\[test\/content-ranking\] routeMatching\[0\]\.match: regex for uri .* is not valid RE2/],
  ['upper-case header name', () => {
    RequestMatch.header('X-User-Segment', 'premium');
  }, lit('header name "X-User-Segment" must be a lower-case HTTP token')],
  ['timeout below 1ms', c => {
    contentRanking(c, { timeout: Duration.millis(0.5) });
  }, lit('[test/content-ranking] timeout: 0.5ms is invalid: duration must be greater than 1ms (allowed: whole milliseconds >= 1ms)')],
  ['zero timeout', c => {
    contentRanking(c, { timeout: Duration.seconds(0) });
  }, lit('[test/content-ranking] timeout: 0ms is invalid: duration must be greater than 1ms')],
  ['timeout not in whole milliseconds', c => {
    contentRanking(c, { timeout: Duration.millis(1.5) });
  }, lit('[test/content-ranking] timeout: 1.5ms is invalid: only durations to ms precision are supported')],
  ['perTryTimeout below 1ms', c => {
    contentRanking(c, { retries: { attempts: 2, perTryTimeout: Duration.millis(0) } });
  }, lit('[test/content-ranking] retries.perTryTimeout: 0ms is invalid')],
  ['retryOn with a space', c => {
    contentRanking(c, { retries: { attempts: 2, retryOn: ['5xx', ' reset'] } });
  }, lit('[test/content-ranking] retries.retryOn[1]: " reset" is not a valid retryOn policy (allowed: 5xx, gateway-error')],
  ['retryOn unknown status code', c => {
    contentRanking(c, { retries: { attempts: 2, retryOn: ['599'] } });
  }, lit('retries.retryOn[0]: "599" is not a valid retryOn policy')],
  ['retry settings with attempts 0', c => {
    contentRanking(c, { retries: { attempts: 0, retryOn: ['5xx'] } });
  }, lit('[test/content-ranking] retries: perTryTimeout and retryOn need attempts > 0')],
  ['maxEjectionPercent over 100', c => {
    contentRanking(c, { circuitBreaker: { maxEjectionPercent: 150 } });
  }, lit('[test/content-ranking] circuitBreaker.maxEjectionPercent: 150 is invalid (allowed: a whole number in 0..100)')],
  ['fault percent over 100', c => {
    contentRanking(c, { fault: FaultInjection.abort(503, 150) });
  }, lit('[test/content-ranking] fault.abort.percent: 150 is not a valid percentage (allowed: 0, or a number in 0.0001..100)')],
  ['fault abort status below 200', c => {
    contentRanking(c, { fault: FaultInjection.abort(100, 5) });
  }, lit('[test/content-ranking] fault.abort.httpStatus: 100 is invalid (allowed: a whole number in 200..600)')],
  ['version name with a dot', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1.0', image: 'img' }] });
  }, lit('[test/m] versions["v1.0"].name: "v1.0" is not a valid version name (allowed: lower case alphanumerics and \'-\'')],
  ['upper-case version name', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'V2', image: 'img' }] });
  }, lit('"V2" is not a valid version name')],
  ['invalid model name', c => {
    new ModelService(c, 'm', { modelName: 'Content_Ranking', versions: [{ name: 'v1', image: 'img' }] });
  }, lit('[test/m] modelName: "Content_Ranking" is not a valid model name (it names a Kubernetes Service) (allowed: a DNS-1035 label')],
  ['model name starting with a digit', c => {
    new ModelService(c, 'm', { modelName: '9ranker', versions: [{ name: 'v1', image: 'img' }] });
  }, lit('modelName: "9ranker" is not a valid model name')],
  ['duplicate version', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'a' }, { name: 'v1', image: 'b' }] });
  }, lit('[test/m] versions[1].name: version "v1" is declared twice (allowed: unique version names)')],
  ['port out of range', c => {
    contentRanking(c, { port: 70000 });
  }, lit('[test/content-ranking] port: 70000 is invalid (allowed: a whole number in 1..65535)')],
  ['negative replicas', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'a', replicas: -1 }] });
  }, lit('[test/m] versions["v1"].replicas: -1 is invalid (allowed: a whole number >= 0)')],
  ['no versions', c => {
    new ModelService(c, 'm', { modelName: 'fraud' });
  }, lit('[test/m] versions: a ModelService needs at least one version (allowed: one or more versions, via props or addVersion())')],
  ['route to an undeclared version', c => {
    contentRanking(c).routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v99');
  }, lit('[test/content-ranking] routeMatching[0].version: "v99" is not a version of ModelService test/content-ranking (allowed: "v45", "v47", "v43")')],
  ['defaultVersion not declared', c => {
    contentRanking(c, { defaultVersion: 'v1' });
  }, lit('[test/content-ranking] defaultVersion: "v1" is not a version')],
  ['a route that can never match', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47', { name: 'premium' });
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v43', { name: 'premium-legacy' });
  }, lit('[test/content-ranking] route #1 "premium-legacy".match: can never match: match[0] is caught first by route #0 "premium" match[0] (test/content-ranking) (allowed: conditions not covered by an earlier route)')],
  ['a route shadowed by a shorter URI prefix', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.uriPrefix('/'), 'v47', { name: 'everything' });
    svc.routeMatching(RequestMatch.uriPrefix('/api'), 'v43', { name: 'api' });
  }, lit('[test/content-ranking] route #1 "api".match: can never match: match[0] is caught first by route #0 "everything" match[0] (test/content-ranking)')],
  ['an exact URI shadowed by a prefix', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.uriPrefix('/api'), 'v47', { name: 'api' });
    svc.routeMatching(RequestMatch.uriExact('/api/x'), 'v43', { name: 'api-x' });
  }, lit('[test/content-ranking] route #1 "api-x".match: can never match: match[0] is caught first by route #0 "api" match[0] (test/content-ranking)')],
  ['a header shadowed by a match-all regex on the same header', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.headerRegex('x-a', '.*'), 'v47', { name: 'any-a' });
    svc.routeMatching(RequestMatch.header('x-a', 'b'), 'v43', { name: 'a-is-b' });
  }, lit('[test/content-ranking] route #1 "a-is-b".match: can never match: match[0] is caught first by route #0 "any-a" match[0] (test/content-ranking)')],
  ['a route with extra conditions behind the same conditions', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.header('x-user-segment', 'premium'), 'v47', { name: 'premium' });
    svc.routeMatching(RequestMatch.all(RequestMatch.header('x-user-segment', 'premium'), RequestMatch.method('POST')), 'v43', { name: 'premium-post' });
  }, lit('[test/content-ranking] route #1 "premium-post".match: can never match: match[0] is caught first by route #0 "premium" match[0] (test/content-ranking)')],
  ['every ORed block of a route shadowed by different earlier routes', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { name: 'a' });
    svc.routeMatching(RequestMatch.uriPrefix('/b'), 'v47', { name: 'b' });
    svc.routeMatching(RequestMatch.any(RequestMatch.uriExact('/a/1'), RequestMatch.uriPrefix('/b/2')), 'v43', { name: 'ab' });
  }, lit('[test/content-ranking] route #2 "ab".match: can never match: match[0] is caught first by route #0 "a" match[0] (test/content-ranking); match[1] is caught first by route #1 "b" match[0] (test/content-ranking)')],
  ['mirror percent 0', c => {
    new ShadowMirror(c, 's', { service: contentRanking(c), target: 'v47', percent: 0 });
  }, lit('[test/s] percent: 0 is not a valid mirror percentage (allowed: a number in 0.0001..100 (Envoy samples in millionths))')],
  ['mirror percent over 100', c => {
    new ShadowMirror(c, 's', { service: contentRanking(c), target: 'v47', percent: 101 });
  }, lit('[test/s] percent: 101 is not a valid mirror percentage')],
  ['mirror typo', c => {
    new ShadowMirror(c, 's', { service: contentRanking(c), target: 'v4', percent: 10 });
  }, lit('[test/s] target: "v4" is not a version of ModelService test/content-ranking (allowed: "v45", "v47", "v43")')],
  ['mirror to the only live destination', c => {
    new ShadowMirror(c, 's', { service: contentRanking(c), target: 'v45', percent: 10 });
  }, lit('route "default".mirror: mirror target "v45" is the route\'s only live destination; the shadow copy would hit the same version')],
  ['two mirrors of one version', c => {
    const svc = contentRanking(c);
    new ShadowMirror(c, 's1', { service: svc, target: 'v47', percent: 10 });
    new ShadowMirror(c, 's2', { service: svc, target: 'v47', percent: 20 });
  }, lit('[test/s2] target: version "v47" is already mirrored by test/s1 (allowed: one ShadowMirror per target version)')],
  ['two services for one host', c => {
    contentRanking(c);
    new ModelService(c, 'again', { modelName: 'content-ranking', versions: [{ name: 'v1', image: 'img' }] });
  }, lit('[test/again] modelName: host content-ranking.ml-serving.svc.cluster.local is already served by ModelService test/content-ranking; Istio allows one VirtualService per host')],
  ['mirror percent below Envoy\'s granularity', c => {
    new ShadowMirror(c, 's', { service: contentRanking(c), target: 'v47', percent: 1e-7 });
  }, lit('[test/s] percent: 1e-7 is not a valid mirror percentage')],
  ['two services whose workloads share a name', c => {
    new ModelService(c, 'a', { modelName: 'a', versions: [{ name: 'b-c', image: 'img-a' }] });
    new ModelService(c, 'ab', { modelName: 'a-b', versions: [{ name: 'c', image: 'img-ab' }] });
  }, lit('[test/ab] versions["c"].name: Deployment "a-b-c" is also created by test/a/b-c; applying both would overwrite one with the other')],
  ['retry attempts beyond int32', c => {
    contentRanking(c, { retries: { attempts: 2 ** 31 } });
  }, lit('[test/content-ranking] retries.attempts: 2147483648 is invalid (allowed: a whole number in 0..2147483647)')],
  ['a timeout longer than Go can represent', c => {
    contentRanking(c, { timeout: Duration.hours(2562048) });
  }, lit('[test/content-ranking] timeout: 9223372800000ms is invalid: duration is longer than Go can represent')],
  ['an invalid namespace', c => {
    new ModelService(c, 'm', { modelName: 'fraud', namespace: 'ML_Serving', versions: [{ name: 'v1', image: 'img' }] });
  }, lit('[test/m] namespace: "ML_Serving" is not a valid namespace (allowed: lower case alphanumerics')],
  ['invalid consistent-hash header', () => {
    LoadBalancer.consistentHashOnHeader('x user');
  }, lit('"x user" is not a valid HTTP header name')],
];

describe('bad input fails with a clear error', () => {
  test.each(CASES)('%s', (_name, build, expected) => {
    const chart = testChart();
    expect(() => {
      build(chart);
      Testing.synth(chart);
    }).toThrow(expected);
  });
});

describe('nothing is written when validation fails', () => {
  test('app.synth() writes no file for an invalid app', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bad-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    new ModelService(chart, 'ok', { modelName: 'fine', versions: [{ name: 'v1', image: 'img' }] });
    const svc = new ModelService(chart, 'bad', { modelName: 'broken', versions: [{ name: 'v1', image: 'img' }] });
    new CanaryRollout(chart, 'canary', { service: svc, champion: 'v1', challengers: [{ version: 'v2', percent: 10 }] });
    expect(() => app.synth()).toThrow(/challengers\[0\]\.version: "v2" is not a version/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
