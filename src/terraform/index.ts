export * from './terraform-manifests';
