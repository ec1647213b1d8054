/**
 * The CloudNative SDK's storage module: every package is exported (storage has no internal
 * package). Lettuce stays an implementation detail of {@code RedisNode}: no API type exposes it.
 */
module dev.cloudnative.storage {
  requires org.slf4j;
  requires lettuce.core;

  exports dev.cloudnative.storage;
  exports dev.cloudnative.storage.hash;
  exports dev.cloudnative.storage.node;
  exports dev.cloudnative.storage.replication;
}
