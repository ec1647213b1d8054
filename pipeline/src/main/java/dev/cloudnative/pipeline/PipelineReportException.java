package dev.cloudnative.pipeline;

import java.nio.file.Path;

/** A report could not be written or read. Immutable, thread-safe. */
public class PipelineReportException extends PipelineException {
  private static final long serialVersionUID = 1L;
  // A Path is not serializable; its text is, and names the same file.
  private final String file;

  /** Writing {@code file} for {@code pipeline} failed with {@code cause}. */
  public PipelineReportException(String pipeline, Path file, Throwable cause) {
    super(
        pipeline,
        "cannot write report " + file + " of pipeline '" + pipeline + "': " + cause.getMessage(),
        cause);
    this.file = file.toString();
  }

  /** Reading or writing {@code file} for {@code pipeline} failed: {@code what}, then the cause. */
  public PipelineReportException(String pipeline, Path file, String what, Throwable cause) {
    super(pipeline, what + ": " + cause.getMessage(), cause);
    this.file = file.toString();
  }

  /** The file that could not be written or read. */
  public Path file() {
    return Path.of(file);
  }
}
