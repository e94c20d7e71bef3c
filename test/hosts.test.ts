import { resourceNameFromHost, scopedFqdn } from '../src/check/reference/hosts';
import { routingFromObjects } from '../src/routing/from-istio';
import { serviceHost, serviceOfHost, toFqdn } from '../src/util/hosts';

/** [host as written, namespace of the object, what Istio resolves it to]. */
const HOSTS: Array<[string, string, string]> = [
  ['reviews', 'shop', 'reviews.shop.svc.cluster.local'], // short name: a Service in the object's namespace
  ['reviews.shop', 'other', 'reviews.shop'], // name.namespace is NOT expanded (istioctl ConvertHostToFQDN)
  ['reviews.shop.svc.cluster.local', 'other', 'reviews.shop.svc.cluster.local'], // FQDN: literal
  ['*.shop.svc.cluster.local', 'other', '*.shop.svc.cluster.local'], // wildcard: literal
  ['*', 'other', '*'],
];

describe('one host resolution', () => {
  test.each(HOSTS)('%s in %s', (host, namespace, fqdn) => {
    expect(toFqdn(host, namespace)).toBe(fqdn);
    expect(scopedFqdn('*', namespace, host)).toBe(`*/${fqdn}`);
  });

  test('the route readers resolve destination and DestinationRule hosts the same way', () => {
    const imported = routingFromObjects(HOSTS.filter(([h]) => !h.startsWith('*')).map(([host, namespace], i) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: `vs${i}`, namespace },
      spec: { hosts: [`h${i}`], http: [{ route: [{ destination: { host } }] }] },
    })));
    const destinations = imported.table.services.map(s => s.routes[0].destinations[0].host);
    expect(destinations).toEqual(HOSTS.filter(([h]) => !h.startsWith('*')).map(([, , fqdn]) => fqdn));
    expect(imported.table.services.map(s => s.host)).toEqual([
      'h0.shop.svc.cluster.local', 'h1.other.svc.cluster.local', 'h2.other.svc.cluster.local',
    ]);
  });

  test('service name and namespace of a host (GetResourceNameFromHost)', () => {
    expect(serviceOfHost('reviews.shop.svc.cluster.local')).toEqual({ name: 'reviews', namespace: 'shop' });
    expect(serviceOfHost('a.b.shop.svc.cluster.local')).toEqual({ name: 'a.b', namespace: 'shop' });
    expect(serviceOfHost('reviews.shop')).toEqual({ name: 'reviews.shop' });
    expect(resourceNameFromHost('dflt', 'reviews.shop.svc.cluster.local')).toBe('shop/reviews');
    expect(resourceNameFromHost('dflt', 'reviews.shop')).toBe('dflt/reviews.shop');
  });

  test('the host of a Service we create: FQDN in its namespace, or the short name without one', () => {
    expect(serviceHost('content-ranking', 'ml-serving')).toBe('content-ranking.ml-serving.svc.cluster.local');
    expect(serviceHost('content-ranking')).toBe('content-ranking');
  });
});
