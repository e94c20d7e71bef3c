/** The label the stable Service selects every version's pods by (KServe owns the `app` label of its pods). */
export const MODEL_NAME_LABEL = 'app.kubernetes.io/name';

/**
 * Subsets whose pods run already and are not in the manifests (`ModelBackend.existing`), listed
 * comma-separated on the DestinationRule: `check` then does not expect their pods in its input
 * (istioctl analyze sees them in the cluster; an offline run cannot).
 */
export const ADOPTED_SUBSETS_ANNOTATION = 'cdk8s-ml-mesh.io/adopted-subsets';
