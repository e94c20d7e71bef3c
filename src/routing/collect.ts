import { IConstruct } from 'constructs';
import { ModelService } from '../model-service';
import { RouteTable } from './route-table';

/** Gather the route table of every ModelService under `scope` (usually the App), in tree order. */
export function collectRouteTable(scope: IConstruct): RouteTable {
  const services = scope.node.findAll().filter(ModelService.isModelService);
  return { services: services.map(s => s._routing()) };
}
