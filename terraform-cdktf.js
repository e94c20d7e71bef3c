// `require('cdk8s-ml-mesh/terraform-cdktf')`: the CDK for Terraform route (needs the optional peer
// dependency cdktf). Kept out of the main entry so installing or loading cdk8s-ml-mesh never needs cdktf.
module.exports = require('./lib/terraform-cdktf');
