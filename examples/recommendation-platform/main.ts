import { App, YamlOutputType } from 'cdk8s';
import { RecommendationPlatform } from './platform';

// `npx cdk8s synth` runs this file: one folder per chart, one file per object, under dist/.
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
new RecommendationPlatform(app, 'recommendation');
app.synth();
