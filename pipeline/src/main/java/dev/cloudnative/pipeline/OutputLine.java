package dev.cloudnative.pipeline;

import java.util.Objects;

/**
 * One line a step wrote, without its line terminator. Immutable record, thread-safe.
 *
 * @param channel the stream the line came from
 * @param text the line's text
 */
public record OutputLine(OutputChannel channel, String text) {
  /** Validates the components. */
  public OutputLine {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(text, "text");
  }
}
