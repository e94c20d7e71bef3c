// Third-party runtime code, bundled into this one file by the build (projenrc/bundle-vendor.ts):
// the published package then has no runtime dependencies but its peers, and loads one file
// instead of hundreds. In the repository (tests, ts-node) it simply re-exports the package.
export { celEnv, celFunc, celMethod, isCelError, mapType, parse, plan, CelScalar } from '@bufbuild/cel';
export type { CelEnv, CelFunc, CelInput, CelValue } from '@bufbuild/cel';
export { strings } from '@bufbuild/cel/ext';
