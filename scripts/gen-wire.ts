/** `npm run wire`: regenerate src/wire/generated/ from the vendored CRDs (see scripts/wire-gen/targets.ts). */
import * as fs from 'fs';
import * as path from 'path';
import { generateWireFiles, WIRE_DIR } from './wire-gen/generate';

const root = path.resolve(__dirname, '..');
const files = generateWireFiles(root);
fs.rmSync(path.join(root, WIRE_DIR), { recursive: true, force: true });
fs.mkdirSync(path.join(root, WIRE_DIR), { recursive: true });
for (const [file, text] of files) fs.writeFileSync(path.join(root, file), text);
console.log(`${WIRE_DIR}: ${files.size} files written`);
