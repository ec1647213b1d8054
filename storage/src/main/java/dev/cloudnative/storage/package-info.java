/** CloudNative SDK storage module. */
package dev.cloudnative.storage;
