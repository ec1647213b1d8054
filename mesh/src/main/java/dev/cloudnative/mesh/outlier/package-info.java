/** Outlier detection: ejecting endpoints that fail more than their peers, for a growing time. */
package dev.cloudnative.mesh.outlier;
