/**
 * The one place that imports the CDKTF core library. CDKTF upstream is archived and continued as
 * CDK Terrain (`cdktn`); switching is a change to this file and package.json.
 * Provider classes come from `@cdktf/provider-aws/lib/<resource>` submodules (never the root barrel).
 */
export {
  App,
  Fn,
  S3Backend,
  LocalBackend,
  TerraformOutput,
  TerraformStack,
  TerraformResource,
  TerraformDataSource,
  TerraformVariable,
  Token,
  Aspects,
  Testing,
  type IAspect,
  type ITerraformDependable,
  type TerraformResourceLifecycle,
} from 'cdktf';
