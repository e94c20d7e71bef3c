import type { RE2JS } from '../vendor/re2js';

/** RE2, loaded when the first regex is met (most apps route without one). */
function re2(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library stays light
  return (require('../vendor/re2js') as typeof import('../vendor/re2js')).RE2JS;
}

/** Istio's limit on `StringMatch.regex` length (validateStringRegexp). */
export const MAX_REGEX_LENGTH = 1024;

/**
 * Why `pattern` is not a regex Istio accepts (RE2 syntax, at most 1024 characters), or
 * `undefined` when it is. Istio compiles with Go's regexp (RE2); JavaScript RegExp accepts
 * look-arounds and backreferences that Envoy would reject, so we never use it for this.
 */
export function re2Error(pattern: string): string | undefined {
  if (pattern.length === 0) return 'regex string match should not be empty';
  if (pattern.length > MAX_REGEX_LENGTH) return `regex is too large, max length allowed is ${MAX_REGEX_LENGTH}`;
  const re = compile(pattern);
  return typeof re === 'string' ? `${re}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)` : undefined;
}

/** Compiled patterns, or why one does not compile: a fleet repeats the same few (A/B bucket ranges). */
const compiled = new Map<string, RE2JS | string>();
const MAX_COMPILED = 10_000;

function compile(pattern: string): RE2JS | string {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = re2().compile(pattern);
    } catch (e) {
      re = (e as Error).message;
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** RE2 full match, as Envoy's `safe_regex` matches header and URI values. */
export function re2FullMatch(pattern: string, value: string): boolean {
  return compiledOrThrow(pattern).matches(value);
}

function compiledOrThrow(pattern: string): RE2JS {
  const re = compile(pattern);
  if (typeof re === 'string') throw new Error(re);
  return re;
}

/** Replace every match of `pattern` in `value` with `substitution`, whose `\N` names group N (Envoy's `regex_rewrite`). */
export function re2Replace(pattern: string, value: string, substitution: string): string {
  return compiledOrThrow(pattern).matcher(value).replaceAll((...args: unknown[]) =>
    substitution.replace(/\\(\d)/g, (_, n: string) => String(args[Number(n)] ?? '')));
}
