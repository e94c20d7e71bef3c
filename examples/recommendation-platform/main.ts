import { YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from './platform';
import { MeshApp } from '../../src';

// `npx cdk8s synth` runs this file: one folder per chart, one file per object, and the routing
// report dist/ROUTING.md. Nothing is written unless the whole app is valid.
const app = new MeshApp({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
new RecommendationPlatform(app, 'recommendation');
app.synth();
