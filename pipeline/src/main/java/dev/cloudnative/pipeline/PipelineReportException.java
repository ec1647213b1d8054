package dev.cloudnative.pipeline;

import java.nio.file.Path;

/** A report could not be written. Immutable, thread-safe. */
public class PipelineReportException extends PipelineException {
  private final Path file;

  /** Writing {@code file} for {@code pipeline} failed with {@code cause}. */
  public PipelineReportException(String pipeline, Path file, Throwable cause) {
    super(
        pipeline,
        "cannot write report " + file + " of pipeline '" + pipeline + "': " + cause.getMessage(),
        cause);
    this.file = file;
  }

  /** The file that could not be written. */
  public Path file() {
    return file;
  }
}
