package dev.cloudnative.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A value with its {@link Version}, or a tombstone recording a delete at that version. Nodes keep
 * tombstones until the store's grace period has passed, so that an older write replayed later
 * (hint, read repair) cannot resurrect a deleted key. Immutable as long as callers do not modify
 * the array they passed in or got from {@link #value()} (it is not copied, to keep the hot path
 * allocation-free).
 */
public final class VersionedValue {
  private static final byte[] EMPTY = new byte[0];
  private final Version version;
  private final byte[] value;
  private final boolean tombstone;

  private VersionedValue(Version version, byte[] value, boolean tombstone) {
    this.version = Objects.requireNonNull(version, "version");
    this.value = value;
    this.tombstone = tombstone;
  }

  /** A live value. */
  public static VersionedValue of(Version version, byte[] value) {
    return new VersionedValue(version, Objects.requireNonNull(value, "value"), false);
  }

  /** A delete marker. */
  public static VersionedValue tombstone(Version version) {
    return new VersionedValue(version, EMPTY, true);
  }

  public Version version() {
    return version;
  }

  /** The bytes (empty for a tombstone). */
  public byte[] value() {
    return value;
  }

  /** The value decoded as UTF-8. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  public boolean isTombstone() {
    return tombstone;
  }

  /** True when this is strictly newer than {@code other}. */
  public boolean isNewerThan(VersionedValue other) {
    return version.isNewerThan(other.version);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedValue v
        && v.tombstone == tombstone
        && v.version.equals(version)
        && Arrays.equals(v.value, value);
  }

  @Override
  public int hashCode() {
    return version.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return tombstone ? "tombstone@" + version : value.length + " bytes@" + version;
  }
}
