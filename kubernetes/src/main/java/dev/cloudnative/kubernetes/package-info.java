/** CloudNative SDK kubernetes module. */
package dev.cloudnative.kubernetes;
