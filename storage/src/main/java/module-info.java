/**
 * The CloudNative SDK's storage module: every package is exported (storage has no internal
 * package). Lettuce stays an implementation detail of {@code RedisNode}: no API type exposes it.
 */
module dev.cloudnative.storage {
  requires org.slf4j;
  requires lettuce.core;
  // StoreConfig's builder takes a MeterRegistry and an ObservationRegistry: API types.
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  // KeyValues, the observations' low-cardinality key values, built once per operation.
  requires micrometer.commons;

  exports dev.cloudnative.storage;
  exports dev.cloudnative.storage.hash;
  exports dev.cloudnative.storage.node;
  exports dev.cloudnative.storage.replication;
}
