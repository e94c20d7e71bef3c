/**
 * Shared types of the `check` layers. Internal module: the jsii-facing API wraps these.
 */

/** Which layer found a problem: the CRD/OpenAPI schema (apiserver), Istio's webhook, or cross-references (istioctl analyze). */
export type CheckLayer = 'schema' | 'webhook' | 'reference';

export type Severity = 'error' | 'warning';

export type { ManifestDocument } from '../util/manifest-document';

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
