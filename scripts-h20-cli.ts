import { main } from './src/cli/main';
main(process.argv.slice(2)).then(code => { process.stderr.write(`EXIT ${code}\n`); });
