import { contentRanking, synth, testChart } from './util';
import * as istio from '../src/imports/istio-networking.istio.io';

// `cdk8s import` names the first version in the CRD without a suffix; re-vendoring Istio CRDs
// could silently change which apiVersion the unsuffixed classes emit. Pin it.
test('generated Istio classes emit networking.istio.io/v1', () => {
  expect(istio.VirtualService.GVK).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' });
  expect(istio.DestinationRule.GVK).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' });
});

test('every Istio kind we emit uses the v1 (storage) version of its group', () => {
  const chart = testChart();
  contentRanking(chart);
  const istioObjects = synth(chart).filter(m => m.apiVersion.includes('istio.io'));
  expect(istioObjects.map(m => `${m.apiVersion} ${m.kind}`).sort()).toEqual([
    'networking.istio.io/v1 DestinationRule',
    'networking.istio.io/v1 VirtualService',
    'security.istio.io/v1 AuthorizationPolicy',
    'security.istio.io/v1 PeerAuthentication',
  ]);
});
