/**
 * The tag that carries a resource's own Terraform address (`aws_vpc.vpc_6776A399`). Written by the
 * AddressTags aspect (src/lib/address-tag.ts), read by `npm run recover` to map resources that exist
 * in AWS but not in the state back to their address. Kept free of cdktf so config and scripts can
 * import it.
 */
export const ADDRESS_TAG = 'platform:address';

/** Tags every taggable resource gets besides its own: the provider's default_tags. */
export const DEFAULT_TAG_KEYS = ['project', 'environment', 'owner', 'cost-center'] as const;

/** What AWS accepts in a tag value (IAM, S3, EC2, logs...: the strictest common rule). */
export const AWS_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const AWS_TAG_VALUE_MAX = 256;
