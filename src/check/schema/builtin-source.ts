import * as fs from 'fs';
import { withHandwrittenEnums } from './builtin-enums';
import { RawSchema, SchemaContext, SchemaNode } from './schema-node';

/**
 * Kubernetes 1.28 built-in kinds from the OpenAPI v2 `definitions` (`schemas/k8s-1.28/_definitions.json`).
 * `$ref`s resolve to one shared node per definition, so recursive types cost nothing and each definition is
 * compiled once; the special wire types are given their apiserver meaning.
 */

const DEF_PREFIX = '#/definitions/';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** meta/v1 wire types (Status, DeleteOptions, WatchEvent, ...) carry GVKs but are not objects one applies. */
const META_TYPES_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.';

export interface BuiltinKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly definition: string;
}

export class BuiltinDefinitions {
  static load(file: string): BuiltinDefinitions {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    return new BuiltinDefinitions(json.definitions ?? json);
  }

  private readonly nodes = new Map<string, SchemaNode>();
  private readonly ctx: SchemaContext;
  /** By `apiVersion/kind`. */
  readonly kinds = new Map<string, BuiltinKind>();

  constructor(private readonly definitions: Record<string, RawSchema>) {
    this.ctx = { dialect: 'builtin', resolveRef: ref => this.resolve(ref) };
    for (const [name, def] of Object.entries(definitions)) {
      if (name.startsWith(META_TYPES_PREFIX)) continue;
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        const key = `${apiVersion}/${gvk.kind}`;
        if (!this.kinds.has(key)) this.kinds.set(key, { apiVersion, kind: gvk.kind, definition: name });
      }
    }
  }

  /** The compiled node of one definition, e.g. `io.k8s.api.apps.v1.Deployment`. */
  node(name: string): SchemaNode {
    let node = this.nodes.get(name);
    if (!node) {
      const raw = this.definitions[name];
      if (!raw) throw new Error(`schemas/k8s-1.28/_definitions.json has no definition ${name}`);
      node = new SchemaNode(withHandwrittenEnums(name, raw), this.ctx, name === INT_OR_STRING, name === QUANTITY);
      this.nodes.set(name, node);
    }
    return node;
  }

  private resolve(ref: string): SchemaNode {
    if (!ref.startsWith(DEF_PREFIX)) throw new Error(`unsupported $ref ${ref} in the Kubernetes definitions`);
    return this.node(ref.slice(DEF_PREFIX.length));
  }
}
