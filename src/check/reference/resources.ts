/** Typed views of the documents of a run that the analyzers look at. */
import { ManifestDocument } from '../finding';

export interface IstioResource {
  readonly doc: ManifestDocument;
  readonly namespace: string;
  readonly name: string;
  readonly spec: Record<string, any>;
}

export function objectOf(doc: ManifestDocument): Record<string, any> | undefined {
  const o = doc.object;
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? o : undefined;
}

export function apiGroup(object: Record<string, any>): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

export function namespaceOf(object: Record<string, any>, defaultNamespace: string): string {
  const ns = object.metadata?.namespace;
  return typeof ns === 'string' && ns ? ns : defaultNamespace;
}

export function nameOf(object: Record<string, any>): string {
  const name = object.metadata?.name;
  return typeof name === 'string' ? name : '';
}

export function asRecord(value: unknown): Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, any> : {};
}

export function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
