import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AbExperiment, Caller, CanaryRollout, DeploymentBackendOptions, DirectResponse, FaultInjection, GatewayListener, HealthProbe, KServeBackendOptions,
  KServeDeploymentMode, KServeProtocol, LoadBalancer, MeshApp, ModelBackend, ModelIngress, ModelProtocol, ModelService, MtlsMode, NamespaceSecurity,
  Redirect, RequestMatch, Rewrite, ShadowMirror,
} from '../src';
import { contentRanking, testChart } from './util';
import { MeshConfigError } from '../src/util/errors';

/** A value of the wrong type, as JavaScript or a loose cast would pass it. */
const loose = (v: unknown): any => v;

function kserveService(c: Chart, options: Partial<KServeBackendOptions>): ModelService {
  const backend = ModelBackend.kserve({ modelFormat: 'xgboost', storageUri: 's3://models/fraud/v1', ...options });
  return new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', backend }] });
}

function deploymentService(c: Chart, options: Partial<DeploymentBackendOptions>): ModelService {
  return new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', backend: ModelBackend.deployment({ image: 'img', ...options }) }] });
}

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
  }, lit('[test/content-ranking] retries.retryOn[1]: " reset" is not a valid retryOn policy (allowed: a list of 5xx, gateway-error')],
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
  }, lit('[FaultInjection.abort] percent: 150 is not a valid percentage (allowed: 0, or a number in 0.0001..100)')],
  ['fault abort status below 200', c => {
    contentRanking(c, { fault: FaultInjection.abort(100, 5) });
  }, lit('[FaultInjection.abort] httpStatus: 100 is invalid (allowed: a whole number in 200..600)')],
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
  }, lit('[test/m] versions["v1"].replicas: -1 is invalid (allowed: a whole number in 0..2147483647)')],
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
  }, lit('[test/ab] versions["c"].name: Deployment "a-b-c" is also created by test/a/Version-b-c; applying both would overwrite one with the other')],
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
  }, lit('[LoadBalancer.consistentHashOnHeader] headerName: "x user" is not a valid header name (allowed: an HTTP header name')],
  // Route actions: Istio's webhook rules, run where the prop is given.
  ['redirect code that is not 3xx', c => {
    contentRanking(c).redirectMatching(RequestMatch.uriPrefix('/old'), Redirect.to('/new', { code: 200 }));
  }, lit('[test/content-ranking] routeMatching[0] (redirect): Istio rejects this: 200 is not a valid redirect code, must be 3xx')],
  ['redirect scheme other than http/https', c => {
    contentRanking(c).redirectMatching(RequestMatch.uriPrefix('/old'), Redirect.to('/new', { scheme: 'ftp' }));
  }, lit('[test/content-ranking] routeMatching[0] (redirect): Istio rejects this: invalid redirect scheme, must be "http" or "https"')],
  ['redirect to port 0..65535 out of range', c => {
    contentRanking(c).redirectMatching(RequestMatch.uriPrefix('/old'), Redirect.toAuthority('new.example.com', { port: 70000 }));
  }, /\[test\/content-ranking\] routeMatching\[0\] \(redirect\): Istio rejects this: port number 70000 must be in the range 1\.\.65535/],
  ['direct response status out of range', c => {
    contentRanking(c).respondMatching(RequestMatch.uriPrefix('/admin'), DirectResponse.of(99));
  }, /\[test\/content-ranking\] routeMatching\[0\] \(directResponse.status\): Istio rejects this: .*99/],
  ['direct response body over 1MB', c => {
    contentRanking(c).respondMatching(RequestMatch.uriPrefix('/admin'), DirectResponse.of(503, 'x'.repeat(1024 * 1024 + 1)));
  }, lit('[test/content-ranking] routeMatching[0] (directResponse.body): Istio rejects this: large direct_responses may impact control plane performance, must be less than 1MB')],
  ['rewrite regex that is not RE2', c => {
    contentRanking(c).routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { rewrite: Rewrite.uriRegex('(?=a)', '/b') });
  }, /\[test\/content-ranking\] routeMatching\[0\] \(rewrite.uriRegexRewrite.match\): Istio rejects this: .*RE2/],
  ['rewrite regex with an empty replacement', c => {
    contentRanking(c).routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { rewrite: Rewrite.uriRegex('^/a', '') });
  }, lit('UriRegexRewrite requires both Rewrite and Match fields to be specified')],
  ['request header with a pseudo-header name', c => {
    contentRanking(c).routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { headers: { request: { set: { ':path': '/x' } } } });
  }, lit('[test/content-ranking] routeMatching[0] (headers.request.set[:path]): Istio rejects this: invalid header ":path": header cannot have ":" prefix')],
  ['response header that sets Host', c => {
    contentRanking(c, { headers: { response: { set: { host: 'x' } } } });
  }, lit('[test/content-ranking] headers/versionHeader/cors (headers.response.set[host]): Istio rejects this: invalid header "host": cannot set Host header')],
  ['header value with an unterminated Envoy variable', c => {
    contentRanking(c, { headers: { request: { set: { 'x-start': '%START_TIME' } } } });
  }, lit("Istio rejects this: header value configuration: invalid header configuration. Un-terminated variable expression '%START_TIME'")],
  ['version header that is a pseudo-header', c => {
    contentRanking(c, { versionHeader: ':status' });
  }, /\[test\/content-ranking\] headers\/versionHeader\/cors \(route\[0\]\.headers\.response\.set\[:status\]\): Istio rejects this: invalid header ":status": header cannot have ":" prefix/],
  ['authority rewritten twice', c => {
    contentRanking(c).routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { rewrite: Rewrite.authority('a'), headers: { request: { set: { host: 'b' } } } });
  }, lit('Istio rejects this: authority header cannot be set multiple times: have "a", attempting to set "b"')],
  // Ingress: Istio's Gateway webhook rules, where the listeners are given; our own ordering rules.
  ['HTTPS listener with an empty secret name', c => {
    new ModelIngress(c, 'gw', { hosts: ['ml.example.com'], listeners: [GatewayListener.https({ credentialName: '' })] });
  }, lit('[test/gw] listeners (spec.servers[0].tls): Istio rejects this: SIMPLE TLS requires a server certificate')],
  ['two listeners with one port name', c => {
    new ModelIngress(c, 'gw', { hosts: ['ml.example.com'], listeners: [GatewayListener.https({ credentialName: 'a' }), GatewayListener.https({ credentialName: 'b', port: 8443 })] });
  }, lit('[test/gw] listeners (spec.servers[1].port.name): Istio rejects this: port names in servers must be unique: duplicate name https')],
  ['gateway host with a bad namespace', c => {
    new ModelIngress(c, 'gw', { hosts: ['Bad_ns/ml.example.com'] });
  }, lit('[test/gw] listeners (spec.servers[0].hosts[0]): Istio rejects this: invalid namespace value "Bad_ns" in gateway')],
  ['gateway name that is not a DNS label', c => {
    new ModelIngress(c, 'gw', { name: 'ml.gateway', hosts: ['ml.example.com'] });
  }, lit('[test/gw] name: "ml.gateway" is not a valid Gateway name')],
  ['ingress without a model', c => {
    new ModelIngress(c, 'gw', { hosts: ['ml.example.com'] });
  }, lit('[test/gw] expose: an ingress exposes no model (allowed: expose(service) at least once)')],
  ['a prefix under an earlier prefix', c => {
    const gw = new ModelIngress(c, 'gw', { hosts: ['ml.example.com'] });
    gw.expose(contentRanking(c), { pathPrefix: '/api' });
    gw.expose(new ModelService(c, 'other', { modelName: 'other', versions: [{ name: 'v1', image: 'i' }] }), { pathPrefix: '/api/v2' });
  }, lit('[test/gw] expose[1]: model other would never be reached: content-ranking at /api/ takes its requests first')],
  ['a model that rewrites the path itself, under a prefix', c => {
    const svc = contentRanking(c);
    svc.routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { rewrite: Rewrite.uri('/b') });
    new ModelIngress(c, 'gw', { hosts: ['ml.example.com'] }).expose(svc, { pathPrefix: '/api' });
  }, lit('[test/gw] expose[0]: route "match-to-v47" of content-ranking rewrites the path itself; under path prefix /api/ the gateway must rewrite it (one rewrite per route)')],
  // gRPC and adopted workloads.
  ['versions on different protocols', c => {
    new ModelService(c, 'm', {
      modelName: 'm',
      versions: [
        { name: 'v1', backend: ModelBackend.deployment({ image: 'i', protocol: ModelProtocol.GRPC }) },
        { name: 'v2', image: 'i' },
      ],
    });
  }, lit('[test/m] versions: versions speak different protocols (v1: grpc, v2: http); the stable Service port is named for one (grpc) (allowed: every version on one protocol)')],
  ['a gRPC KServe version beside an HTTP one', c => {
    const ks = (p?: KServeProtocol) => ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/x', protocolVersion: p });
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ks(KServeProtocol.GRPC_V2) }, { name: 'v2', backend: ks() }] });
  }, /\[test\/m\] versions: versions speak different protocols \(v1: grpc, v2: http\)/],
  ['adopted pods without a service selector', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.existing({ podLabels: { 'model-version': 'v1' } }) }] });
  }, lit('[test/m] selector: versions v1 adopt existing pods, which need not carry app.kubernetes.io/name=m; the stable Service would not reach them')],
  ['adopted version without pod labels', c => {
    new ModelService(c, 'm', { modelName: 'm', selector: { app: 'm' }, versions: [{ name: 'v1', backend: ModelBackend.existing({ podLabels: {} }) }] });
  }, lit('[test/m] versions["v1"].backend.podLabels: an existing workload needs labels that select its pods (allowed: e.g. { "model-version": "v43" })')],
  ['replicas on an adopted version', c => {
    new ModelService(c, 'm', { modelName: 'm', selector: { app: 'm' }, versions: [{ name: 'v1', replicas: 2, backend: ModelBackend.existing({ podLabels: { v: '1' } }) }] });
  }, lit('[test/m] versions["v1"].replicas: an existing workload is scaled by whoever runs it')],
  ['a service name that is not a DNS label', c => {
    contentRanking(c, { serviceName: 'Ranking_Svc' });
  }, lit('[test/content-ranking] serviceName: "Ranking_Svc" is not a valid Service name')],
  ['a VirtualService name another object already has', c => {
    contentRanking(c, { virtualServiceName: 'shared' });
    new ModelService(c, 'other', { modelName: 'other', virtualServiceName: 'shared', versions: [{ name: 'v1', image: 'i' }] });
  }, lit('[test/other] virtualServiceName: VirtualService "shared" is also created by test/content-ranking (allowed: a unique name in the namespace)')],
  ['an ingress named like a model\'s VirtualService', c => {
    contentRanking(c);
    new ModelIngress(c, 'content-ranking-gw', { name: 'content-ranking', hosts: ['ml.example.com'] });
  }, lit('[test/content-ranking-gw] name: VirtualService "content-ranking" is also created by test/content-ranking (allowed: a unique name in the namespace)')],
  ['CORS origin regex that is not RE2', c => {
    contentRanking(c, { cors: { allowOriginRegexes: ['(?=x)'] } });
  }, /\[test\/content-ranking\] headers\/versionHeader\/cors \(corsPolicy\.allowOrigins\[0\]\.regex\): Istio rejects this: .*RE2/],
  ['CORS method Istio does not know', c => {
    contentRanking(c).routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['FETCH'] } });
  }, lit('[test/content-ranking] routeMatching[0] (corsPolicy.allowMethods[0]): Istio rejects this: "FETCH" is not a supported HTTP method')],
  ['CORS maxAge not in whole seconds', c => {
    contentRanking(c, { cors: { allowOrigins: ['https://a.example.com'], maxAge: Duration.millis(1500) } });
  }, lit('Istio rejects this: max_age duration is accurate only to seconds precision')],
  // Security
  ['a caller service account with an invalid namespace', () => {
    Caller.serviceAccount('Front End', 'api');
  }, lit('[Caller.serviceAccount] namespace: "Front End" is not a namespace name (allowed: lower case alphanumerics')],
  ['a caller service account with an invalid name', () => {
    Caller.serviceAccount('frontend', 'API_client');
  }, lit('[Caller.serviceAccount] name: "API_client" is not a service account name (allowed: lower case alphanumerics, \'-\' and \'.\'')],
  ['a caller namespace that is not a name', () => {
    Caller.namespace('*');
  }, lit('[Caller.namespace] namespace: "*" is not a namespace name')],
  ['something that is not a caller in allowedCallers', c => {
    contentRanking(c, { allowedCallers: ['frontend/api' as any] });
  }, lit('[test/content-ranking] allowedCallers[0]: frontend/api is not a caller (allowed: Caller.serviceAccount(ns, name), Caller.namespace(ns), Caller.ingressGateway(), or a ModelService)')],
  ['granting a ModelService without a namespace', () => {
    const chart = new Chart(Testing.app(), 'nons');
    const caller = new ModelService(chart, 'caller', { modelName: 'caller', versions: [{ name: 'v1', image: 'img' }] });
    const callee = new ModelService(chart, 'callee', { modelName: 'callee', versions: [{ name: 'v1', image: 'img' }] });
    callee.grantInvoke(caller);
  }, lit('[nons/caller] namespace: ModelService nons/caller has no namespace, so its service accounts have no mesh identity to allow')],
  ['PERMISSIVE mTLS without a reason', c => {
    new NamespaceSecurity(c, 'sec', { mtlsMode: MtlsMode.PERMISSIVE });
  }, lit('[test/sec] permissiveReason: PERMISSIVE mTLS accepts plaintext from anyone in the cluster; say why it is needed')],
  ['an unknown mTLS mode', c => {
    new NamespaceSecurity(c, 'sec', { mtlsMode: 'DISABLE' as MtlsMode });
  }, lit('[test/sec] mtlsMode: "DISABLE" is not an mTLS mode (allowed: MtlsMode.STRICT, MtlsMode.PERMISSIVE)')],
  ['a NamespaceSecurity created after a service already made one', c => {
    contentRanking(c);
    new NamespaceSecurity(c, 'late', { defaultDeny: true });
  }, lit('[test/late] namespace: namespace ml-serving already has a NamespaceSecurity (test/mesh-security-ml-serving); create it before the ModelServices that use it')],
  ['a model named like the namespace default deny', c => {
    new NamespaceSecurity(c, 'sec', { defaultDeny: true });
    new ModelService(c, 'm', { modelName: 'default-deny', versions: [{ name: 'v1', image: 'img' }] });
  }, lit('[test/m] modelName: AuthorizationPolicy "default-deny" is also created by test/sec (allowed: a model name other than "default-deny")')],
  ['a second NamespaceSecurity for a namespace, in an earlier chart', () => {
    const app = Testing.app();
    const first = new Chart(app, 'first', { namespace: 'ml' });
    const second = new Chart(app, 'second', { namespace: 'ml' });
    new ModelService(second, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img' }] });
    new NamespaceSecurity(first, 'sec', { defaultDeny: true });
  }, lit('[first/sec] namespace: namespace ml already has a NamespaceSecurity (second/mesh-security-ml)')],
  ['a resources waiver with declared resources', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/v1', cpu: '1' }), resourcesWaiver: 'dev' }] });
  }, lit('[test/m] versions["v1"].resourcesWaiver: a waiver and declared resources exclude each other (allowed: either resources or resourcesWaiver)')],
  ['an empty resources waiver', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img', resourcesWaiver: ' ' }] });
  }, lit('[test/m] versions["v1"].resourcesWaiver: " " is not a reason')],
  ['a KServe memory limit that is not a quantity', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/v1', memoryLimit: '4 GB' }) }] });
  }, lit('[test/m] versions["v1"].backend.memoryLimit: "4 GB" is not a non-negative Kubernetes quantity')],
  ['a health probe path that is not absolute', () => {
    HealthProbe.httpGet('healthz');
  }, lit('[HealthProbe.httpGet] path: "healthz" is not an HTTP path')],
  ['a health probe on port 0', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/v1', protocolVersion: KServeProtocol.V2, readinessProbe: HealthProbe.tcp({ port: 0 }) }) }] });
  }, lit('[test/m] versions["v1"].backend.readinessProbe.port: 0 is invalid (allowed: a whole number in 1..65535)')],
  ['a bad probe on a Knative-mode version fails at construction', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.kserve({ modelFormat: 'sklearn', storageUri: 's3://m/v1', deploymentMode: KServeDeploymentMode.KNATIVE, readinessProbe: HealthProbe.tcp({ failureThreshold: 0 }) }) }] });
  }, lit('[test/m] versions["v1"].backend.readinessProbe.failureThreshold: 0 is invalid (allowed: a whole number in 1..100)')],
  ['a probe period of half a second', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.deployment({ image: 'img', livenessProbe: HealthProbe.tcp({ period: Duration.millis(500) }) }) }] });
  }, lit('[test/m] versions["v1"].backend.livenessProbe.period: 0.5 is invalid (allowed: a whole number in 1..3600)')],
  ['allowedCallers that is not a list', c => {
    contentRanking(c, { allowedCallers: Caller.namespace('batch') as any });
  }, lit('[test/content-ranking] allowedCallers: [object Object] is not a list (allowed: a list of callers')],
  ['grantInvoke(undefined)', c => {
    contentRanking(c).grantInvoke(undefined as any);
  }, lit('[test/content-ranking] grantInvoke[0]: undefined is not a caller')],
  ['a probe delay that is not a Duration', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', backend: ModelBackend.deployment({ image: 'img', livenessProbe: HealthProbe.tcp({ initialDelay: 30 as any }) }) }] });
  }, lit('[test/m] versions["v1"].backend.livenessProbe.initialDelay: 30 is not a Duration (allowed: Duration.seconds(n))')],
  ['a defaultDeny that is not a boolean', c => {
    new NamespaceSecurity(c, 'sec', { defaultDeny: 'yes' as any });
  }, lit('[test/sec] defaultDeny: "yes" is not a boolean (allowed: true or false)')],
  ['a mountServiceAccountToken that is not a boolean', c => {
    new ModelService(c, 'm', { modelName: 'm', versions: [{ name: 'v1', image: 'img', mountServiceAccountToken: 'yes' as any }] });
  }, lit('[test/m] versions["v1"].mountServiceAccountToken: "yes" is not a boolean (allowed: true or false)')],
  // ------------------------------------------------ hostile values from JavaScript or loose casts (issue 11)
  ['a number as timeout', c => {
    contentRanking(c, { timeout: loose(200) });
  }, lit('[test/content-ranking] timeout: 200 is not a Duration (allowed: a cdk8s Duration, e.g. Duration.millis(200) or Duration.seconds(30))')],
  ['an empty object as load balancer', c => {
    contentRanking(c, { loadBalancer: loose({}) });
  }, lit('[test/content-ranking] loadBalancer: an object is not a LoadBalancer (allowed: LoadBalancer.leastRequest()')],
  ['ShadowMirror without a service', c => {
    new ShadowMirror(c, 'm', { service: loose(undefined), target: 'v1' });
  }, lit('[test/m] service: undefined is not a ModelService (allowed: a ModelService of the same app)')],
  ['CanaryRollout without a service', c => {
    new CanaryRollout(c, 'canary', { service: loose(undefined), champion: 'v1', challengers: [{ version: 'v2', percent: 10 }] });
  }, lit('[test/canary] service: undefined is not a ModelService')],
  ['AbExperiment without a service', c => {
    new AbExperiment(c, 'ab', { service: loose(undefined), experimentId: 'e', arms: [{ version: 'a', percent: 50 }, { version: 'b', percent: 50 }] });
  }, lit('[test/ab] service: undefined is not a ModelService')],
  ['a chart whose namespace is null', () => {
    const chart = new Chart(Testing.app(), 'nullns', { namespace: loose(null) });
    new ModelService(chart, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'img' }] });
  }, lit("[nullns/m] namespace: the chart's namespace is null, not a namespace (allowed: a namespace (DNS-1123 label) on the chart or the service, or none)")],
  ['a service namespace that is null', c => {
    new ModelService(c, 'm', { modelName: 'fraud', namespace: loose(null), versions: [{ name: 'v1', image: 'img' }] });
  }, lit('[test/m] namespace: null is not a valid namespace (allowed: lower case alphanumerics')],
  ['a version named 42 (a number)', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: loose(42), image: 'img' }] });
  }, lit('[test/m] versions[42].name: 42 is not a valid version name (allowed: lower case alphanumerics')],
  ['retryOn given as a string', c => {
    contentRanking(c, { retries: { attempts: 2, retryOn: loose('5xx') } });
  }, lit('[test/content-ranking] retries.retryOn: "5xx" is not an array (allowed: a list of 5xx, gateway-error')],
  ['null inside challengers', c => {
    new CanaryRollout(c, 'canary', { service: contentRanking(c), champion: 'v45', challengers: [loose(null)] });
  }, lit('[test/canary] challengers[0]: null is not an object (allowed: { version, percent })')],
  ['null inside arms', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'e', arms: [{ version: 'v45', percent: 50 }, loose(null)] });
  }, lit('[test/ab] arms[1]: null is not an object (allowed: { version, percent })')],
  ['null inside versions', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [loose(null)] });
  }, lit('[test/m] versions[0]: null is not an object (allowed: { name, image? | backend?, replicas?, ... })')],
  ['RequestMatch.all() with no match', () => {
    RequestMatch.all();
  }, lit('[RequestMatch.all] matches: no match given (allowed: one or more RequestMatch values')],
  ['RequestMatch.all() of two URI conditions', () => {
    RequestMatch.all(RequestMatch.uriPrefix('/a'), RequestMatch.uriPrefix('/b'));
  }, lit('[RequestMatch.all] matches: a request has one uri; two different uri conditions can never both hold (allowed: conditions on different fields, or RequestMatch.any(...) for alternatives)')],
  ['RequestMatch.any() of something that is not a match', () => {
    RequestMatch.any(RequestMatch.uriPrefix('/a'), loose('/b'));
  }, lit('[RequestMatch.any] matches[1]: "/b" is not a RequestMatch')],
  ['a lower-case HTTP method', () => {
    RequestMatch.method('post');
  }, lit('[RequestMatch.method] method: "post" is not an upper-case HTTP method (allowed: an upper-case HTTP method such as GET, POST, PUT, DELETE)')],
  ['a URI prefix without a slash', () => {
    RequestMatch.uriPrefix('nope');
  }, lit('[RequestMatch.uriPrefix] prefix: "nope" is not a path starting with "/"')],
  ['an empty query parameter name', () => {
    RequestMatch.queryParam('', 'x');
  }, lit('[RequestMatch.queryParam] name: must not be empty')],
  ['a header value that is a number', () => {
    RequestMatch.header('x-a', loose(1));
  }, lit('[RequestMatch.header] value: 1 is not a string')],
  ['an empty header prefix', () => {
    RequestMatch.headerPrefix('x-a', '');
  }, lit('[RequestMatch.headerPrefix] prefix: must not be empty (Istio rejects empty prefix matches)')],
  ['a header name with a space', () => {
    RequestMatch.header('x user', 'v');
  }, lit('[RequestMatch.header] name: "x user" is not a valid header name (allowed: an HTTP header name')],
  ['a consistent-hash header with a space', () => {
    LoadBalancer.consistentHashOnHeader('bad name');
  }, lit('[LoadBalancer.consistentHashOnHeader] headerName: "bad name" is not a valid header name')],
  ['routeMatching with a string as match', c => {
    contentRanking(c).routeMatching(loose('x-user: a'), 'v47');
  }, lit('[test/content-ranking] routeMatching[0].match: "x-user: a" is not a RequestMatch')],
  ['replicas of 2^31', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'img', replicas: 2 ** 31 }] });
  }, lit('[test/m] versions["v1"].replicas: 2147483648 is invalid (allowed: a whole number in 0..2147483647)')],
  ['replicas NaN', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'img', replicas: NaN }] });
  }, lit('[test/m] versions["v1"].replicas: NaN is invalid')],
  ['KServe minReplicas of 2^31', c => {
    kserveService(c, { minReplicas: 2 ** 31 });
  }, lit('[test/m] versions["v1"].backend.minReplicas: 2147483648 is invalid (allowed: a whole number in 0..2147483647)')],
  ['KServe maxReplicas of 2^31', c => {
    kserveService(c, { maxReplicas: 2 ** 31 });
  }, lit('[test/m] versions["v1"].backend.maxReplicas: 2147483648 is invalid (allowed: a whole number in 1..2147483647)')],
  ['an image that is a number', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: loose(7) }] });
  }, lit('[test/m] versions["v1"].image: 7 is not a string (allowed: a container image reference')],
  ['a backend image with a space', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', backend: ModelBackend.deployment({ image: 'my image' }) }] });
  }, lit('[test/m] versions["v1"].backend.image: "my image" is not a container image reference')],
  ['an image with a newline', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', image: 'img\n' }] });
  }, lit('[test/m] versions["v1"].image: "img\\n" contains a control character')],
  ['a model format that is a number', c => {
    kserveService(c, { modelFormat: loose(1) });
  }, lit('[test/m] versions["v1"].backend.modelFormat: 1 is not a string')],
  ['h2UpgradePolicy "upgrade"', c => {
    contentRanking(c, { connectionPool: { h2UpgradePolicy: loose('upgrade') } });
  }, lit('[test/content-ranking] connectionPool.h2UpgradePolicy: "upgrade" is not a H2UpgradePolicy (allowed: H2UpgradePolicy.DEFAULT ("DEFAULT"), H2UpgradePolicy.DO_NOT_UPGRADE ("DO_NOT_UPGRADE"), H2UpgradePolicy.UPGRADE ("UPGRADE"))')],
  ['deploymentMode "RawDeployment"', c => {
    kserveService(c, { deploymentMode: loose('RawDeployment') });
  }, lit('[test/m] versions["v1"].backend.deploymentMode: "RawDeployment" is not a KServeDeploymentMode (allowed: KServeDeploymentMode.STANDARD ("Standard"), KServeDeploymentMode.KNATIVE ("Knative"))')],
  ['an empty env name', c => {
    deploymentService(c, { env: { '': 'x' } });
  }, lit('[test/m] versions["v1"].backend.env[""]: must not be empty')],
  ['an env name starting with a digit', c => {
    deploymentService(c, { env: { '1BAD': 'x' } });
  }, lit('[test/m] versions["v1"].backend.env["1BAD"]: "1BAD" is not a valid environment variable name')],
  ['an env name with "="', c => {
    deploymentService(c, { env: { 'a=b': 'x' } });
  }, lit('[test/m] versions["v1"].backend.env["a=b"]: "a=b" is not a valid environment variable name')],
  ['an env value that is a number', c => {
    deploymentService(c, { env: { PORT: loose(80) } });
  }, lit('[test/m] versions["v1"].backend.env["PORT"]: 80 is not a string')],
  ['a negative KServe cpu', c => {
    kserveService(c, { cpu: '-1' });
  }, lit('[test/m] versions["v1"].backend.cpu: "-1" is not a non-negative Kubernetes quantity')],
  ['a negative KServe memory', c => {
    kserveService(c, { memory: '-4Gi' });
  }, lit('[test/m] versions["v1"].backend.memory: "-4Gi" is not a non-negative Kubernetes quantity')],
  ['a negative Deployment cpu', c => {
    deploymentService(c, { resources: { cpu: { request: Cpu.millis(-5) } } });
  }, lit('[test/m] versions["v1"].backend.resources.cpu.request: "-5m" is not a CPU amount')],
  ['a Deployment cpu request above its limit', c => {
    deploymentService(c, { resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } });
  }, lit('[test/m] versions["v1"].backend.resources.cpu.request: the request is above the limit (2 > 0.5)')],
  ['a Deployment memory that is not whole mebibytes', c => {
    deploymentService(c, { resources: { memory: { request: Size.kibibytes(1) } } });
  }, /^\[test\/m\] versions\["v1"\]\.backend\.resources\.memory\.request: .* \(allowed: a cdk8s Size of whole mebibytes/],
  ['a KServe runtime "BAD NAME"', c => {
    kserveService(c, { runtime: 'BAD NAME' });
  }, lit('[test/m] versions["v1"].backend.runtime: "BAD NAME" is not a valid ServingRuntime name (allowed: lower case alphanumerics, \'-\' and \'.\'')],
  ['KServe protocolVersion "v3"', c => {
    kserveService(c, { protocolVersion: loose('v3') });
  }, lit('[test/m] versions["v1"].backend.protocolVersion: "v3" is not a KServeProtocol (allowed: KServeProtocol.V1 ("v1"), KServeProtocol.V2 ("v2"), KServeProtocol.GRPC_V2 ("grpc-v2"))')],
  ['a circuit breaker that is a string', c => {
    contentRanking(c, { circuitBreaker: loose('x') });
  }, lit('[test/content-ranking] circuitBreaker: "x" is not an object')],
  ['a connection pool that is null', c => {
    contentRanking(c, { connectionPool: loose(null) });
  }, lit('[test/content-ranking] connectionPool: null is not an object')],
  ['a backend that is not a ModelBackend', c => {
    new ModelService(c, 'm', { modelName: 'fraud', versions: [{ name: 'v1', backend: loose({ image: 'img' }) }] });
  }, lit('[test/m] versions["v1"].backend: an object is not a ModelBackend (allowed: image: "<container image>", or backend: ModelBackend.deployment(...) / ModelBackend.kserve(...) / ModelBackend.existing(...) / ModelBackend.inferencePool(...))')],
  ['ModelBackend.kserve(null)', () => {
    ModelBackend.kserve(loose(null));
  }, lit('[ModelBackend.kserve] options: null is not an object')],
  ['a fault that is not a FaultInjection', c => {
    contentRanking(c, { fault: loose({ abort: 503 }) });
  }, lit('[test/content-ranking] fault: an object is not a FaultInjection')],
  ['FaultInjection.delay with a number', () => {
    FaultInjection.delay(loose(100), 10);
  }, lit('[FaultInjection.delay] fixedDelay: 100 is not a Duration')],
  ['FaultInjection.abort with Infinity percent', () => {
    FaultInjection.abort(503, Infinity);
  }, lit('[FaultInjection.abort] percent: Infinity is not a valid percentage')],
  ['a mirror percent that is a string', c => {
    new ShadowMirror(c, 's', { service: contentRanking(c), target: 'v47', percent: loose('10') });
  }, lit('[test/s] percent: "10" is not a valid mirror percentage')],
  ['a port given as a string', c => {
    contentRanking(c, { port: loose('8080') });
  }, lit('[test/content-ranking] port: "8080" is invalid (allowed: a whole number in 1..65535)')],
  ['a model name of 64 characters', c => {
    new ModelService(c, 'm', { modelName: 'a'.repeat(64), versions: [{ name: 'v1', image: 'img' }] });
  }, lit('[test/m] modelName: "aaaa')],
  ['props that are not an object', c => {
    new ModelService(c, 'm', loose(undefined));
  }, lit('[test/m] props: undefined is not an object')],
  ['an experiment bucket header with a space', c => {
    new AbExperiment(c, 'ab', { service: contentRanking(c), experimentId: 'e', bucketHeader: 'x bucket', arms: [{ version: 'v45', percent: 50 }, { version: 'v47', percent: 50 }] });
  }, lit('[test/ab] bucketHeader: "x bucket" is not a valid header name')],
  ['a route name with a space', c => {
    contentRanking(c).routeMatching(RequestMatch.uriPrefix('/a'), 'v47', { name: 'my route' });
  }, lit('[test/content-ranking] routeMatching[0].name: "my route" is not a valid route name')],
  ['routingReportFile that is a number', () => {
    new MeshApp({ routingReportFile: loose(1) });
  }, lit('[MeshApp] routingReportFile: 1 is not a string')],
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

describe('every bad input is a MeshConfigError with a path, a field and what is allowed', () => {
  test.each(CASES)('%s', (_name, build) => {
    let error: unknown;
    try {
      build(testChart());
    } catch (e) {
      error = e;
    }
    if (error === undefined) return; // a synth-time rule: covered below
    expect(error).toBeInstanceOf(MeshConfigError);
    expect(error).toMatchObject({ path: expect.stringMatching(/./), field: expect.stringMatching(/./), allowed: expect.stringMatching(/./) });
  });
});

describe('header names are case-insensitive', () => {
  test('RequestMatch.header stores the lower-case name, as Envoy compares it', () => {
    const chart = testChart();
    contentRanking(chart).routeMatching(RequestMatch.header('X-User-Segment', 'premium'), 'v47');
    const vs = Testing.synth(chart).find(o => o.kind === 'VirtualService');
    expect(vs.spec.http[0].match).toEqual([{ headers: { 'x-user-segment': { exact: 'premium' } } }]);
  });
});

describe('errors found at synthesis', () => {
  const broken = (app: App) => {
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    const svc = new ModelService(chart, 'svc', { modelName: 'broken', versions: [{ name: 'v1', image: 'img' }] });
    new CanaryRollout(chart, 'canary', { service: svc, champion: 'v1', challengers: [{ version: 'v2', percent: 10 }] });
  };

  test('cdk8s prints the construct path once, before the field', () => {
    const app = Testing.app();
    broken(app);
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [c/canary] challengers[0].version: "v2" is not a version of ModelService c/svc (allowed: "v1")');
  });

  test('MeshApp.synth throws a MeshConfigError carrying path, field and allowed', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bad-'));
    const app = new MeshApp({ outdir: path.join(outdir, 'dist') });
    broken(app);
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshConfigError);
    expect(error).toMatchObject({
      message: '[c/canary] challengers[0].version: "v2" is not a version of ModelService c/svc (allowed: "v1")',
      path: 'c/canary',
      field: 'challengers[0].version',
      allowed: '"v1"',
    });
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a version named "constructor" does not collide with the construct tree', () => {
    const chart = testChart();
    new ModelService(chart, 'm', { modelName: 'fraud', versions: [{ name: 'constructor', image: 'img' }, { name: 'v1', image: 'img' }] });
    const names = Testing.synth(chart).map(o => `${o.kind}/${o.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining(['Deployment/fraud-constructor', 'Deployment/fraud-v1']));
  });
});
