package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import dev.cloudnative.storage.node.FileNode;
import dev.cloudnative.storage.node.FsyncPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A file node that can be restarted on an empty disk: {@link #restartEmpty()} opens a fresh log in
 * a new directory under the same id and drops the old one, as a process that lost its volume would
 * come back. Thread-safe (the current node is a volatile reference).
 */
final class RestartableFileNode implements StorageNode {
  private final String id;
  private final Path base;
  private int generation;
  private volatile FileNode node;

  RestartableFileNode(String id, Path base) {
    this.id = id;
    this.base = base;
    this.node = open();
  }

  private FileNode open() {
    return FileNode.builder(id, base.resolve(id + "-" + generation))
        .fsync(FsyncPolicy.NEVER)
        .open();
  }

  synchronized void restartEmpty() {
    FileNode old = node;
    generation++;
    node = open();
    old.close();
  }

  FileNode current() {
    return node;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean putIfNewer(byte[] key, VersionedValue value) {
    return node.putIfNewer(key, value);
  }

  @Override
  public Optional<VersionedValue> get(byte[] key) {
    return node.get(key);
  }

  @Override
  public boolean removeIfVersion(byte[] key, Version version) {
    return node.removeIfVersion(key, version);
  }

  @Override
  public void forEach(BiConsumer<byte[], VersionedValue> action) {
    node.forEach(action);
  }

  @Override
  public boolean putHint(String target, byte[] key, VersionedValue value) {
    return node.putHint(target, key, value);
  }

  @Override
  public List<Hint> hints(String target, int max) {
    return node.hints(target, max);
  }

  @Override
  public boolean removeHint(String target, byte[] key, Version version) {
    return node.removeHint(target, key, version);
  }

  @Override
  public Set<String> hintTargets() {
    return node.hintTargets();
  }

  @Override
  public long hintCount() {
    return node.hintCount();
  }

  @Override
  public Optional<Incarnation> incarnation() {
    return node.incarnation();
  }

  @Override
  public void writeIncarnation(Incarnation incarnation) {
    node.writeIncarnation(incarnation);
  }

  @Override
  public void ping() {
    node.ping();
  }

  @Override
  public void close() {
    node.close();
  }
}
