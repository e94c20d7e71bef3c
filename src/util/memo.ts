let generation = 0;

/**
 * Record a change to routing intent anywhere in the process. A service's route table can depend on
 * others (a caller ModelService's versions), so every memo is keyed on this one counter: nothing
 * changes during a synth, and any change before it recomputes everything lazily.
 */
export function touchRouting(): void {
  generation++;
}

/** The current routing generation (see `touchRouting`). */
export function routingGeneration(): number {
  return generation;
}

/**
 * Keeps one computed value while the revision it was computed at (the routing generation) is
 * unchanged, so synth (which validates the whole app once per chart) computes it once.
 */
export class RevisionMemo<T> {
  private cached?: { readonly revision: number; readonly value: T };

  get(revision: number, compute: () => T): T {
    if (this.cached?.revision !== revision) this.cached = { revision, value: compute() };
    return this.cached.value;
  }
}

/**
 * Keeps one computed value for the rest of the current synchronous job. cdk8s validates the whole
 * app once per chart within one synchronous `synth()`; work that depends on the final rendered
 * objects (which escape-hatch patches can change at any time before synth) is done once per synth.
 */
export class SynthPassMemo<T> {
  private cached?: { readonly key: number; readonly value: T };

  get(key: number, compute: () => T): T {
    if (this.cached?.key !== key) {
      this.cached = { key, value: compute() };
      queueMicrotask(() => {
        this.cached = undefined;
      });
    }
    return this.cached.value;
  }
}
