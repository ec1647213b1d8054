/** CloudNative SDK docker module. */
package dev.cloudnative.docker;
