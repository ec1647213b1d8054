/** CloudNative SDK mesh module. */
package dev.cloudnative.mesh;
