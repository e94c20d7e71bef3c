/**
 * The wire shape of the `networking.istio.io/v1` fields we render, as the apiserver stores them.
 * Plain JSON types: objects are emitted as `ApiObject`s whose spec is exactly this, so an escape-hatch
 * patch lands verbatim and the synth-time check validates the final object against the CRD schema.
 * (The classes generated into src/imports rename some fields on output, e.g. `consecutive5XxErrors`,
 * and drop fields they do not know, so they are not used at run time.)
 */

export interface StringMatchWire {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

export interface DestinationWire {
  readonly host: string;
  readonly subset?: string;
  readonly port?: { readonly number: number };
}

export interface PercentWire {
  readonly value: number;
}

export interface HttpMatchWire {
  readonly headers?: Record<string, StringMatchWire>;
  readonly withoutHeaders?: Record<string, StringMatchWire>;
  readonly queryParams?: Record<string, StringMatchWire>;
  readonly uri?: StringMatchWire;
  readonly method?: StringMatchWire;
  readonly authority?: StringMatchWire;
  readonly scheme?: StringMatchWire;
  readonly port?: number;
  readonly sourceLabels?: Record<string, string>;
  readonly sourceNamespace?: string;
  readonly gateways?: string[];
  readonly ignoreUriCase?: boolean;
}

export interface HttpRouteWire {
  readonly name?: string;
  readonly match?: HttpMatchWire[];
  readonly route: Array<{ readonly destination: DestinationWire; readonly weight?: number }>;
  readonly mirror?: DestinationWire;
  readonly mirrorPercentage?: PercentWire;
  readonly mirrors?: Array<{ readonly destination: DestinationWire; readonly percentage?: PercentWire }>;
  readonly timeout?: string;
  readonly retries?: { readonly attempts?: number; readonly perTryTimeout?: string; readonly retryOn?: string };
  readonly fault?: {
    readonly delay?: { readonly fixedDelay: string; readonly percentage: PercentWire };
    readonly abort?: { readonly httpStatus: number; readonly percentage: PercentWire };
  };
}

export interface VirtualServiceSpecWire {
  readonly hosts: string[];
  readonly http: HttpRouteWire[];
}

export interface OutlierDetectionWire {
  readonly consecutive5xxErrors?: number;
  readonly consecutiveGatewayErrors?: number;
  readonly interval?: string;
  readonly baseEjectionTime?: string;
  readonly maxEjectionPercent?: number;
  readonly minHealthPercent?: number;
}

export interface ConnectionPoolWire {
  readonly tcp?: { readonly maxConnections?: number; readonly connectTimeout?: string };
  readonly http?: {
    readonly http1MaxPendingRequests?: number;
    readonly http2MaxRequests?: number;
    readonly maxRequestsPerConnection?: number;
    readonly maxRetries?: number;
    readonly idleTimeout?: string;
    readonly h2UpgradePolicy?: string;
  };
}

export interface LoadBalancerWire {
  readonly simple?: string;
  readonly consistentHash?: { readonly httpHeaderName: string };
}

export interface TrafficPolicyWire {
  readonly outlierDetection?: OutlierDetectionWire;
  readonly connectionPool?: ConnectionPoolWire;
  readonly loadBalancer?: LoadBalancerWire;
}

export interface DestinationRuleSpecWire {
  readonly host: string;
  readonly trafficPolicy?: TrafficPolicyWire;
  readonly subsets: Array<{ readonly name: string; readonly labels: Record<string, string>; readonly trafficPolicy?: TrafficPolicyWire }>;
}

export const ISTIO_NETWORKING_V1 = 'networking.istio.io/v1';
