/** Validation and model mapping shared by the implementations; not a public API. */
package dev.cloudnative.kubernetes.internal;
