import { CelRule, compileRules } from './cel/cel-rule';
import { RE2JS } from '../../vendor/re2js';

/** JSON types as OpenAPI names them. */
export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** A schema as read from YAML/JSON: an OpenAPI v3 (CRD) or v2 (Kubernetes definitions) schema object. */
export type RawSchema = Record<string, any>;

/**
 * Where a schema comes from. CRD schemas are structural (unknown fields are pruned, `type: object` with no
 * properties keeps nothing); built-in OpenAPI v2 definitions describe Go structs, where an untyped or
 * property-less object is free-form JSON (RawExtension, FieldsV1).
 */
export type SchemaDialect = 'crd' | 'builtin';

export interface SchemaContext {
  readonly dialect: SchemaDialect;
  /** Resolve a `$ref` (`#/definitions/...`) to its shared node; only the built-in dialect has refs. */
  resolveRef(ref: string): SchemaNode;
}

/**
 * One compiled schema node. Children, RE2 patterns and CEL programs are compiled on first use and kept,
 * so each is prepared once per process however many documents are checked.
 */
export class SchemaNode {
  /** Allowed JSON types; undefined when the schema does not constrain the type (junctor branches, free-form). */
  readonly types: readonly JsonType[] | undefined;
  /** `x-kubernetes-int-or-string` (or IntOrString in the built-in definitions). */
  readonly intOrString: boolean;
  /** `resource.Quantity`: a string in quantity syntax, or a number. */
  readonly quantity: boolean;
  readonly nullable: boolean;
  readonly format: string | undefined;
  readonly enumValues: readonly unknown[] | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly exclusiveMinimum: boolean;
  readonly exclusiveMaximum: boolean;
  readonly multipleOf: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly pattern: string | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly uniqueItems: boolean;
  readonly minProperties: number | undefined;
  readonly maxProperties: number | undefined;
  readonly required: readonly string[];
  /** Keep fields the schema does not name (`x-kubernetes-preserve-unknown-fields`, or free-form built-ins). */
  readonly preserveUnknownFields: boolean;
  readonly embeddedResource: boolean;
  readonly listType: string | undefined;
  readonly listMapKeys: readonly string[] | undefined;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly dialect: SchemaDialect;

  private enumKeySet: Set<string> | undefined;
  private patternRe: RE2JS | undefined;
  private propertyMap: Map<string, SchemaNode> | null | undefined;
  private additional: SchemaNode | boolean | undefined | null;
  private itemNode: SchemaNode | null | undefined;
  private junctorNodes: Junctors | undefined;
  private celRules: readonly CelRule[] | undefined;
  private anyValue: boolean | undefined;

  constructor(
    /** The schema object as read (for rule-specific messages); never mutated. */
    readonly raw: RawSchema,
    private readonly ctx: SchemaContext,
    intOrString = false,
    quantity = false,
  ) {
    this.dialect = ctx.dialect;
    this.intOrString = intOrString || raw['x-kubernetes-int-or-string'] === true;
    this.quantity = quantity;
    this.types = declaredTypes(raw, ctx.dialect, this.intOrString, quantity);
    this.nullable = raw.nullable === true;
    this.format = typeof raw.format === 'string' ? raw.format : undefined;
    this.enumValues = Array.isArray(raw.enum) ? raw.enum : undefined;
    this.minimum = num(raw.minimum);
    this.maximum = num(raw.maximum);
    this.exclusiveMinimum = raw.exclusiveMinimum === true;
    this.exclusiveMaximum = raw.exclusiveMaximum === true;
    this.multipleOf = num(raw.multipleOf);
    this.minLength = num(raw.minLength);
    this.maxLength = num(raw.maxLength);
    this.pattern = typeof raw.pattern === 'string' ? raw.pattern : undefined;
    this.minItems = num(raw.minItems);
    this.maxItems = num(raw.maxItems);
    this.uniqueItems = raw.uniqueItems === true;
    this.minProperties = num(raw.minProperties);
    this.maxProperties = num(raw.maxProperties);
    this.required = Array.isArray(raw.required) ? raw.required : [];
    this.embeddedResource = raw['x-kubernetes-embedded-resource'] === true;
    this.preserveUnknownFields = raw['x-kubernetes-preserve-unknown-fields'] === true
      || (ctx.dialect === 'builtin' && this.types !== undefined && this.types.includes('object')
        && !raw.properties && raw.additionalProperties === undefined);
    this.listType = typeof raw['x-kubernetes-list-type'] === 'string' ? raw['x-kubernetes-list-type'] : undefined;
    this.listMapKeys = Array.isArray(raw['x-kubernetes-list-map-keys']) ? raw['x-kubernetes-list-map-keys'] : undefined;
    this.hasDefault = raw.default !== undefined;
    this.defaultValue = raw.default;
  }

  /** True when nothing constrains the value (no type, no keyword that validates): the walk stops here. */
  get isAny(): boolean {
    if (this.anyValue === undefined) {
      this.anyValue = this.types === undefined && !this.quantity && !Object.keys(this.raw).some(k => VALIDATING_KEYWORDS.has(k));
    }
    return this.anyValue;
  }

  /** The type list as kube-openapi prints it: `integer,string`. */
  get typeLabel(): string {
    return this.types ? this.types.join(',') : 'any';
  }

  /** The enum values by canonical JSON, for O(1) membership. */
  enumKeys(): Set<string> {
    if (!this.enumKeySet) this.enumKeySet = new Set((this.enumValues ?? []).map(v => JSON.stringify(v)));
    return this.enumKeySet;
  }

  patternRegex(): RE2JS | undefined {
    if (this.pattern === undefined) return undefined;
    if (!this.patternRe) this.patternRe = RE2JS.compile(this.pattern);
    return this.patternRe;
  }

  properties(): ReadonlyMap<string, SchemaNode> | undefined {
    if (this.propertyMap === undefined) {
      const props = this.raw.properties;
      if (props && typeof props === 'object') {
        const map = new Map<string, SchemaNode>();
        for (const key of Object.keys(props)) map.set(key, this.child(props[key]));
        this.propertyMap = map;
      } else {
        this.propertyMap = null;
      }
    }
    return this.propertyMap ?? undefined;
  }

  /** The schema of map values, `true` when any value is allowed, undefined when extra keys are not allowed. */
  additionalProperties(): SchemaNode | boolean | undefined {
    if (this.additional === undefined) {
      const ap = this.raw.additionalProperties;
      this.additional = ap === undefined || ap === false ? null : ap === true ? true : this.child(ap);
    }
    return this.additional ?? undefined;
  }

  items(): SchemaNode | undefined {
    if (this.itemNode === undefined) {
      const items = this.raw.items;
      this.itemNode = items && typeof items === 'object' && !Array.isArray(items) ? this.child(items) : null;
    }
    return this.itemNode ?? undefined;
  }

  junctors(): Junctors {
    if (!this.junctorNodes) {
      const list = (key: string): readonly SchemaNode[] =>
        Array.isArray(this.raw[key]) && !this.isIntOrStringAnyOf(key) ? this.raw[key].map((s: RawSchema) => this.child(s)) : [];
      this.junctorNodes = {
        allOf: list('allOf'),
        anyOf: list('anyOf'),
        oneOf: this.quantity || this.intOrString ? [] : list('oneOf'), // the built-in wire types' oneOf is their type list
        not: this.raw.not && typeof this.raw.not === 'object' ? this.child(this.raw.not) : undefined,
      };
    }
    return this.junctorNodes;
  }

  /** The `x-kubernetes-validations` CEL rules of this node, compiled on first use. */
  rules(): readonly CelRule[] {
    if (!this.celRules) {
      const raw = this.raw['x-kubernetes-validations'];
      this.celRules = Array.isArray(raw) && raw.length > 0 ? compileRules(raw) : [];
    }
    return this.celRules;
  }

  /** Whether this node or anything below it has CEL rules: lets the CEL pass skip rule-free subtrees. */
  hasRulesInSubtree(): boolean {
    // Built-in (v2) definitions carry no CEL rules; CRD schemas are trees, checked on the raw schema so
    // that asking does not compile the (possibly huge) subtree.
    return this.dialect === 'crd' && rawHasRules(this.raw);
  }

  private child(raw: RawSchema): SchemaNode {
    return compileSchema(raw, this.ctx);
  }

  /** The `anyOf: [{type: integer}, {type: string}]` that accompanies int-or-string adds nothing to check. */
  private isIntOrStringAnyOf(key: string): boolean {
    if (key !== 'anyOf' || !this.intOrString) return false;
    const branches = this.raw.anyOf as RawSchema[];
    return branches.every(b => Object.keys(b).length === 1 && (b.type === 'integer' || b.type === 'string'));
  }
}

export interface Junctors {
  readonly allOf: readonly SchemaNode[];
  readonly anyOf: readonly SchemaNode[];
  readonly oneOf: readonly SchemaNode[];
  readonly not: SchemaNode | undefined;
}

const VALIDATING_KEYWORDS: ReadonlySet<string> = new Set([
  'type', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'format', 'pattern', 'minimum', 'maximum',
  'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
  'allOf', 'anyOf', 'oneOf', 'not', 'x-kubernetes-validations', 'x-kubernetes-list-type',
]);

const rulesMemo = new WeakMap<RawSchema, boolean>();

function rawHasRules(raw: RawSchema): boolean {
  let has = rulesMemo.get(raw);
  if (has === undefined) {
    const children: RawSchema[] = [
      ...Object.values((raw.properties ?? {}) as Record<string, RawSchema>),
      ...(typeof raw.additionalProperties === 'object' ? [raw.additionalProperties] : []),
      ...(typeof raw.items === 'object' && !Array.isArray(raw.items) ? [raw.items] : []),
    ];
    has = Array.isArray(raw['x-kubernetes-validations']) || children.some(c => c && typeof c === 'object' && rawHasRules(c));
    rulesMemo.set(raw, has);
  }
  return has;
}

/** Compile a raw schema, following `$ref` to the context's shared node. */
export function compileSchema(raw: RawSchema, ctx: SchemaContext): SchemaNode {
  if (typeof raw.$ref === 'string') return ctx.resolveRef(raw.$ref);
  return new SchemaNode(raw, ctx);
}

function declaredTypes(raw: RawSchema, dialect: SchemaDialect, intOrString: boolean, quantity: boolean): JsonType[] | undefined {
  if (intOrString) return ['integer', 'string'];
  if (quantity) return ['string', 'number'];
  if (typeof raw.type === 'string') return [raw.type as JsonType];
  if (Array.isArray(raw.type)) return raw.type as JsonType[];
  // A built-in definition with properties but no type is still an object (Go struct).
  if (dialect === 'builtin' && raw.properties) return ['object'];
  return undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
