/** CloudNative SDK core module. */
package dev.cloudnative.core;
