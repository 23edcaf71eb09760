/** The floor for bench/synth: a one-resource CDKTF app, loaded and synthesized the same way as main.ts. */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from '../../src/lib/tf';

const app = new App();
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
new S3Bucket(stack, 'bucket', { bucket: 'floor-bucket' });
app.synth();
