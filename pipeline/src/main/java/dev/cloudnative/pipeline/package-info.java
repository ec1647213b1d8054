/**
 * A CI/CD pipeline engine: a {@link dev.cloudnative.pipeline.Pipeline} is a DAG of {@link
 * dev.cloudnative.pipeline.Stage}s, each a sequence of {@link dev.cloudnative.pipeline.Step}s
 * (argument-list commands, explicit shell scripts, Java code, or container image + command),
 * executed by a {@link dev.cloudnative.pipeline.PipelineRunner}.
 *
 * <p>The model types in this package are immutable and thread-safe; the local runner lives in
 * {@code dev.cloudnative.pipeline.local}, the YAML reader in {@code dev.cloudnative.pipeline.yaml}
 * and the JSON / JUnit XML / text reports in {@code dev.cloudnative.pipeline.report}.
 */
package dev.cloudnative.pipeline;
