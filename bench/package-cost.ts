/**
 * What a user's repo pays for the package: its size (npm pack), the cost of `require` on top of
 * cdk8s (and cdk8s-plus-28, a peer every app loads), and the first synth of one ModelService
 * (which loads and runs the synth-time check). Each figure is the median of fresh processes.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { median, REPO, run } from './measure';

const lib = JSON.stringify(join(REPO, 'lib'));

/** Seconds `timed` takes in a fresh process, after `setup` (untimed). */
function seconds(timed: string, setup = ''): number {
  const script = `${setup};const t=process.hrtime.bigint();${timed};console.log(Number(process.hrtime.bigint()-t)/1e9)`;
  return Number(run(process.execPath, ['-e', script]).trim());
}

export interface PackageCost {
  readonly packedMb: number;
  readonly unpackedMb: number;
  readonly files: number;
  readonly requireSeconds: number;
  readonly requireOverCdk8sSeconds: number;
  readonly firstSynthSeconds: number;
}

export function measurePackage(runs = 7): PackageCost {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-pack-'));
  try {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]));
    const cdk8s = median(Array.from({ length: runs }, () => seconds("require('cdk8s');require('cdk8s-plus-28')")));
    const ours = median(Array.from({ length: runs }, () => seconds(`require('cdk8s');require('cdk8s-plus-28');require(${lib})`)));
    const synth = median(Array.from({ length: runs }, () => seconds('Testing.synth(chart)', FIRST_SYNTH_SETUP)));
    return {
      packedMb: packed.size / 1e6,
      unpackedMb: packed.unpackedSize / 1e6,
      files: packed.entryCount,
      requireSeconds: ours,
      requireOverCdk8sSeconds: ours - cdk8s,
      firstSynthSeconds: synth,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One ModelService with two versions, built before the clock starts: the first synth is timed alone. */
const FIRST_SYNTH_SETUP = `const{Testing,Chart}=require('cdk8s');const m=require(${lib});
const chart=new Chart(Testing.app(),'c',{namespace:'ml'});
new m.ModelService(chart,'ranking',{modelName:'ranking',versions:[{name:'v1',image:'r/ranking:v1'},{name:'v2',image:'r/ranking:v2'}]})`;
