/**
 * Shared types of the `check` layers. Internal module: the jsii-facing API wraps these.
 */

/** Which layer found a problem: the CRD/OpenAPI schema (apiserver), Istio's webhook, or cross-references (istioctl analyze). */
export type CheckLayer = 'schema' | 'webhook' | 'reference';

export type Severity = 'error' | 'warning';

/** One YAML document read from a file (or produced by synthesis). */
export interface ManifestDocument {
  /** File path as given by the user (or a synthetic name such as `<synth>`). */
  readonly file: string;
  /** 0-based index of the document within its file. */
  readonly index: number;
  /** The parsed object. */
  readonly object: any;
}

/** One problem found in one document. */
export interface Finding {
  readonly file: string;
  /** 0-based document index within the file. */
  readonly document: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Field path in the object, e.g. `spec.http[1].route[0].weight`. */
  readonly path: string;
  /** Stable rule id, e.g. `schema/unknown-field`, `webhook/vs-weight-negative`, `reference/IST0101-subset`. */
  readonly rule: string;
  readonly layer: CheckLayer;
  readonly severity: Severity;
  readonly message: string;
}
