/**
 * The README section between the architecture markers. Pure: text in, text out, so the script can
 * both rewrite the README and check in CI that it is current.
 */

export const DIAGRAM_START = '<!-- architecture:start -->';
export const DIAGRAM_END = '<!-- architecture:end -->';

export class ReadmeMarkerError extends Error {}

function count(text: string, marker: string): number {
  return text.split(marker).length - 1;
}

/** Replaces what is between the markers with a fenced Mermaid block; the same input gives the same output. */
export function updateReadmeDiagram(readmeText: string, mermaid: string): string {
  const problems: string[] = [];
  for (const marker of [DIAGRAM_START, DIAGRAM_END]) {
    const found = count(readmeText, marker);
    if (found === 0) problems.push(`${marker} is missing`);
    if (found > 1) problems.push(`${marker} appears ${found} times`);
  }
  if (problems.length === 0 && readmeText.indexOf(DIAGRAM_END) < readmeText.indexOf(DIAGRAM_START)) {
    problems.push(`${DIAGRAM_END} comes before ${DIAGRAM_START}`);
  }
  if (problems.length > 0) {
    throw new ReadmeMarkerError(
      `cannot place the architecture diagram in the README: ${problems.join('; ')}. ` +
        `Put one line ${DIAGRAM_START} and, below it, one line ${DIAGRAM_END} where the diagram belongs.`,
    );
  }
  const start = readmeText.indexOf(DIAGRAM_START) + DIAGRAM_START.length;
  const end = readmeText.indexOf(DIAGRAM_END);
  const block = `\n\n\`\`\`mermaid\n${mermaid.trimEnd()}\n\`\`\`\n\n`;
  return readmeText.slice(0, start) + block + readmeText.slice(end);
}
