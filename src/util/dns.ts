import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors } from './k8s-names';

export const DNS1123_LABEL_RULE = "lower case alphanumerics and '-', starting and ending with an alphanumeric, at most 63 characters";
export const DNS1123_SUBDOMAIN_RULE = "lower case alphanumerics, '-' and '.', starting and ending with an alphanumeric, at most 253 characters";
export const DNS1035_LABEL_RULE = "a DNS-1035 label: lower case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters";

/** Kubernetes DNS-1123 label (the apiserver's own check): names of subsets, namespaces, experiments. */
export function isDns1123Label(value: string): boolean {
  return dns1123LabelErrors(value).length === 0;
}

/** Kubernetes DNS-1123 subdomain: what a ServiceAccount name must be. */
export function isDns1123Subdomain(value: string): boolean {
  return typeof value === 'string' && dns1123SubdomainErrors(value).length === 0;
}

/** Kubernetes DNS-1035 label: what a Service name must be. */
export function isDns1035Label(value: string): boolean {
  return dns1035LabelErrors(value).length === 0;
}

/** RFC 7230 token: the header names Istio accepts in matches. */
export function isHttpToken(value: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value);
}
