import type { IConstruct } from 'constructs';
import { AWS_TAG_VALUE, AWS_TAG_VALUE_MAX, ADDRESS_TAG } from './address-tag-key';
import { Aspects, Fn, TerraformResource, Token, type IAspect, type TerraformStack } from './tf';

export { ADDRESS_TAG };

/**
 * A provider resource class whose schema has `tags`: the generated bindings give it a `tagsInput`
 * getter and a `tags` setter. Data sources are not resources (their `tags` is a filter).
 */
interface TaggableResource extends TerraformResource {
  readonly tagsInput: Record<string, string> | undefined;
  tags: Record<string, string>;
}

function isTaggable(node: IConstruct): node is TaggableResource {
  return node instanceof TerraformResource && 'tagsInput' in node;
}

/** `aws_vpc.vpc_6776A399`: the address Terraform gives the resource in this stack's state. */
export function terraformAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * Tags every taggable resource with its own Terraform address, so a resource that exists in AWS but
 * never reached the state (a killed apply) can be imported back to the right address. The key is
 * never one of the provider's default_tags: a resource tag that repeats a default tag key makes the
 * provider report a perpetual diff.
 */
export class AddressTags implements IAspect {
  // Aspects may be invoked more than once (each synth); tag expressions must not nest.
  private readonly tagged = new WeakSet<IConstruct>();

  public visit(node: IConstruct): void {
    if (!isTaggable(node) || this.tagged.has(node)) return;
    this.tagged.add(node);
    const address = terraformAddress(node);
    if (address.length > AWS_TAG_VALUE_MAX || !AWS_TAG_VALUE.test(address)) {
      throw new Error(
        `${node.node.path}: its address "${address}" is not a valid AWS tag value ` +
          `(at most ${AWS_TAG_VALUE_MAX} letters, digits, spaces and _ . : / = + - @); shorten its construct id`,
      );
    }
    const current = node.tagsInput;
    node.tags = Token.isUnresolved(current)
      ? Token.asStringMap(Fn.merge([current, { [ADDRESS_TAG]: address }]))
      : { ...current, [ADDRESS_TAG]: address };
  }
}

/** Adds the AddressTags aspect to a stack (every platform stack and the state-backend stack). */
export function tagWithAddresses(stack: TerraformStack): void {
  Aspects.of(stack).add(new AddressTags());
}
