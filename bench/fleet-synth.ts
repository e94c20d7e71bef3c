/**
 * Fleet-scale synth: ours (MeshApp over the fleet of bench/fleet-app.ts, with the synth-time object
 * check and the routing report, as users run it) against the baseline, raw cdk8s ApiObjects
 * synthesizing byte-identical manifests, interleaved and repeated, each synth in a fresh process
 * (so its peak RSS is its own). Medians and ratios, since the machine is noisy.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { median, runTs } from './measure';

export interface FleetRow {
  readonly services: number;
  readonly documents: number;
  readonly oursSeconds: number;
  readonly rawSeconds: number;
  readonly ratio: number;
  readonly msPerService: number;
  readonly oursRssMb: number;
  readonly rawRssMb: number;
  readonly identical: boolean;
}

interface Sample { readonly seconds: number; readonly maxRssMb: number }

export function measureFleet(services: number, repeats: number): FleetRow {
  const work = mkdtempSync(join(tmpdir(), 'mesh-fleet-'));
  try {
    const ours: Sample[] = [];
    const raw: Sample[] = [];
    for (let r = 0; r < repeats; r++) {
      const o = join(work, `ours-${r}`);
      ours.push(JSON.parse(runTs('synth-child.ts', ['ours-report', String(services), o])));
      raw.push(JSON.parse(runTs('synth-child.ts', ['raw', o, join(work, `raw-${r}`)])));
    }
    const oursSeconds = median(ours.map(s => s.seconds));
    const rawSeconds = median(raw.map(s => s.seconds));
    return {
      services,
      documents: countDocuments(join(work, 'ours-0')),
      oursSeconds,
      rawSeconds,
      ratio: oursSeconds / rawSeconds,
      msPerService: (oursSeconds * 1000) / services,
      oursRssMb: Math.max(...ours.map(s => s.maxRssMb)),
      rawRssMb: Math.max(...raw.map(s => s.maxRssMb)),
      identical: sameFiles(join(work, 'ours-0'), join(work, 'raw-0')),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function countDocuments(dir: string): number {
  return manifests(dir).reduce((n, f) => n + (readFileSync(join(dir, f), 'utf8').match(/^apiVersion:/gm)?.length ?? 0), 0);
}

const manifests = (dir: string) => readdirSync(dir).filter(f => f.endsWith('.k8s.yaml')).sort();

/** The same manifests, byte for byte (ours also writes ROUTING.md, which raw cdk8s has no part in). */
function sameFiles(a: string, b: string): boolean {
  const files = manifests(a);
  return JSON.stringify(files) === JSON.stringify(manifests(b))
    && files.every(f => readFileSync(join(a, f), 'utf8') === readFileSync(join(b, f), 'utf8'));
}
