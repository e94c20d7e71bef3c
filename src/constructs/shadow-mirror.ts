import { Construct } from 'constructs';
import { checkService } from './check-service';
import { ModelService } from './model-service';
import { MirrorContributor, VersionRef } from '../routing/contributors';
import { at, checkBoolean, checkDnsName, checkObject, fail, optional, show, Where } from '../util/checks';
import { addMeshValidation } from '../util/validation';

/** Props of a ShadowMirror. */
export interface ShadowMirrorProps {
  /** The model service whose traffic is mirrored. */
  readonly service: ModelService;
  /** Version that receives the mirrored copies; its responses are discarded. */
  readonly target: string;
  /**
   * Percentage of requests mirrored, 0.0001..100 (Envoy samples in millionths, so less rounds to 0).
   * @default 100
   */
  readonly percent?: number;
  /**
   * Mirror every route (matched routes and experiments too), not only the default route.
   * @default false
   */
  readonly allRoutes?: boolean;
}

/**
 * Shadow-tests a candidate version: the sidecar copies a percentage of live requests to it
 * (fire and forget) and discards its responses. Since Istio 1.28 the copies keep the original
 * Host header: `DISABLE_SHADOW_HOST_SUFFIX` defaults to true (istio/istio
 * pilot/pkg/features/pilot.go, route.go TranslateRequestMirrorPolicy), so on the Istio 1.30 we
 * target the candidate cannot tell a copy from a live request by its Host; only older Istio, or
 * istiod with that variable set to false, appends `-shadow`.
 * Only safe for idempotent, side-effect-free inference calls.
 */
export class ShadowMirror extends Construct {
  /** Mirrored version. */
  public readonly version: string;
  /** Percentage mirrored. */
  public readonly percent: number;
  /** Whether every route is mirrored. */
  public readonly allRoutes: boolean;

  constructor(scope: Construct, id: string, props: ShadowMirrorProps) {
    super(scope, id);
    const where: Where = { path: this.node.path, field: '' };
    checkObject(props, at(where, 'props'), 'ShadowMirrorProps: { service, target, percent?, allRoutes? }');
    const service = checkService(props.service, at(where, 'service'));
    this.version = checkDnsName(props.target, at(where, 'target'), 'version name');
    this.percent = props.percent ?? 100;
    if (!(typeof this.percent === 'number' && Number.isFinite(this.percent) && this.percent >= 0.0001 && this.percent <= 100)) {
      fail(at(where, 'percent'), `${show(this.percent)} is not a valid mirror percentage`, 'a number in 0.0001..100 (Envoy samples in millionths)');
    }
    this.allRoutes = optional(props.allRoutes, at(where, 'allRoutes'), checkBoolean) ?? false;
    const path = this.node.path;
    const mirror: MirrorContributor = {
      path,
      version: this.version,
      percent: this.percent,
      allRoutes: this.allRoutes,
      versionRefs: (): VersionRef[] => [{ path, field: 'target', version: this.version }],
    };
    service._routes.addMirror(mirror);
    addMeshValidation(this, () => service._problemsAt(path));
  }
}
