/**
 * Reads pipelines written in YAML, in the spirit of GitHub Actions, into the same model the builder
 * produces: {@link dev.cloudnative.pipeline.yaml.YamlPipelineReader}.
 */
package dev.cloudnative.pipeline.yaml;
