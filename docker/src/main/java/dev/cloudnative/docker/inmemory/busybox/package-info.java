/**
 * The applets of the in-memory {@link dev.cloudnative.docker.inmemory.Busybox}: one small class per
 * applet, each a Java model of the BusyBox 1.35 applet of the same name (options, output, exit
 * codes) over the container's {@link dev.cloudnative.docker.inmemory.ProgramContext}. {@link
 * dev.cloudnative.docker.inmemory.busybox.Applets} is the table and the multi-call dispatch.
 */
package dev.cloudnative.docker.inmemory.busybox;
