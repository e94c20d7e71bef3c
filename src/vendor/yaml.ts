// Bundled by the build into this one file (see ./cel.ts).
export { parse, parseAllDocuments, stringify } from 'yaml';
