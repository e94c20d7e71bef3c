/** Internal (not exported from the package): the route table behind an `IModelService`. */
import { IModelService } from './model-service-ref';
import { ServiceRouting } from '../routing/route-table';
import { fail, show, Where } from '../util/checks';

/** What a part or a contributor reads of its ModelService: its complete route table. */
export interface RoutedService extends IModelService {
  /** The validated route table; throws when the configuration is invalid. */
  _routing(): ServiceRouting;
  /** Whether the route table is valid (objects rendered from it can then be checked). */
  _routingIsValid(): boolean;
}

/** `s` as a RoutedService: every ModelService is one; another IModelService has no route table. */
export function routedService(s: IModelService, where: Where): RoutedService {
  const r = s as Partial<RoutedService> | undefined;
  if (typeof r?._routing !== 'function' || typeof r._routingIsValid !== 'function') fail(where, `${show(s)} is not a ModelService`, 'a ModelService');
  return s as RoutedService;
}
