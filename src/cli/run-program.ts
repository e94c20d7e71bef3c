/**
 * Run a generated program in memory: its statements with the names it imports in scope, and an
 * App that synthesizes (validations included) into a string instead of writing files. `import`
 * runs every program this way before printing it, so a program that would throw at synth is
 * never printed.
 */
import * as cdk8s from 'cdk8s';
import * as library from '../index';
import { GeneratedProgram } from '../migrate/to-typescript';

export type ProgramRun = { readonly manifests: unknown[] } | { readonly error: string };

export function runProgram(program: GeneratedProgram): ProgramRun {
  const apps: cdk8s.App[] = [];
  class InMemoryApp extends cdk8s.App {
    constructor(props?: cdk8s.AppProps) {
      super(props);
      apps.push(this);
    }
    public synth(): void {
      // Nothing is written: runProgram synthesizes in memory below.
    }
  }
  const scope: Record<string, unknown> = { ...library, ...cdk8s, App: InMemoryApp };
  const names = [...program.imports.cdk8s, ...program.imports.library];
  try {
    // The body is our own printed code (literals escaped by code.ts), run with only these names.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(...names, `'use strict';\n${program.body}`)(...names.map(n => scope[n]));
    if (apps.length !== 1) return { error: `the program created ${apps.length} apps; expected one` };
    // synthYaml() validates the tree as `cdk8s synth` does; the objects are then read as JSON.
    apps[0].synthYaml();
    return { manifests: apps[0].charts.flatMap(c => c.toJson()) };
  } catch (e) {
    return { error: (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 5).join(' ') };
  }
}
