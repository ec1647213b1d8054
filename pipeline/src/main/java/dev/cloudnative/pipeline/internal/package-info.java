/** Implementation details shared by the model; not API, may change without notice. */
package dev.cloudnative.pipeline.internal;
