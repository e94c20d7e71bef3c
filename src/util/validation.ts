import { IConstruct } from 'constructs';
import { fieldMessage, formatProblem, MeshConfigError, Problem } from './errors';

/** Rules registered per construct, so the tree's problems can be read back structured. */
const RULES = new WeakMap<IConstruct, Array<() => Problem[]>>();

/**
 * Register a whole-tree rule on `c`. cdk8s prints the construct path before each message, so a
 * problem of `c` itself is returned without its `[path]` (printed once); `meshProblems` returns
 * the same problems structured, for a `MeshConfigError`.
 */
export function addMeshValidation(c: IConstruct, rule: () => Problem[]): void {
  RULES.set(c, [...(RULES.get(c) ?? []), rule]);
  c.node.addValidation({
    validate: () => rule().map(p => (p.path === c.node.path ? fieldMessage(p) : formatProblem(p.path, p.field, p.problem, p.allowed))),
  });
}

/** Every problem the rules under `root` find, in construct order. */
export function meshProblems(root: IConstruct): Problem[] {
  return root.node.findAll().flatMap(c => (RULES.get(c) ?? []).flatMap(rule => rule()));
}

/** Throw the problems under `root` as one MeshConfigError (the first, with the others listed). */
export function throwOnProblems(root: IConstruct): void {
  const problems = meshProblems(root);
  if (problems.length) throw MeshConfigError.of(problems);
}
