/**
 * The `--profile` and `--channel` options of the commands that speak of Gateway API (`portability`,
 * `import`): one table of profile names, each the CLI name of a built-in `GatewayApiProfile` factory.
 */
import { GatewayApiProfile, GatewayApiReleaseChannel } from '../render/gateway-api/profile';

/** CLI name → the `GatewayApiProfile` factory of that name (also printed in generated programs). */
const FACTORIES = {
  'istio-sidecar': 'istioSidecar',
  'istio-ambient': 'istioAmbient',
  'envoy-gateway': 'envoyGateway',
  'gke': 'gke',
  'generic-standard': 'genericStandard',
} as const;

export type ProfileName = keyof typeof FACTORIES;

export const PROFILE_NAMES = Object.keys(FACTORIES) as ProfileName[];

export function isProfileName(name: string | undefined): name is ProfileName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(FACTORIES, name);
}

/** Why `name` is not a profile, for `--profile`'s error. */
export function profileProblem(name: string | undefined): string {
  return `--profile must be one of ${PROFILE_NAMES.join(', ')}, got ${name === undefined ? 'nothing' : `"${name}"`}`;
}

/** Why `name` is not a channel, for `--channel`'s error; undefined when it is one. */
export function channelProblem(name: string | undefined): string | undefined {
  return name === 'standard' || name === 'experimental' ? undefined
    : `--channel must be standard or experimental, got ${name === undefined ? 'nothing' : `"${name}"`}`;
}

export function profileOf(name: ProfileName, channel: GatewayApiReleaseChannel): GatewayApiProfile {
  return GatewayApiProfile[FACTORIES[name]]({ channel });
}

/** The TypeScript that builds the profile, e.g. `GatewayApiProfile.istioSidecar()`. */
export function profileCode(name: ProfileName, channel: GatewayApiReleaseChannel): string {
  const options = channel === GatewayApiReleaseChannel.EXPERIMENTAL ? '{ channel: GatewayApiReleaseChannel.EXPERIMENTAL }' : '';
  return `GatewayApiProfile.${FACTORIES[name]}(${options})`;
}
