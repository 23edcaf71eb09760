import { describe, expect, it } from 'vitest';
import { DIAGRAM_END, DIAGRAM_START, updateReadmeDiagram } from '../../src/diagram';

const README = `# Platform\n\nIntro.\n\n${DIAGRAM_START}\nold diagram\n${DIAGRAM_END}\n\n## Next\n`;
const MERMAID = 'flowchart LR\n  a --> b\n';

describe('updateReadmeDiagram', () => {
  it('replaces only what is between the markers with a mermaid block', () => {
    expect(updateReadmeDiagram(README, MERMAID)).toBe(
      `# Platform\n\nIntro.\n\n${DIAGRAM_START}\n\n\`\`\`mermaid\nflowchart LR\n  a --> b\n\`\`\`\n\n${DIAGRAM_END}\n\n## Next\n`,
    );
  });

  it('is idempotent', () => {
    const once = updateReadmeDiagram(README, MERMAID);
    expect(updateReadmeDiagram(once, MERMAID)).toBe(once);
  });

  it('fails clearly when a marker is missing', () => {
    expect(() => updateReadmeDiagram('# Platform\n', MERMAID)).toThrow(
      /<!-- architecture:start --> is missing; <!-- architecture:end --> is missing\. Put one line/,
    );
    expect(() => updateReadmeDiagram(`${DIAGRAM_START}\n`, MERMAID)).toThrow(
      /<!-- architecture:end --> is missing/,
    );
  });

  it('fails clearly on duplicated or swapped markers', () => {
    expect(() => updateReadmeDiagram(README + DIAGRAM_START, MERMAID)).toThrow(
      /architecture:start --> appears 2 times/,
    );
    expect(() => updateReadmeDiagram(`${DIAGRAM_END}\n${DIAGRAM_START}\n`, MERMAID)).toThrow(/comes before/);
  });
});
