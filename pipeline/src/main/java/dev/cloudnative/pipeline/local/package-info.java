/**
 * The local runner: {@link dev.cloudnative.pipeline.local.LocalPipelineRunner} schedules the stage
 * DAG on this machine, runs process steps as child processes (stdout and stderr drained
 * concurrently, process trees killed on timeout or cancel) and Java steps on their own threads.
 * Configure it with {@link dev.cloudnative.pipeline.local.LocalRunnerConfig}.
 */
package dev.cloudnative.pipeline.local;
