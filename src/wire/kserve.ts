/** The wire shape of the `serving.kserve.io/v1beta1` InferenceService fields we render (see ./istio.ts for why not the generated classes). */

export interface ResourcesWire {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
}

export interface PredictorWire {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly labels?: Record<string, string>;
  readonly canaryTrafficPercent?: number;
  readonly model: {
    readonly modelFormat: { readonly name: string; readonly version?: string };
    readonly runtime?: string;
    readonly protocolVersion?: string;
    readonly storageUri?: string;
    readonly args?: string[];
    readonly resources?: ResourcesWire;
  };
}

export interface InferenceServiceSpecWire {
  readonly predictor: PredictorWire;
}

export const KSERVE_V1BETA1 = 'serving.kserve.io/v1beta1';
