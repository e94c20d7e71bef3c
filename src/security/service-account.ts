import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The ServiceAccount a model version runs under: its own mesh identity
 * (`cluster.local/ns/<namespace>/sa/<model>-<version>`), never the namespace default, so an
 * AuthorizationPolicy can allow one version without allowing every pod of the namespace. The
 * token is not mounted: model servers do not call the Kubernetes API.
 */
export function createServiceAccount(scope: Construct, name: string, namespace: string | undefined,
  labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, 'ServiceAccount', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels },
    automountServiceAccountToken: false,
  });
}
