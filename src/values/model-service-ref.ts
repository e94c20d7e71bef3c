import { IConstruct } from 'constructs';

/**
 * A ModelService as its parts (observability, security) see it. The parts sit below the
 * constructs (see ARCHITECTURE.md), so they name this interface rather than the class.
 */
export interface IModelService extends IConstruct {
  /** The model's name (it names the objects of the service and its parts). */
  readonly modelName: string;
  /** Namespace of the service's objects, when known. */
  readonly namespace?: string;
  /** The stable host callers use. */
  readonly host: string;
}
