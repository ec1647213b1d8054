/**
 * Account lifecycle and throttled authentication; not API, use the interfaces of the root package.
 */
package dev.cloudnative.security.internal;
