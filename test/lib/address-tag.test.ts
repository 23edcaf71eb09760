import { describe, expect, it } from 'vitest';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { ADDRESS_TAG, tagWithAddresses } from '../../src/lib/address-tag';
import { TerraformVariable } from '../../src/lib/tf';
import { configFor, synth, synthAll, testStack, type SynthJson } from '../helpers';

/** Whether the provider binding of a resource type has `tags` (asked of the binding, not a list). */
async function acceptsTags(type: string): Promise<boolean> {
  const module = (await import(
    `@cdktf/provider-aws/lib/${type.replace(/^aws_/, '').replaceAll('_', '-')}`
  )) as Record<string, unknown>;
  const resourceClass = Object.values(module).find(
    (value): value is { tfResourceType: string; prototype: object } =>
      typeof value === 'function' && (value as { tfResourceType?: string }).tfResourceType === type,
  );
  if (!resourceClass) throw new Error(`no provider binding for ${type}`);
  return 'tagsInput' in resourceClass.prototype;
}

async function expectEveryTaggableTagged(json: SynthJson): Promise<number> {
  let tagged = 0;
  for (const [type, byId] of Object.entries(json.resource)) {
    const taggable = await acceptsTags(type);
    for (const [logicalId, body] of Object.entries(byId)) {
      const tags = body.tags as Record<string, string> | undefined;
      if (taggable) {
        expect(tags?.[ADDRESS_TAG], `${type}.${logicalId}`).toBe(`${type}.${logicalId}`);
        tagged++;
      } else {
        expect(tags, `${type}.${logicalId} has no tags argument`).toBeUndefined();
      }
    }
  }
  return tagged;
}

describe('AddressTags aspect', () => {
  const stacks = synthAll([configFor()]);

  it('tags every taggable resource of a platform stack with its own address, and only those', async () => {
    const json = stacks['platform-dev']!;
    expect(await expectEveryTaggableTagged(json)).toBeGreaterThan(40);
    // untaggable types stay untouched
    expect(json.resource.aws_kms_alias).toBeDefined();
    expect(json.resource.aws_route).toBeDefined();
  });

  it('tags the state-backend stack too (its bucket and key)', async () => {
    const json = stacks['state-backend']!;
    await expectEveryTaggableTagged(json);
    expect(json.resource.aws_s3_bucket!.state_bucket!.tags).toMatchObject({
      [ADDRESS_TAG]: 'aws_s3_bucket.state_bucket',
    });
  });

  it("keeps a resource's own tags and never puts the address into the provider's default_tags", () => {
    const json = stacks['platform-dev']!;
    const [vpc] = Object.values(json.resource.aws_vpc!);
    expect(Object.keys(vpc!.tags as object).sort()).toEqual(['Name', ADDRESS_TAG]);
    for (const stack of Object.values(stacks)) {
      const defaults = (stack.provider.aws![0]!.default_tags as { tags: Record<string, string> }[])[0]!.tags;
      expect(defaults).not.toHaveProperty(ADDRESS_TAG);
    }
  });

  it('leaves data sources alone: their tags are a filter', () => {
    const stack = testStack('data-source');
    new DataAwsVpc(stack, 'existing', { tags: { Name: 'shared' } });
    tagWithAddresses(stack);
    expect(synth(stack).data!.aws_vpc!.existing!.tags).toEqual({ Name: 'shared' });
  });

  it('merges into tags given as an expression', () => {
    const stack = testStack('token-tags');
    const extra = new TerraformVariable(stack, 'extra_tags', { type: 'map(string)' });
    new Vpc(stack, 'net', { cidrBlock: '10.0.0.0/16', tags: extra.value as Record<string, string> });
    tagWithAddresses(stack);
    expect(synth(stack).resource.aws_vpc!.net!.tags).toBe(
      '${merge(var.extra_tags, {"platform:address" = "aws_vpc.net"})}',
    );
  });

  it('refuses an address AWS would not accept as a tag value, naming the construct', () => {
    const stack = testStack('long-id');
    new CloudwatchLogGroup(stack, 'g'.repeat(260), {});
    tagWithAddresses(stack);
    expect(() => synth(stack)).toThrow(
      /long-id\/g+: its address "aws_cloudwatch_log_group\.g+\S*" is not a valid AWS tag value/,
    );
  });
});
