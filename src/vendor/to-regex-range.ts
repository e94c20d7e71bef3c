// Bundled by the build into this one file (see ./cel.ts).
import toRegexRange = require('to-regex-range');

export { toRegexRange };
