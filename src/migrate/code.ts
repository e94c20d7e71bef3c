/** Small helpers to print TypeScript literals for the generated program. */
import { formatIstioDuration } from '../util/duration';

export const str = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A property key, quoted only when it is not an identifier. */
/** A multi-line object literal, one field a line (for the ModelService props). */
export function block(fields: Record<string, string | undefined>): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `  ${k}: ${v},`).join('\n')}\n}`;
}

export const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k));

export function record(r: Readonly<Record<string, string>>): string {
  const entries = Object.entries(r);
  return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${str(v)}`).join(', ')} }` : '{}';
}

/** `{ a: 1, b: 'x' }` from already-printed values; undefined values are left out. */
export function object(fields: Record<string, string | undefined>): string | undefined {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return entries.length ? `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : undefined;
}

export function duration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms % 1000 === 0) return `Duration.seconds(${ms / 1000})`;
  return `Duration.millis(${ms})`;
}

/** The duration as Istio prints it, for messages. */
export const istioDuration = (ms: number): string => formatIstioDuration(ms);

/** A lowerCamelCase variable name for a model. */
export function variableName(name: string): string {
  const camel = name.replace(/[-.]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, '');
  return /^[A-Za-z_$]/.test(camel) ? camel : `m${camel}`;
}
