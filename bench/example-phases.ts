/**
 * The example platform's synth, phase by phase, in one fresh process run as `cdk8s synth` runs it
 * (ts-node with the swc transpiler over examples/ and src/). Prints seconds per phase as JSON.
 */
import { performance } from 'perf_hooks';

/* eslint-disable @typescript-eslint/no-require-imports */
const out = process.argv[2];
const t0 = performance.now();
const { YamlOutputType } = require('cdk8s');
require('cdk8s-plus-28');
const t1 = performance.now();
const { RecommendationPlatform } = require('../examples/recommendation-platform/platform');
const { MeshApp } = require('../src');
const t2 = performance.now();
const app = new MeshApp({ outdir: out, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
new RecommendationPlatform(app, 'recommendation');
const t3 = performance.now();
app.synth();
const t4 = performance.now();
console.log(JSON.stringify({
  'load cdk8s + cdk8s-plus-28': (t1 - t0) / 1000,
  'transpile and load the example and src/': (t2 - t1) / 1000,
  'build the construct tree': (t3 - t2) / 1000,
  'validate, render, check, write': (t4 - t3) / 1000,
}));
