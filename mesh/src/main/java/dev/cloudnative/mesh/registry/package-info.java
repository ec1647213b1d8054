/** The in-memory endpoint registry. */
package dev.cloudnative.mesh.registry;
