package dev.cloudnative.pipeline.report;

import dev.cloudnative.pipeline.PipelineReportException;
import dev.cloudnative.pipeline.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Renders a {@link RunStatus} as a report: {@link #json()} for tools, {@link #junitXml()} for CI
 * servers (Jenkins, GitLab, GitHub test reporters: one test suite per stage, one test case per
 * step) and {@link #text()} for consoles. Implementations are stateless and thread-safe.
 */
public interface ReportFormat {

  /**
   * A JSON document with every stage, step, status, duration, exit code, output tail and output.
   */
  static ReportFormat json() {
    return JsonReport.INSTANCE;
  }

  /**
   * A JUnit XML document: {@code <testsuites>} per run, {@code <testsuite>} per stage, {@code
   * <testcase>} per step.
   */
  static ReportFormat junitXml() {
    return JUnitXmlReport.INSTANCE;
  }

  /** A human-readable table. */
  static ReportFormat text() {
    return TextReport.INSTANCE;
  }

  /**
   * The run a {@link #json()} report describes, read back, e.g. to re-run what failed in it with
   * {@link dev.cloudnative.pipeline.PipelineRunner#rerunFailed}. A step's start time, which the
   * report does not hold, comes back empty.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON report, naming the offset or the
   *     field
   */
  static RunStatus parseJson(String json) {
    return JsonReportParser.parse(java.util.Objects.requireNonNull(json, "json"));
  }

  /**
   * Reads a {@link #json()} report file back (see {@link #parseJson(String)}).
   *
   * @throws PipelineReportException if the file cannot be read
   * @throws IllegalArgumentException if it is not a JSON report
   */
  static RunStatus readJson(Path file) {
    String json;
    try {
      json =
          Files.readString(java.util.Objects.requireNonNull(file, "file"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineReportException("?", file, "cannot read report " + file, e);
    }
    try {
      return parseJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The report as a string. */
  String render(RunStatus run);

  /**
   * Writes the report to {@code file} (UTF-8) atomically: readers see either the old or the new
   * file.
   *
   * @throws PipelineReportException if the file cannot be written
   */
  default void write(RunStatus run, Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, render(run), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new PipelineReportException(run.pipeline(), file, e);
    }
  }
}
