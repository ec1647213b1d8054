/** Allocation-free recorders behind the mesh's statistics snapshots. */
package dev.cloudnative.mesh.stats;
