/**
 * {@link dev.cloudnative.kubernetes.Cluster} over the fabric8 kubernetes-client with the JDK
 * HttpClient.
 */
package dev.cloudnative.kubernetes.fabric8;
