/** CloudNative SDK pipeline module. */
package dev.cloudnative.pipeline;
