import { ApiObject } from 'cdk8s';
import { Finding } from '../check/finding';
import { validateSchema } from '../check/schema';
import { validateWebhook } from '../check/webhook';
import { Problem } from '../util/errors';

/**
 * The same schema and webhook rules `cdk8s-ml-mesh check` applies, run at synth time on what a
 * construct produced: a library bug can then never emit a manifest `check` (or the cluster)
 * rejects. Props are checked where they are given, so this should never fire; only errors count.
 */
export function selfCheck(path: string, objects: readonly ApiObject[]): Problem[] {
  const findings: Finding[] = objects.flatMap((o, index) => {
    const doc = { file: path, index, object: o.toJson() };
    return [...validateSchema(doc), ...validateWebhook(doc)];
  });
  return findings
    .filter(f => f.severity === 'error')
    .map(f => ({
      path,
      field: `${f.kind}/${f.name} ${f.path}`,
      problem: `${f.message} (${f.rule}; the manifest cdk8s-ml-mesh produced would be rejected: please report this bug)`,
    }));
}
