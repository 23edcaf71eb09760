/**
 * Commercial AWS regions an environment may be placed in. Kept as data (not fetched) because
 * config validation is pure; extend it when a client needs a new region.
 */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

const abc = (region: string, letters = 'abc') => [...letters].map((letter) => `${region}${letter}`);

/**
 * Availability zone names per region. AZ names are mapped per account, so where accounts differ
 * (us-east-1, us-west-1, ap-northeast-1, ca-central-1) the list is the union AWS documents; an AZ
 * outside it is certainly wrong. Extend it with the region list above.
 */
export const AVAILABILITY_ZONES: Readonly<Record<AwsRegion, readonly string[]>> = {
  'af-south-1': abc('af-south-1'),
  'ap-east-1': abc('ap-east-1'),
  'ap-northeast-1': abc('ap-northeast-1', 'acd'),
  'ap-northeast-2': abc('ap-northeast-2', 'abcd'),
  'ap-northeast-3': abc('ap-northeast-3'),
  'ap-south-1': abc('ap-south-1'),
  'ap-south-2': abc('ap-south-2'),
  'ap-southeast-1': abc('ap-southeast-1'),
  'ap-southeast-2': abc('ap-southeast-2'),
  'ap-southeast-3': abc('ap-southeast-3'),
  'ap-southeast-4': abc('ap-southeast-4'),
  'ca-central-1': abc('ca-central-1', 'abd'),
  'eu-central-1': abc('eu-central-1'),
  'eu-central-2': abc('eu-central-2'),
  'eu-north-1': abc('eu-north-1'),
  'eu-south-1': abc('eu-south-1'),
  'eu-south-2': abc('eu-south-2'),
  'eu-west-1': abc('eu-west-1'),
  'eu-west-2': abc('eu-west-2'),
  'eu-west-3': abc('eu-west-3'),
  'il-central-1': abc('il-central-1'),
  'me-central-1': abc('me-central-1'),
  'me-south-1': abc('me-south-1'),
  'sa-east-1': abc('sa-east-1'),
  'us-east-1': abc('us-east-1', 'abcdef'),
  'us-east-2': abc('us-east-2'),
  'us-west-1': abc('us-west-1'),
  'us-west-2': abc('us-west-2', 'abcd'),
};
