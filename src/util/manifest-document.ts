/** One YAML document read from a file (or produced by synthesis). */
export interface ManifestDocument {
  /** File path as given by the user (or a synthetic name such as `<synth>`). */
  readonly file: string;
  /** 0-based index of the document within its file. */
  readonly index: number;
  /** The parsed object. */
  readonly object: any;
}
