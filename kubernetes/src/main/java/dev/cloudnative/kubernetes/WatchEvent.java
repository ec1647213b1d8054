package dev.cloudnative.kubernetes;

/**
 * One change seen by a watch.
 *
 * <p>Immutable (when {@code T} is) and therefore thread-safe.
 *
 * @param type what happened
 * @param object the resource's state after the change (before it, for {@link Type#DELETED})
 */
public record WatchEvent<T>(Type type, T object) {

  /** The change type. Immutable enum, thread-safe. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }
}
