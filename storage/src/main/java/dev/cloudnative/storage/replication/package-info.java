/** The Dynamo-style coordinator: quorums, read repair, hinted handoff, membership streaming. */
package dev.cloudnative.storage.replication;
