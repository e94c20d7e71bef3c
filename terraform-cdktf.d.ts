// Types of `cdk8s-ml-mesh/terraform-cdktf` (see terraform-cdktf.js).
export * from './lib/terraform-cdktf';
