/**
 * Finds the line of a key path in an HCL tfvars source. hcl2json drops positions, so this scans the
 * text: the first `key =` line for the top-level key, then the first nested `key =` after it.
 * Returns undefined when the key is not in the file (a default was used).
 */
export function lineOf(source: string, path: readonly PropertyKey[]): number | undefined {
  const lines = source.split(/\r?\n/);
  let from = 0;
  let found: number | undefined;
  for (const segment of path) {
    if (typeof segment !== 'string') break;
    const pattern = new RegExp(`^\\s*"?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*=`);
    const index = lines.findIndex((line, i) => i >= from && pattern.test(line.replace(/#.*$/, '')));
    if (index < 0) break;
    found = index + 1;
    from = index + 1;
  }
  return found;
}

/** `lake.raw_transition_to_ia_days`, `private_subnets[1]`: the key path as a person writes it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
