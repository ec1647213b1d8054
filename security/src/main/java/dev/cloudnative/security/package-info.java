/** CloudNative SDK security module. */
package dev.cloudnative.security;
