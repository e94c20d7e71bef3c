/** The wire shape of the `serving.kserve.io/v1beta1` InferenceService fields we render (see ./istio.ts for why not the generated classes). */

import type { ProbeJson } from './probe-json';

export interface ResourcesWire {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
}

export interface PredictorWire {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly labels?: Record<string, string>;
  readonly canaryTrafficPercent?: number;
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly securityContext?: Record<string, unknown>;
  readonly volumes?: Array<Record<string, unknown>>;
  readonly model: {
    readonly modelFormat: { readonly name: string; readonly version?: string };
    readonly runtime?: string;
    readonly protocolVersion?: string;
    readonly storageUri?: string;
    readonly args?: string[];
    readonly resources?: ResourcesWire;
    readonly ports?: Array<{ readonly name: string; readonly containerPort: number; readonly protocol: string }>;
    readonly securityContext?: Record<string, unknown>;
    readonly volumeMounts?: Array<{ readonly name: string; readonly mountPath: string }>;
    readonly readinessProbe?: ProbeJson;
    readonly livenessProbe?: ProbeJson;
  };
}

export interface InferenceServiceSpecWire {
  readonly predictor: PredictorWire;
}

export const KSERVE_V1BETA1 = 'serving.kserve.io/v1beta1';
