package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.RolloutVerdict.State;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pulumi's readiness rules row by row: {@link ServiceStatus#verdict()} (the {@code Service} page of
 * pulumi-kubernetes' API docs) and {@link PersistentVolumeClaimStatus#verdict()} ({@code
 * untilCoreV1PersistentVolumeClaimReady}, pulumi-kubernetes#3130).
 */
class ReadinessVerdictTest {

  /** type, selector, endpoints exist, ready, not ready, ingress, verdict, message. */
  static Stream<Arguments> services() {
    return Stream.of(
        Arguments.of("ExternalName", false, false, 0, 0, List.of(), State.DONE, "nothing to wait"),
        Arguments.of("ClusterIP", true, false, 0, 0, List.of(), State.WAITING, "no Endpoints"),
        Arguments.of("ClusterIP", true, true, 0, 2, List.of(), State.WAITING, "(2 not ready)"),
        Arguments.of("ClusterIP", true, true, 1, 1, List.of(), State.WAITING, "1 of 2 endpoints"),
        Arguments.of("ClusterIP", true, true, 2, 0, List.of(), State.DONE, "2 ready endpoints"),
        // without a selector someone else manages the endpoints: not waited on
        Arguments.of("ClusterIP", false, false, 0, 0, List.of(), State.DONE, "is ready"),
        Arguments.of("NodePort", true, true, 1, 0, List.of(), State.DONE, "1 ready endpoints"),
        Arguments.of("LoadBalancer", true, true, 1, 0, List.of(), State.WAITING, "external IP"),
        Arguments.of(
            "LoadBalancer", true, true, 1, 0, List.of("lb.example"), State.DONE, "lb.example"),
        // endpoints come first: a load balancer with an ingress still waits for ready pods
        Arguments.of("LoadBalancer", true, true, 0, 0, List.of("1.2.3.4"), State.WAITING, "Pods"),
        Arguments.of("LoadBalancer", false, false, 0, 0, List.of(), State.WAITING, "external"));
  }

  @ParameterizedTest
  @MethodSource("services")
  void theServiceVerdictIsPulumis(
      String type,
      boolean selector,
      boolean endpointsExist,
      int ready,
      int notReady,
      List<String> ingress,
      State expected,
      String message) {
    ServiceStatus s =
        new ServiceStatus(
            "ns", "web", type, selector, false, endpointsExist, ready, notReady, ingress, false);
    assertThat(s.verdict().state()).isEqualTo(expected);
    assertThat(s.describe()).contains(message).contains("service \"ns/web\"");
    assertThat(s.complete()).isEqualTo(expected == State.DONE);
  }

  /** backends without endpoints, ingress, verdict, message. */
  static Stream<Arguments> ingresses() {
    return Stream.of(
        Arguments.of(List.of("api"), List.of("1.2.3.4"), State.WAITING, "backend services [api]"),
        Arguments.of(List.of(), List.of(), State.WAITING, "status.loadBalancer.ingress"),
        Arguments.of(List.of(), List.of("lb.example"), State.DONE, "is ready at lb.example"));
  }

  @ParameterizedTest
  @MethodSource("ingresses")
  void theIngressVerdictIsPulumis(
      List<String> missing, List<String> ingress, State expected, String message) {
    IngressStatus s =
        new IngressStatus("ns", "shop", List.of("web", "api"), missing, ingress, false);
    assertThat(s.verdict().state()).isEqualTo(expected);
    assertThat(s.describe()).contains(message).contains("ingress \"ns/shop\"");
  }

  /** generation, observed, healthy, desired, verdict, message. */
  static Stream<Arguments> budgets() {
    return Stream.of(
        Arguments.of(2, 1, 3, 1, State.WAITING, "spec update to be observed"),
        Arguments.of(2, 2, 1, 2, State.WAITING, "Budget not met. healthy replicas: 1/2"),
        Arguments.of(2, 2, 2, 2, State.DONE, "Budget is met"),
        Arguments.of(1, 1, 0, 0, State.DONE, "Budget is met"));
  }

  @ParameterizedTest
  @MethodSource("budgets")
  void theBudgetVerdictIsKstatuss(
      long generation, long observed, int healthy, int desired, State expected, String message) {
    PodDisruptionBudgetStatus s =
        new PodDisruptionBudgetStatus(
            "ns", "web", generation, observed, healthy, healthy, desired, healthy - desired);
    assertThat(s.verdict().state()).isEqualTo(expected);
    assertThat(s.describe()).contains(message).contains("poddisruptionbudget \"ns/web\"");
  }

  /** phase, binding mode, verdict, message. */
  static Stream<Arguments> claims() {
    return Stream.of(
        Arguments.of("Bound", Optional.empty(), State.DONE, "is Bound to pv-1"),
        Arguments.of(
            "Bound", Optional.of(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER), State.DONE, "Bound"),
        Arguments.of("Pending", Optional.empty(), State.WAITING, "to be Bound (phase Pending)"),
        Arguments.of(
            "Pending", Optional.of(VolumeBindingMode.IMMEDIATE), State.WAITING, "to be Bound"),
        Arguments.of(
            "Pending",
            Optional.of(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER),
            State.DONE,
            "Pending until a pod uses it"),
        Arguments.of(null, Optional.empty(), State.WAITING, "to be Bound"),
        Arguments.of("Lost", Optional.empty(), State.FAILED, "is Lost"));
  }

  @ParameterizedTest
  @MethodSource("claims")
  void theClaimVerdictIsPulumis(
      String phase, Optional<VolumeBindingMode> mode, State expected, String message) {
    PersistentVolumeClaimStatus s =
        new PersistentVolumeClaimStatus(
            "ns",
            "data",
            PersistentVolumeClaimStatus.Phase.fromApiName(phase),
            Optional.of("fast"),
            mode,
            Optional.of("pv-1"),
            Optional.empty(),
            "1Gi");
    assertThat(s.verdict().state()).isEqualTo(expected);
    assertThat(s.describe()).contains(message).contains("persistentvolumeclaim \"ns/data\"");
  }
}
