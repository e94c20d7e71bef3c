import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Finding } from '../check/finding';
import type { GatewayApiChannel } from '../check/schema';
import { Problem } from '../util/errors';
import { routingGeneration, SynthPassMemo } from '../util/memo';
import { addMeshValidation } from '../util/validation';

/** One object as it will be written, and the construct path that produced it. */
export interface RenderedObject {
  readonly path: string;
  readonly json: unknown;
}

const UNCHECKED = Symbol.for('cdk8s-ml-mesh.unchecked');

/** Exclude one object from the synth-time check (for kinds the vendored schemas do not know). */
export function markUnchecked(o: IConstruct): void {
  Object.defineProperty(o, UNCHECKED, { value: true });
}

export function isUnchecked(o: IConstruct): boolean {
  return UNCHECKED in o;
}

/** Apps whose synth is checking every final object itself (MeshApp), while it runs. */
const CHECKING_APPS = new WeakSet<IConstruct>();

/** Run `fn` (a synth) while the app under `root` checks its final objects itself. */
export function whileAppChecks<T>(root: IConstruct, fn: () => T): T {
  CHECKING_APPS.add(root);
  try {
    return fn();
  } finally {
    CHECKING_APPS.delete(root);
  }
}

/** Whether the synth in progress checks every final object, so a construct need not check its own. */
export function appChecksObjects(scope: IConstruct): boolean {
  return CHECKING_APPS.has(scope.node.root);
}

/**
 * `check`'s schema and webhook layers over objects about to be written: what a user patched or
 * built by hand fails synthesis exactly as `cdk8s-ml-mesh check` would reject it. The rules are
 * loaded on first use, so importing a construct does not pay for the schemas.
 */
export function checkRendered(objects: readonly RenderedObject[], channel: GatewayApiChannel = 'standard'): Problem[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
  const { validateSchema } = require('../check/schema') as typeof import('../check/schema');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
  const { validateWebhook } = require('../check/webhook') as typeof import('../check/webhook');
  return objects.flatMap((o, index) => {
    const doc = { file: o.path, index, object: o.json };
    return [...validateSchema(doc, channel), ...validateWebhook(doc)]
      .filter(f => f.severity === 'error')
      .map(f => describe(o.path, f));
  });
}

/** Render `objects` (their final JSON, patches applied) and check them; problems name `owner` (a construct path). */
export function checkApiObjects(owner: string, objects: readonly ApiObject[], channel: GatewayApiChannel = 'standard'): Problem[] {
  return checkRendered(objects.filter(o => !isUnchecked(o)).map(o => ({ path: owner, json: o.toJson() })), channel);
}

/** The object and its field (`VirtualService ml/ranking spec.http[0].timeout`), as `check` names them. */
function describe(path: string, f: Finding): Problem {
  const object = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`;
  return { path, field: `${object} ${f.path || '(object)'}`, problem: `${f.message} [${f.rule}]`, rule: f.rule };
}

/**
 * Check the objects a construct owns at synth time, once per synth, when `ready()` (e.g. the route
 * table they are rendered from is valid: its owner reports it otherwise). Inside a MeshApp synth
 * the app checks every final object itself, so this does nothing there.
 */
export function addObjectCheck(scope: IConstruct, objects: () => readonly ApiObject[], ready: () => boolean = () => true,
  channel: GatewayApiChannel = 'standard'): void {
  const memo = new SynthPassMemo<Problem[]>();
  const check = () => memo.get(routingGeneration(), () => checkApiObjects(scope.node.path, objects(), channel));
  addMeshValidation(scope, () => (appChecksObjects(scope) || !ready() ? [] : check()));
}
