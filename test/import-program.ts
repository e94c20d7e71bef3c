/** Test helpers for `import`: run the CLI in-process, run or type-check the programs it prints. */
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as lib from '../src';
import { main } from '../src/cli/main';

export interface Imported {
  readonly code: number;
  readonly program: string;
  readonly notes: string[];
}

export async function importProgram(...args: string[]): Promise<Imported> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['import', ...args], s => out.push(s), s => err.push(s));
  return { code, program: out.join('\n'), notes: err };
}

/** Run a printed program (its imports mapped to this checkout) and return the manifests it synthesizes. */
export function runPrintedProgram(program: string): any[] {
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const apps: cdk8s.App[] = [];
  class CapturingApp extends cdk8s.App {
    constructor(props?: cdk8s.AppProps) {
      super(props);
      apps.push(this);
    }
    public synth(): void { /* the test reads the charts instead of writing files */ }
  }
  const modules: Record<string, unknown> = { 'cdk8s': { ...cdk8s, App: CapturingApp }, 'cdk8s-ml-mesh': lib };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', js)((name: string) => modules[name], module, module.exports);
  // synthYaml validates the tree as `cdk8s synth` does.
  return parseAllDocuments(apps[0].synthYaml()).map(d => d.toJSON()).filter(o => o);
}

/**
 * Type-check printed programs in one TypeScript program (fast enough for CI: the library is read
 * once), `cdk8s-ml-mesh` resolving to this checkout's src/. Returns diagnostics per program.
 */
export function typeCheck(programs: ReadonlyMap<string, string>): Map<string, string[]> {
  const root = path.join(__dirname, '..');
  const files = new Map([...programs].map(([name, text]) => [path.join(root, 'test', '.import-programs', `${name}.ts`), text]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    baseUrl: root,
    paths: { 'cdk8s-ml-mesh': ['src/index.ts'] },
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile;
  const exists = host.fileExists;
  host.readFile = f => files.get(path.resolve(f)) ?? read(f);
  host.fileExists = f => files.has(path.resolve(f)) || exists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map<string, string[]>();
  for (const [file] of files) {
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    result.set(path.basename(file, '.ts'), diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
  }
  return result;
}
