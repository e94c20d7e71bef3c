// Bundled by the build into this one file (see ./cel.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS interop for the bundle
import toRegexRange = require('to-regex-range');

export { toRegexRange };
