import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { HOST, ranking, route, to } from './helpers';
import { main } from '../../src/cli/main';
import { GatewayApiProfile } from '../../src/render/gateway-api/profile';
import { renderMeshRouting } from '../../src/render/gateway-api/render-service';

function write(weights: [number, number]): string {
  const s = ranking([
    route({ name: 'premium', matches: [{ headers: { 'x-user-tier': { kind: 'exact', value: 'premium' } } }], destinations: [to('v47')] }),
    route({ name: 'default', destinations: [to('v45', weights[0]), to('v47', weights[1])], origin: 'default' }),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-diff-'));
  const objects = renderMeshRouting({ service: s, profile: GatewayApiProfile.istioSidecar(), path: 'p' }).objects;
  fs.writeFileSync(path.join(dir, 'routes.yaml'), Yaml.stringify(...JSON.parse(JSON.stringify(objects))));
  return dir;
}

test('diff reads HTTPRoutes: a weight change of the default rule is a routing change', async () => {
  const out: string[] = [];
  const code = await main(['diff', write([90, 10]), write([50, 50]), '--format', 'json'], s => out.push(s), s => out.push(s));
  expect(code).toBe(1);
  const text = out.join('\n');
  expect(text).toContain(HOST);
  expect(text).toContain('default');
  const same: string[] = [];
  expect(await main(['diff', write([90, 10]), write([90, 10])], s => same.push(s), s => same.push(s))).toBe(0);
});
