package dev.cloudnative.storage;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The version of a stored value: a hybrid logical clock timestamp (milliseconds since the epoch in
 * the upper 48 bits, a logical counter in the lower 16) and the id of the writer that produced it.
 * Versions are totally ordered (timestamp, then writer id unsigned); last-write-wins keeps the
 * larger one. Immutable.
 *
 * @param timestamp HLC timestamp, see {@link #physicalMillis()}
 * @param writer the writer id (unique per store instance)
 */
public record Version(long timestamp, long writer) implements Comparable<Version> {
  /** Length of {@link #toHex()}: 16 hex digits of timestamp and 16 of writer. */
  public static final int HEX_LENGTH = 32;

  public Version {
    if (timestamp < 0) {
      throw new InvalidRequestException("version timestamp must be >= 0, found " + timestamp);
    }
  }

  /** The wall-clock part of the timestamp, in epoch milliseconds. */
  public long physicalMillis() {
    return timestamp >>> 16;
  }

  /** True when this version is strictly newer than {@code other}. */
  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Version o) {
    int c = Long.compare(timestamp, o.timestamp);
    return c != 0 ? c : Long.compareUnsigned(writer, o.writer);
  }

  /**
   * Fixed-width lower-case hex, so that comparing two encodings as strings (or chunk by chunk in a
   * Redis Lua script) orders them exactly like {@link #compareTo}.
   */
  public String toHex() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(timestamp) + hex.toHexDigits(writer);
  }

  /** Parses {@link #toHex()}. */
  public static Version fromHex(CharSequence s) {
    Objects.requireNonNull(s, "s");
    if (s.length() != HEX_LENGTH || !s.chars().allMatch(HexFormat::isHexDigit)) {
      throw new InvalidRequestException(
          "version must be "
              + HEX_LENGTH
              + " hex digits (16 of timestamp, 16 of writer), found '"
              + s
              + "'");
    }
    return new Version(
        HexFormat.fromHexDigitsToLong(s, 0, 16), HexFormat.fromHexDigitsToLong(s, 16, 32));
  }
}
