/**
 * The CloudNative SDK's pipeline module. Every package is exported except `internal`, whose public
 * classes serve the module's own packages and are not API.
 */
module dev.cloudnative.pipeline {
  requires org.slf4j;
  // LocalRunnerConfig takes a MeterRegistry and an ObservationRegistry: users read Micrometer
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires org.snakeyaml.engine.v2;

  exports dev.cloudnative.pipeline;
  // not exported: dev.cloudnative.pipeline.internal, implementation shared by this module
  exports dev.cloudnative.pipeline.local;
  exports dev.cloudnative.pipeline.report;
  exports dev.cloudnative.pipeline.yaml;
}
