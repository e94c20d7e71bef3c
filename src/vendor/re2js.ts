// Bundled by the build into this one file (see ./cel.ts).
export { RE2JS } from 're2js';
