import { isSupportedFunction, validationEnv } from './cel-env';
import { CelInput, isCelError, parse, plan } from '../../../vendor/cel';

/** What evaluating one rule against one value gave. */
export type CelOutcome =
  | { readonly kind: 'pass' }
  /** The rule evaluated to false: `message` is the rule's message (or messageExpression, or `failed rule: ...`). */
  | { readonly kind: 'fail'; readonly message: string }
  /** Evaluation failed (bad duration, URL, no such key, ...): the apiserver reports it as an invalid value. */
  | { readonly kind: 'error'; readonly message: string };

type Program = (bindings: { self: CelInput }) => unknown;

/** Outcomes of rules on scalars depend only on the value: remember a bounded number of them per rule. */
const SCALAR_CACHE_LIMIT = 4096;

/**
 * One `x-kubernetes-validations` entry, parsed and planned once. A rule that refers to `oldSelf` is a
 * transition rule, which the apiserver does not evaluate on create; a rule that calls a function this
 * environment lacks (or does not parse) is `unsupported`, and the validator reports it rather than pass it.
 */
export class CelRule {
  readonly status: 'ready' | 'transition' | 'unsupported';
  /** Why the rule cannot be evaluated, when `status` is `unsupported`. */
  readonly unsupportedReason: string | undefined;
  private readonly program: Program | undefined;
  private readonly messageProgram: Program | undefined;
  private readonly scalarOutcomes = new Map<unknown, CelOutcome>();

  constructor(
    readonly rule: string,
    readonly message: string | undefined,
    readonly messageExpression: string | undefined,
    /** `fieldPath` of the rule: where its error is reported, relative to the node (`.spec.x`). */
    readonly fieldPath: string | undefined,
  ) {
    const compiled = compile(rule);
    if (typeof compiled === 'string') {
      this.status = 'unsupported';
      this.unsupportedReason = compiled;
    } else if (compiled.usesOldSelf) {
      this.status = 'transition';
    } else {
      this.status = 'ready';
      this.program = compiled.program;
    }
    if (messageExpression) {
      const msg = compile(messageExpression);
      if (typeof msg !== 'string' && !msg.usesOldSelf) this.messageProgram = msg.program;
    }
  }

  /** Evaluate with `self` bound to `self`; `scalarKey` (the plain value) enables the per-value cache. */
  evaluate(self: CelInput, scalarKey?: string | number | boolean): CelOutcome {
    if (scalarKey !== undefined) {
      const cached = this.scalarOutcomes.get(scalarKey);
      if (cached) return cached;
    }
    const outcome = this.run(self);
    if (scalarKey !== undefined && this.scalarOutcomes.size < SCALAR_CACHE_LIMIT) this.scalarOutcomes.set(scalarKey, outcome);
    return outcome;
  }

  /** The text the apiserver uses to name this rule in evaluation errors: its message, else the rule. */
  get ruleErrorString(): string {
    return (this.message ?? '').trim() || this.rule.trim();
  }

  private run(self: CelInput): CelOutcome {
    const result = safeRun(this.program!, self);
    if (result === true) return PASS;
    if (result === false) return { kind: 'fail', message: this.failureMessage(self) };
    if (isCelError(result)) return { kind: 'error', message: evaluationErrorText(String(result.message), this.ruleErrorString) };
    if (result instanceof Error) return { kind: 'error', message: evaluationErrorText(result.message, this.ruleErrorString) };
    return { kind: 'error', message: `rule did not evaluate to a bool (got ${typeof result}) for rule: ${this.ruleErrorString}` };
  }

  private failureMessage(self: CelInput): string {
    if (this.messageProgram) {
      const text = safeRun(this.messageProgram, self);
      if (typeof text === 'string' && text.trim() !== '') return text;
    }
    return (this.message ?? '').trim() || `failed rule: ${this.rule.trim()}`;
  }
}

const PASS: CelOutcome = { kind: 'pass' };

export function compileRules(raw: readonly any[]): CelRule[] {
  return raw.map(r => new CelRule(String(r?.rule ?? ''), optionalString(r?.message), optionalString(r?.messageExpression), optionalString(r?.fieldPath)));
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The apiserver's wording for runtime errors (apiextensions-apiserver schema/cel validation). */
function evaluationErrorText(error: string, ruleErrorString: string): string {
  if (/no matching overload|no such overload/.test(error)) {
    return `'${error}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString}`;
  }
  return `${error} evaluating rule: ${ruleErrorString}`;
}

function safeRun(program: Program, self: CelInput): unknown {
  try {
    return program({ self });
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

interface Compiled {
  readonly program: Program;
  readonly usesOldSelf: boolean;
}

/** Parse, check every function is available, and plan; a string is the reason it cannot be evaluated. */
function compile(source: string): Compiled | string {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (e) {
    return `the rule does not parse: ${(e as Error).message}`;
  }
  const usage = { functions: new Set<string>(), identifiers: new Set<string>() };
  collect(parsed.expr, usage);
  const missing = [...usage.functions].filter(f => !isSupportedFunction(f));
  if (missing.length > 0) return `it calls ${missing.join(', ')}, which this validator's CEL environment does not implement`;
  const program = plan(validationEnv(), parsed) as unknown as Program;
  return { program, usesOldSelf: usage.identifiers.has('oldSelf') };
}

/** Walk a CEL AST (macros already expanded) collecting called functions and referenced identifiers. */
function collect(expr: any, usage: { functions: Set<string>; identifiers: Set<string> }): void {
  if (!expr?.exprKind) return;
  const v = expr.exprKind.value;
  switch (expr.exprKind.case) {
    case 'identExpr':
      usage.identifiers.add(v.name);
      break;
    case 'selectExpr':
      collect(v.operand, usage);
      break;
    case 'callExpr': {
      // `format.dns1123Label()` names the function `format.dns1123Label` when the environment has it (the
      // planner resolves qualified names first, as cel-go does); otherwise the call is a method on its target.
      const qualified = v.target ? qualifiedName(v.target) : undefined;
      const name = qualified !== undefined ? `${qualified}.${v.function}` : undefined;
      if (name !== undefined && isSupportedFunction(name)) {
        usage.functions.add(name);
      } else {
        usage.functions.add(v.function);
        collect(v.target, usage);
      }
      for (const a of v.args ?? []) collect(a, usage);
      break;
    }
    case 'listExpr':
      for (const e of v.elements ?? []) collect(e, usage);
      break;
    case 'structExpr':
      for (const entry of v.entries ?? []) {
        if (entry.keyKind?.case === 'mapKey') collect(entry.keyKind.value, usage);
        collect(entry.value, usage);
      }
      break;
    case 'comprehensionExpr':
      for (const part of [v.iterRange, v.accuInit, v.loopCondition, v.loopStep, v.result]) collect(part, usage);
      break;
    default:
      break;
  }
}

/** `a.b.c` as a dotted name, for an identifier or a chain of field selections on one; else undefined. */
function qualifiedName(expr: any): string | undefined {
  const v = expr?.exprKind?.value;
  if (expr?.exprKind?.case === 'identExpr') return v.name;
  if (expr?.exprKind?.case !== 'selectExpr' || v.testOnly) return undefined;
  const parent = qualifiedName(v.operand);
  return parent === undefined ? undefined : `${parent}.${v.field}`;
}
