/** Role-based authorization of verified access tokens. */
package dev.cloudnative.security.rbac;
