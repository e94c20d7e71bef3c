/**
 * The `gateway.networking.k8s.io/v1` and `inference.networking.k8s.io/v1` fields we render, in their
 * wire shape. Plain JSON types: the synth-time check and the tests validate the objects against the
 * vendored CRDs (crds/gateway-api/, crds/gateway-api-inference-extension/), including their CEL rules.
 */

export interface StringMatchGw {
  readonly type?: 'Exact' | 'RegularExpression';
  readonly name: string;
  readonly value: string;
}

export interface PathMatchGw {
  readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  readonly value: string;
}

export interface HttpRouteMatchGw {
  readonly path?: PathMatchGw;
  readonly headers?: StringMatchGw[];
  readonly queryParams?: StringMatchGw[];
  readonly method?: string;
}

export interface GrpcRouteMatchGw {
  readonly method?: { readonly type?: 'Exact' | 'RegularExpression'; readonly service?: string; readonly method?: string };
  readonly headers?: StringMatchGw[];
}

export interface BackendRefGw {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
  readonly weight?: number;
  readonly filters?: FilterGw[];
}

export interface HeaderModifierGw {
  readonly set?: Array<{ readonly name: string; readonly value: string }>;
  readonly add?: Array<{ readonly name: string; readonly value: string }>;
  readonly remove?: string[];
}

export interface FilterGw {
  readonly type: 'RequestHeaderModifier' | 'ResponseHeaderModifier' | 'RequestMirror' | 'RequestRedirect' | 'URLRewrite' | 'CORS';
  readonly requestHeaderModifier?: HeaderModifierGw;
  readonly responseHeaderModifier?: HeaderModifierGw;
  readonly requestMirror?: {
    readonly backendRef: BackendRefGw;
    readonly percent?: number;
    readonly fraction?: { readonly numerator: number; readonly denominator?: number };
  };
  readonly requestRedirect?: {
    readonly scheme?: string;
    readonly hostname?: string;
    readonly path?: { readonly type: 'ReplaceFullPath'; readonly replaceFullPath: string };
    readonly port?: number;
    readonly statusCode?: number;
  };
  readonly urlRewrite?: {
    readonly hostname?: string;
    readonly path?: { readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch'; readonly replaceFullPath?: string; readonly replacePrefixMatch?: string };
  };
  readonly cors?: {
    readonly allowOrigins?: string[];
    readonly allowMethods?: string[];
    readonly allowHeaders?: string[];
    readonly exposeHeaders?: string[];
    readonly maxAge?: number;
    readonly allowCredentials?: boolean;
  };
}

export interface HttpRouteRuleGw {
  readonly name?: string;
  readonly matches?: HttpRouteMatchGw[];
  readonly filters?: FilterGw[];
  readonly backendRefs?: BackendRefGw[];
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
  /** Experimental channel only (GEP-1731). */
  readonly retry?: { readonly codes?: number[]; readonly attempts?: number; readonly backoff?: string };
}

export interface GrpcRouteRuleGw {
  readonly name?: string;
  readonly matches?: GrpcRouteMatchGw[];
  readonly filters?: FilterGw[];
  readonly backendRefs?: BackendRefGw[];
}

export interface ParentRefGw {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
  readonly sectionName?: string;
}

export interface HttpRouteSpecGw {
  readonly parentRefs: ParentRefGw[];
  readonly hostnames?: string[];
  readonly rules: HttpRouteRuleGw[];
}

export interface GrpcRouteSpecGw {
  readonly parentRefs: ParentRefGw[];
  readonly hostnames?: string[];
  readonly rules: GrpcRouteRuleGw[];
}

export interface InferencePoolSpecGw {
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly targetPorts: Array<{ readonly number: number }>;
  readonly endpointPickerRef?: {
    readonly group?: string;
    readonly kind?: string;
    readonly name: string;
    readonly port?: { readonly number: number };
    readonly failureMode?: 'FailOpen' | 'FailClose';
  };
}
