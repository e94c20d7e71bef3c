import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from '../../examples/recommendation-platform/platform';
import { MeshApp } from '../../src';

/** The example platform as an app (not synthesized). */
export function exampleApp(): MeshApp {
  const app = new MeshApp({ outdir: mkdtempSync(join(tmpdir(), 'tf-example-')), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  new RecommendationPlatform(app, 'recommendation');
  return app;
}

/** The example synthesized exactly as `cdk8s synth` does; returns the output directory. */
export function synthExampleDir(): string {
  const app = exampleApp();
  app.synth();
  return app.outdir;
}
