/** The label the stable Service selects every version's pods by (KServe owns the `app` label of its pods). */
export const MODEL_NAME_LABEL = 'app.kubernetes.io/name';

/**
 * Subsets whose pods run already and are not in the manifests (`ModelBackend.existing`), listed
 * comma-separated on the DestinationRule: `check` then does not expect their pods in its input
 * (istioctl analyze sees them in the cluster; an offline run cannot).
 */
export const ADOPTED_SUBSETS_ANNOTATION = 'cdk8s-ml-mesh.io/adopted-subsets';

/**
 * On a Rollout: the cluster already runs it with this (stable) version's template, so the
 * template in the manifest is rolled out through the steps. Without it `check` warns that a new
 * Rollout's first template is scaled to full at once, without steps (argo-rollouts docs/FAQ.md).
 */
export const STABLE_TEMPLATE_APPLIED_ANNOTATION = 'cdk8s-ml-mesh.io/stable-template-applied';
