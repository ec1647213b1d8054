/**
 * Container steps of pipelines on the SDK's container engine: {@link
 * dev.cloudnative.core.pipeline.ContainerEngineStepExecutor} plugs a {@code ContainerEngine}
 * (Docker, Podman or the in-memory engine) into the pipeline module's local runner, which defines
 * the executor interface and knows no engine.
 */
package dev.cloudnative.core.pipeline;
