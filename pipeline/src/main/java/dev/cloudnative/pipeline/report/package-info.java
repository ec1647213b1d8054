/**
 * Reports of a finished (or running) run as JSON, JUnit XML or console text: {@link
 * dev.cloudnative.pipeline.report.ReportFormat}. Written without third-party libraries.
 */
package dev.cloudnative.pipeline.report;
