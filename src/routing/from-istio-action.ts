import { HttpRouteRule } from './route-table';

/**
 * What a route does instead of forwarding. The route-table model only describes forwarding
 * routes (the constructs never generate anything else), but VirtualServices read back from
 * YAML may redirect, answer directly, or delegate; the importer attaches that here so the
 * evaluator and report can say so instead of silently treating them as empty routes.
 */
export type NonForwardAction =
  | {
    readonly kind: 'redirect';
    readonly code: number;
    readonly uri?: string;
    readonly authority?: string;
    readonly scheme?: string;
    readonly port?: number;
  }
  | { readonly kind: 'directResponse'; readonly status: number; readonly body?: string }
  | { readonly kind: 'delegate'; readonly name: string; readonly namespace?: string };

/** An imported route: a route-table rule plus what it does when it does not forward. */
export interface ImportedHttpRoute extends HttpRouteRule {
  readonly action?: NonForwardAction;
}

/** The non-forwarding action of a route, if the importer attached one. */
export function nonForwardAction(route: HttpRouteRule): NonForwardAction | undefined {
  return (route as ImportedHttpRoute).action;
}
