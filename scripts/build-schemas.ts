/** `npm run schemas`: rebuild schemas/compact from the vendored crds/ and schemas/k8s-1.28/. */
import * as path from 'path';
import { writeCompactSchemas } from '../src/check/schema/compact';

const root = path.resolve(__dirname, '..');
console.log(`schemas/compact: ${writeCompactSchemas(root)} files written`);
