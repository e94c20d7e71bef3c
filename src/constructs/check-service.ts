import { ModelService } from './model-service';
import { fail, show, Where } from '../util/checks';

/** The `service` prop of a routing construct (CanaryRollout, AbExperiment, ShadowMirror). */
export function checkService(s: ModelService, where: Where): ModelService {
  if (!ModelService.isModelService(s)) fail(where, `${show(s)} is not a ModelService`, 'a ModelService of the same app');
  return s;
}
