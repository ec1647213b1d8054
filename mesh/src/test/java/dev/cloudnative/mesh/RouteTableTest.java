package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private final RouteTable table =
      RouteTable.forService("reviews")
          .when(RequestMatch.headerExact("X-User", "jason"))
          .named("jason")
          .routeTo("v2")
          .when(RequestMatch.header("x-region", StringMatch.regex("eu-(west|north)-[0-9]")))
          .routeTo("v3")
          .when(RequestMatch.header("x-debug", StringMatch.present()))
          .fault(FaultInjection.delay(100, Duration.ofMillis(5)))
          .routeTo("v1")
          .otherwise()
          .split(Destination.of("v1", 80), Destination.of("v2", 20));

  @Test
  void firstMatchingRuleWins() {
    RouteRule rule =
        table.matchOrNull(
            MeshRequest.builder()
                .header("x-user", "jason")
                .header("x-region", "eu-west-1")
                .build());
    assertThat(rule.name()).isEqualTo("jason");
    assertThat(rule.subsetFor(0)).isEqualTo("v2");
  }

  @Test
  void regexAndPresenceMatches() {
    assertThat(
            table
                .matchOrNull(MeshRequest.builder().header("x-region", "eu-north-3").build())
                .subsetFor(0))
        .isEqualTo("v3");
    assertThat(
            table
                .matchOrNull(MeshRequest.builder().header("x-region", "eu-south-3").build())
                .name())
        .isEqualTo("default");
    assertThat(
            table
                .matchOrNull(MeshRequest.builder().header("x-debug", "").build())
                .fault()
                .delayPercent())
        .isEqualTo(100);
  }

  @Test
  void noMatchWithoutDefaultIsEmpty() {
    RouteTable strict =
        RouteTable.forService("x").when(RequestMatch.method("POST")).routeTo("v1").build();
    assertThat(strict.match(MeshRequest.empty())).isEmpty();
    assertThat(strict.match(MeshRequest.builder().method("post").build())).isPresent();
  }

  @Test
  void defaultRouteSplitsByTicket() {
    RouteRule rule = table.matchOrNull(MeshRequest.empty());
    assertThat(rule.totalWeight()).isEqualTo(100);
    assertThat(rule.subsetFor(79)).isEqualTo("v1");
    assertThat(rule.subsetFor(80)).isEqualTo("v2");
  }

  @Test
  void validationSaysWhatWasWrong() {
    assertThatThrownBy(() -> RouteTable.forService("x").otherwise().split(Destination.of("v1", 0)))
        .hasMessageContaining("weight 0");
    assertThatThrownBy(() -> Destination.of("v1", -1)).hasMessageContaining("was -1");
    assertThatThrownBy(() -> StringMatch.regex("("))
        .hasMessageContaining("Invalid regular expression");
    assertThatThrownBy(() -> FaultInjection.abort(150, 503)).hasMessageContaining("0..100");
    assertThat(MeshRequest.builder().header("X-Mixed", "1").build().header("X-MIXED"))
        .contains("1");
  }

  @Test
  void evaluationDoesNotAllocate() {
    MeshRequest request =
        MeshRequest.builder().header("x-region", "us-east-1").header("x-user", "bob").build();
    RouteTable plain =
        RouteTable.forService("reviews")
            .when(RequestMatch.headerExact("x-user", "jason"))
            .routeTo("v2")
            .when(RequestMatch.header("x-region", StringMatch.prefix("eu-")))
            .routeTo("v3")
            .otherwise()
            .split(Destination.of("v1", 80), Destination.of("v2", 20));
    dev.cloudnative.mesh.circuitbreaker.Allocations.assertNoAllocation(
        () -> {
          for (int i = 0; i < 20_000; i++) {
            plain.matchOrNull(request).subsetFor(i % 100);
          }
        });
  }
}
