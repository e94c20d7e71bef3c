import { cdk8s, javascript, JsonFile } from 'projen';

// The CRDs we generate typed L1 classes from. One multi-document file per API group, because
// `cdk8s import` writes one TypeScript file per group and a second import of the same group
// would overwrite the first.
const IMPORTS = [
  'istio:=crds/istio/istio-crds.yaml',
  'kserve:=crds/kserve/serving.kserve.io_inferenceservices.yaml',
];

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-ml-mesh',
  description: 'Typed cdk8s constructs for ML model serving behind Istio and KServe: canaries, shadows, A/B experiments, checked before they reach a cluster.',
  author: 'cdk8s-ml-mesh maintainers',
  authorAddress: 'ml-platform@example.com',
  repositoryUrl: 'https://example.com/ml-platform/cdk8s-ml-mesh.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  sampleCode: false,
  keywords: ['cdk8s', 'istio', 'kserve', 'mlops', 'canary', 'model-serving'],

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',
  // jsii-pacmak writes packages here; `dist/` belongs to `cdk8s synth`.
  artifactsDirectory: 'artifacts',

  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // Runtime helpers are bundled, as jsii requires for non-jsii dependencies.
  bundledDeps: ['yaml@^2.8.0', 're2js@^2.0.0', 'to-regex-range@^5.0.1', '@bufbuild/cel@^0.6.1'],
  devDeps: [
    'cdk8s-cli@^2.207.60',
    'cdk8s-plus-28@2.5.6',
    // Exact: the registry mirror this project installs from has every platform binary of 1.16.18
    // but not of newer releases, and `npm ci` needs them all in the lock file.
    '@swc/core@1.16.18',
    'ts-node@^10.9.2',
    'fast-check@^4.0.0',
    '@types/to-regex-range@^5.0.3',
  ],

  jestOptions: {
    // Snapshots are never rewritten silently: `npm test` runs `jest --ci`, `test:update` rewrites.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    // Machine-readable results for .ci/run's closing `N passed, N failed` line.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      // Type checking happens once, in `typecheck`; tests only transpile the large imports.
      transform: {
        '^.+\\.[t]sx?$': new javascript.Transform('ts-jest', {
          // tsconfig.dev.json sets isolatedModules, so ts-jest transpiles without type checking.
          tsconfig: 'tsconfig.dev.json',
        }),
      },
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      testTimeout: 60_000,
    },
  },
  eslintOptions: {
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
    ignorePatterns: ['src/imports/**', '*.d.ts', 'node_modules/'],
  },
  gitignore: ['/dist/', '/.dist.staging/', '/artifacts/'],
  npmignoreEnabled: true,
});

// One config for everything that is not the jsii build: the type check, ts-jest, ts-node.
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { rootDir: '.', noEmit: true, isolatedModules: true },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules'],
  },
});

// Same reason for eslint's resolver: unrs-resolver 1.13 lacks some platform bindings on the mirror.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// CLI: `npx cdk8s-ml-mesh check|explain ...`
project.addBins({ 'cdk8s-ml-mesh': 'bin/cdk8s-ml-mesh' });
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/bench/');

// Regenerate the typed L1s from the vendored CRDs. Run by hand after re-vendoring; the output
// is committed and never edited. (Never part of compile: that would need the network for k8s.)
project.addTask('import', {
  description: 'Regenerate src/imports from the vendored CRDs in crds/',
  exec: `cdk8s import ${IMPORTS.join(' ')} -l typescript -o src/imports --no-save`,
});

// One full type check of src, tests, examples and the generated imports.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check everything once (tests and synth only transpile)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);

project.addTask('synth', {
  description: 'Synthesize the example platform into dist/',
  exec: 'cdk8s synth',
});

project.addTask('bench', {
  description: 'Print performance numbers (check throughput, synth time)',
  exec: 'ts-node --swc -P tsconfig.dev.json bench/run.ts',
});

project.addTask('fuzz:props', {
  description: 'Hostile props fuzz: 20,000 seeded configurations (FUZZ_RUNS, FUZZ_SEED); prints the outcome counts',
  exec: 'ts-node --swc -P tsconfig.dev.json bench/fuzz-props.ts',
});

project.synth();
