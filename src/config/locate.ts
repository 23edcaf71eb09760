/**
 * Finds the line of a key path in an HCL tfvars source. hcl2json drops positions, so this scans the
 * text: the first `key =` line for the top-level key, then the first nested `key =` after it.
 * Returns undefined when the key is not in the file (a default was used).
 */
export function lineOf(source: string, path: readonly PropertyKey[]): number | undefined {
  return locate(source, path).line;
}

/** True when the file itself sets the key path (not a default). */
export function setsKey(source: string, path: readonly PropertyKey[]): boolean {
  const { matched } = locate(source, path);
  return matched === path.length;
}

function locate(source: string, path: readonly PropertyKey[]): { line?: number; matched: number } {
  const lines = source.split(/\r?\n/);
  let from = 0;
  let line: number | undefined;
  let matched = 0;
  for (const segment of path) {
    if (typeof segment !== 'string') break;
    const pattern = new RegExp(`^\\s*"?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*=`);
    const index = lines.findIndex((text, i) => i >= from && pattern.test(text.replace(/#.*$/, '')));
    if (index < 0) break;
    line = index + 1;
    from = index + 1;
    matched += 1;
  }
  return { line, matched };
}

/** `lake.raw_transition_to_ia_days`, `private_subnets[1]`: the key path as a person writes it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
