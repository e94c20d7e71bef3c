import { Finding, ManifestDocument, Severity } from '../finding';

/** One `reference/<rule>` finding on a document of the run. */
export function referenceFinding(doc: ManifestDocument, severity: Severity, path: string, rule: string, message: string): Finding {
  const object = doc.object ?? {};
  const metadata = object.metadata ?? {};
  return {
    file: doc.file,
    document: doc.index,
    kind: typeof object.kind === 'string' ? object.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    ...(typeof metadata.namespace === 'string' && metadata.namespace ? { namespace: metadata.namespace } : {}),
    path,
    rule: `reference/${rule}`,
    layer: 'reference',
    severity,
    message,
  };
}
