import { Finding, ManifestDocument, Severity } from '../finding';
import { obj, str } from './values';

/** Collects the webhook findings of one document; rule ids are `webhook/<short-name>`. */
export class Report {
  readonly findings: Finding[] = [];
  readonly kind: string;
  readonly name: string;
  /** The object's namespace as the webhook sees it (the request namespace when metadata omits it). */
  readonly namespace: string;
  private readonly declaredNamespace?: string;

  constructor(private readonly doc: ManifestDocument, defaultNamespace = 'default') {
    const object = obj(doc.object);
    const metadata = obj(object?.metadata);
    this.kind = str(object?.kind);
    this.name = str(metadata?.name);
    this.declaredNamespace = str(metadata?.namespace) || undefined;
    this.namespace = this.declaredNamespace ?? defaultNamespace;
  }

  error(path: string, rule: string, message: string): void {
    this.add('error', path, rule, message);
  }

  warning(path: string, rule: string, message: string): void {
    this.add('warning', path, rule, message);
  }

  private add(severity: Severity, path: string, rule: string, message: string): void {
    this.findings.push({
      file: this.doc.file,
      document: this.doc.index,
      kind: this.kind,
      name: this.name,
      ...(this.declaredNamespace ? { namespace: this.declaredNamespace } : {}),
      path,
      rule: `webhook/${rule}`,
      layer: 'webhook',
      severity,
      message,
    });
  }
}
