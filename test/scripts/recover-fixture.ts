import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An outdir with stacks/platform-dev/cdk.tf.json as `cdktf synth` writes it, holding the given resources. */
export function devStackOutdir(
  resource: Record<string, Record<string, Record<string, unknown>>> = {},
): string {
  const outdir = mkdtempSync(join(tmpdir(), 'recover-'));
  mkdirSync(join(outdir, 'stacks', 'platform-dev'), { recursive: true });
  writeFileSync(
    join(outdir, 'stacks', 'platform-dev', 'cdk.tf.json'),
    JSON.stringify({
      terraform: {
        backend: { s3: { bucket: 'tfstate', key: 'platform/dev/terraform.tfstate', region: 'eu-north-1' } },
      },
      provider: {
        aws: [{ region: 'eu-north-1', default_tags: [{ tags: { project: 'p', environment: 'dev' } }] }],
      },
      resource,
    }),
  );
  return outdir;
}
