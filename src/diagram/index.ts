import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStackJson } from '../cost/synth-json';
import { stackMermaid } from './mermaid';

export { architectureGraph, type ArchitectureGraph, type GraphEdge, type GraphNode } from './graph';
export { renderMermaid, stackMermaid, mermaidId } from './mermaid';
export { updateReadmeDiagram, ReadmeMarkerError, DIAGRAM_START, DIAGRAM_END } from './readme';

/** Writes `<outdir>/architecture-<env>.mmd` for each environment from its synthesized stack. */
export function writeArchitectureDiagrams(
  outdir: string,
  environments: readonly { environment: string }[],
): string[] {
  return environments.map(({ environment }) => {
    const stack = readStackJson(join(outdir, 'stacks', `platform-${environment}`, 'cdk.tf.json'));
    const file = join(outdir, `architecture-${environment}.mmd`);
    writeFileSync(file, stackMermaid(stack, `platform-${environment}`));
    return file;
  });
}
