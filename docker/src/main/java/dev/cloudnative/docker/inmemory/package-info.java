/**
 * An in-process {@link dev.cloudnative.docker.ContainerEngine} for unit tests and embedded
 * examples: the same state machine (created, running, exited, removed), exit codes, logs, exec,
 * labels, ports, volumes, builds and a registry model, with container processes played by pluggable
 * Java {@link dev.cloudnative.docker.inmemory.ContainerProgram}s.
 */
package dev.cloudnative.docker.inmemory;
