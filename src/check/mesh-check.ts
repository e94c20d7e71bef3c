/**
 * The jsii-facing entry to `check`: verify Kubernetes/Istio/KServe manifests offline, the way the
 * apiserver (schema), istiod's validating webhook and `istioctl analyze` would.
 */
import type { CheckOutcome } from './checker';
import type * as internal from './finding';

/** The checker, loaded on first use: importing the library must not pay for the schemas and rules. */
function checker(): typeof import('./checker') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
  return require('./checker');
}

/** A layer of checks. */
export enum CheckLayer {
  /** CRD/OpenAPI schema and CEL rules, as the Kubernetes apiserver enforces them. */
  SCHEMA = 'schema',
  /** Istio 1.30.3's validating webhook (istiod): errors reject, warnings are admitted. */
  WEBHOOK = 'webhook',
  /** Cross-references between the documents of a run, as `istioctl analyze` reports them. */
  REFERENCE = 'reference',
}

/** How serious a finding is. */
export enum FindingSeverity {
  /** The object would be rejected, or traffic would fail. */
  ERROR = 'error',
  /** Admitted, but probably not what was meant. */
  WARNING = 'warning',
}

/** Options for a check run. */
export interface CheckOptions {
  /**
   * Layers to run.
   * @default - all three: SCHEMA, WEBHOOK and REFERENCE
   */
  readonly layers?: CheckLayer[];
  /**
   * Namespace assumed for objects without `metadata.namespace`.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
}

/** One problem found in one document. */
export interface CheckFinding {
  /** File the document came from (`<manifests>` for in-memory objects). */
  readonly file: string;
  /** 0-based index of the document within its file (or of the object in the array given). */
  readonly document: number;
  /** `kind` of the object, empty when it has none. */
  readonly kind: string;
  /** `metadata.name` of the object, empty when it has none. */
  readonly name: string;
  /**
   * `metadata.namespace` of the object.
   * @default - the object sets no namespace
   */
  readonly resourceNamespace?: string;
  /** Field path, e.g. `spec.http[1].route[0].weight`; empty for the whole document. */
  readonly path: string;
  /** Stable rule id, e.g. `webhook/weight-negative` or `reference/IST0101-subset`. */
  readonly rule: string;
  /** The layer that found it. */
  readonly layer: CheckLayer;
  /** Error or warning. */
  readonly severity: FindingSeverity;
  /** What is wrong and what is allowed (Istio's own wording for webhook findings). */
  readonly message: string;
}

/** The outcome of a check run. */
export interface CheckResult {
  /** Findings ordered by file, document and field path. */
  readonly findings: CheckFinding[];
  /** Number of error findings. */
  readonly errorCount: number;
  /** Number of warning findings. */
  readonly warningCount: number;
  /** Number of documents checked (empty documents excluded). */
  readonly documentCount: number;
  /** Number of files read. */
  readonly fileCount: number;
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
}

/** Offline verification of mesh manifests. */
export class MeshCheck {
  /**
   * Check YAML/JSON files and directories (recursively: `.yaml`, `.yml`, `.json`).
   * Throws when a path does not exist.
   */
  public static checkFiles(paths: string[], options: CheckOptions = {}): CheckResult {
    return toResult(checker().checkPaths(paths, toInternal(options)));
  }

  /** Check Kubernetes objects already in memory, e.g. `app.synthYaml()` parsed, or `chart.toJson()`. */
  public static checkManifests(objects: any[], options: CheckOptions = {}): CheckResult {
    const documents = objects.map((object, index) => ({ file: '<manifests>', index, object }));
    return toResult(checker().checkDocuments(documents, toInternal(options)));
  }

  private constructor() {}
}

function toInternal(options: CheckOptions) {
  return {
    layers: options.layers?.map(l => l as string as internal.CheckLayer),
    defaultNamespace: options.defaultNamespace,
  };
}

function toResult(outcome: CheckOutcome): CheckResult {
  return {
    findings: outcome.findings.map(f => ({
      file: f.file,
      document: f.document,
      kind: f.kind,
      name: f.name,
      ...(f.namespace !== undefined ? { resourceNamespace: f.namespace } : {}),
      path: f.path,
      rule: f.rule,
      layer: f.layer as string as CheckLayer,
      severity: f.severity as string as FindingSeverity,
      message: f.message,
    })),
    errorCount: outcome.errors,
    warningCount: outcome.warnings,
    documentCount: outcome.documents,
    fileCount: outcome.files,
    ok: outcome.errors === 0,
  };
}
