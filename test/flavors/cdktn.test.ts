import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines: { node: string };
  flavor?: { imports: Record<string, string>; cli: string };
}
interface Lock {
  packages: Record<
    string,
    { version: string; engines?: { node: string }; peerDependencies?: Record<string, string> }
  >;
}

const read = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const root = read<PackageJson>('package.json');
const flavor = read<PackageJson>('flavors/cdktn/package.json');
const lock = read<Lock>('flavors/cdktn/package-lock.json');

describe('the CDK Terrain flavor (flavors/cdktn, npm run flavor -- cdktn)', () => {
  it('pins exact versions, and its lock file installs them', () => {
    for (const [name, version] of Object.entries(flavor.dependencies)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });

  it('answers only import names the app depends on, each with a package it installs', () => {
    const rootDeps = { ...root.dependencies, ...root.devDependencies };
    for (const [importName, pkg] of Object.entries(flavor.flavor!.imports)) {
      expect(rootDeps[importName], importName).toBeDefined();
      expect(flavor.dependencies[pkg], pkg).toBeDefined();
    }
    expect(Object.keys(flavor.flavor!.imports).sort()).toEqual([
      '@cdktf/provider-aws',
      'cdktf',
      'constructs',
    ]);
  });

  it("asks for the Node its CLI needs, and satisfies the provider bindings' peer ranges", () => {
    const cliFloor = lock.packages['node_modules/cdktn-cli']!.engines!.node.replace(/^>=\s*/, '');
    expect(flavor.engines.node).toBe(`>=${cliFloor.replace(/\.0$/, '')}`);
    const peers = lock.packages['node_modules/@cdktn/provider-aws']!.peerDependencies!;
    expect(peers.cdktn).toBe(`^${flavor.dependencies.cdktn}`);
    const [, low, high] = /^>=(\S+) <(\S+)$/.exec(peers.constructs!)!;
    const n = (v: string) => v.split('.').map(Number);
    const [have, min, max] = [n(flavor.dependencies.constructs!), n(low!), n(high!)];
    expect(
      have[1]! >= min[1]! && have[1]! < max[1]!,
      `constructs ${flavor.dependencies.constructs} in ${peers.constructs}`,
    ).toBe(true);
  });
});
