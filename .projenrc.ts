import { cdk8s, DependencyType, javascript, JsonFile } from 'projen';

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

  // MeshApp relies on cdk8s internals (src/synth/cdk8s-internals.ts): the dev version is exact and
  // the peer range below admits only patch releases of the minor these were read and tested against.
  cdk8sVersion: '2.70.106',
  cdk8sVersionPinning: true,
  constructsVersion: '10.4.2',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',
  // Newer releases (13.x) pull in packages that require Node 22 and warn (EBADENGINE) on Node 20.
  bumpPackage: 'commit-and-tag-version@12.7.3',
  // jsii-pacmak writes packages here; `dist/` belongs to `cdk8s synth`.
  artifactsDirectory: 'artifacts',

  // cdktf is optional (peerDependenciesMeta below): only `cdk8s-ml-mesh/terraform-cdktf` loads it.
  peerDeps: ['cdk8s-plus-28@^2.5.6', 'cdktf@^0.21.0'],
  devDeps: [
    // Runtime helpers: bundled by esbuild into lib/vendor at build time (`bundle` task), so the
    // package has no runtime dependencies but its peers. @bufbuild/protobuf is @bufbuild/cel's peer.
    'yaml@^2.8.0',
    're2js@^2.0.0',
    'to-regex-range@^5.0.1',
    '@bufbuild/cel@^0.6.1',
    '@bufbuild/protobuf@^2.6.2',
    'esbuild@0.28.2',
    'cdk8s-cli@^2.207.60',
    'cdk8s-plus-28@2.5.6',
    // Exact: the registry mirror this project installs from has every platform binary of 1.16.18
    // but not of newer releases, and `npm ci` needs them all in the lock file.
    '@swc/core@1.16.18',
    'ts-node@^10.9.2',
    'fast-check@^4.0.0',
    '@types/to-regex-range@^5.0.3',
    'cdktf@0.21.0',
    // Prometheus' own PromQL grammar: tests parse every expression we generate.
    '@prometheus-io/lezer-promql@^0.315.0',
    '@lezer/lr@^1.4.2',
    '@lezer/highlight@^1.2.1',
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
      // The consumer test's app template is a user's project, run by its own jest after install.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/app/'],
      collectCoverage: false,
      testTimeout: 60_000,
    },
  },
  eslintOptions: {
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts'],
    ignorePatterns: ['src/wire/generated/**', '*.d.ts', 'node_modules/', 'test/consumer/app/**'],
    // `npm test` must never rewrite sources: lint only; `npm run eslint:fix` fixes.
    commandOptions: { fix: false },
  },
  gitignore: ['/dist/', '/dist-gateway-api/', '/.dist.staging*/', '/.dist.lock', '/artifacts/', '/bench/results.json', '/bench/.two-object-app.ts'],
  npmignoreEnabled: true,
});

// One config for everything that is not the jsii build: the type check, ts-jest, ts-node.
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { rootDir: '.', noEmit: true, isolatedModules: true },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules', 'test/consumer/app'],
  },
});

// The build machines (and CI) run Node 20, which jsii marks end-of-life with a banner on every
// compile; the README states the Node versions we support and recommend 22/24 for users.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Same reason for eslint's resolver: unrs-resolver 1.13 lacks some platform bindings on the mirror.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// npm 11 blocks dependency install scripts unless allowed; none of these needs its script (the
// platform binaries come as optional packages), so deny them explicitly: no warning on `npm ci`.
project.package.addField('allowScripts', { '@parcel/watcher': false, '@swc/core': false, 'esbuild': false, 'unrs-resolver': false });


// Only patch releases of the cdk8s minor that test/cdk8s-internals.test.ts pins (a new minor may
// rework App.synth; re-run that test against it before widening).
project.deps.addDependency('cdk8s@~2.70.106', DependencyType.PEER);

// CDK for Terraform (archived upstream in December 2025) is never installed with this package:
// the core index does not load it, and `cdk8s-ml-mesh/terraform-cdktf` asks for it only when used.
project.package.addField('peerDependenciesMeta', { cdktf: { optional: true } });

// CLI: `npx cdk8s-ml-mesh check|explain|terraform ...`
project.addBins({ 'cdk8s-ml-mesh': 'bin/cdk8s-ml-mesh' });
// Ship only what a consumer runs: lib/, the compact schemas,
// the CLI, README, LICENSE. Not the CRD YAML, the raw definitions, dev configs or CI files.
for (const p of ['/examples/', '/bench/', '/scripts/', '/crds/', '/schemas/k8s-1.28/', '/.ci/',
  '/cdk8s.yaml', '/tsconfig.dev.json', '/API.md', '/test-reports/', '/dist/', '/dist-gateway-api/', '*.tgz', '/tsconfig.tsbuildinfo']) {
  project.addPackageIgnore(p);
}

// Regenerate the wire types (src/wire/generated) from the vendored CRDs, after re-vendoring crds/.
// The output is committed (the package builds without the generator); a test fails when stale.
project.addTask('wire', {
  description: 'Regenerate src/wire/generated from the vendored CRDs in crds/ (scripts/wire-gen/targets.ts)',
  exec: 'ts-node --swc -P tsconfig.dev.json scripts/gen-wire.ts',
});

// One full type check of src (generated wire types included), tests and examples.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check everything once (tests and synth only transpile)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

project.addTask('synth', {
  description: 'Synthesize the example platform into dist/',
  // --check-upgrade false: cdk8s-cli would ask the public registry for a newer CLI on every run.
  exec: 'cdk8s synth --check-upgrade false',
});

project.addTask('synth:gateway-api', {
  description: 'Synthesize the example platform routed with Gateway API (HTTPRoutes) into dist-gateway-api/',
  exec: 'cdk8s synth --check-upgrade false -a "npx ts-node --swc -P tsconfig.dev.json examples/recommendation-platform/gateway-api.ts" -o dist-gateway-api',
});

const benchTask = project.addTask('bench', {
  description: 'Print performance numbers (package size, load and first-synth cost, fleet synth, check throughput)',
});

// Rebuild the compact schema artifact that check reads (after re-vendoring crds/ or schemas/).
project.addTask('schemas', {
  description: 'Rebuild schemas/compact from crds/ and schemas/k8s-1.28/',
  exec: 'ts-node --swc -P tsconfig.dev.json scripts/build-schemas.ts',
});

// Bundle third-party runtime code into lib/vendor (the package then has no runtime dependencies).
const bundle = project.addTask('bundle', {
  description: 'Bundle lib/vendor/*.js with their third-party code (esbuild)',
  exec: 'ts-node --swc -P tsconfig.dev.json scripts/bundle-vendor.ts',
});
project.postCompileTask.prependSpawn(bundle);
// The bench measures the built package (lib/), as users load it.
benchTask.spawn(project.compileTask);
benchTask.spawn(bundle);
benchTask.exec('ts-node --swc -P tsconfig.dev.json bench/run.ts');

// `npm test` builds the package first (the consumer test packs and installs it), type-checks
// everything once, runs jest without ever rewriting snapshots, then lints without fixing.
project.testTask.reset();
project.testTask.spawn(project.compileTask);
project.testTask.spawn(bundle);
project.testTask.spawn(typecheck);
project.testTask.exec('jest --json --outputFile=test-reports/jest-results.json --ci', { receiveArgs: true });
project.testTask.spawn(project.eslint!.eslintTask);
// src/vendor re-exports the third-party code the build bundles: those packages are dev dependencies.
project.eslint!.allowDevDeps('src/vendor/**');
project.addTask('eslint:fix', {
  description: 'Lint and fix what can be fixed',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts,.tsx --fix --no-error-on-unmatched-pattern src test examples bench scripts projenrc .projenrc.ts',
});


project.addTask('fuzz:cli', {
  description: 'Long CLI fuzz run: hostile YAML and file layouts through check and explain (-- --runs N --seed S)',
  // TypeScript's transpiler, not swc: under `ts-node --swc` V8 died compiling a regex (RegExpCompiler
  // out of memory) on deep-nesting layouts in this long in-process run; the CLI itself is unaffected.
  exec: 'ts-node --transpile-only -P tsconfig.dev.json bench/fuzz-cli.ts',
  receiveArgs: true,
});

project.addTask('fuzz:props', {
  description: 'Hostile props fuzz: 20,000 seeded configurations (FUZZ_RUNS, FUZZ_SEED); prints the outcome counts',
  exec: 'ts-node --swc -P tsconfig.dev.json bench/fuzz-props.ts',
});

project.synth();
