package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.RegistryAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The application spec: defaults, validation where a value is given, and immutability. */
class AppSpecTest {

  @Test
  void onlyTheImageIsRequiredAndEverythingElseHasItsDefault() {
    AppSpec spec = AppSpec.named("shop").image("shop:1.0").build();

    assertThat(spec.name()).isEqualTo("shop");
    assertThat(spec.image()).isEqualTo("shop:1.0");
    assertThat(spec.buildContext()).isEmpty();
    assertThat(spec.push()).isFalse();
    assertThat(spec.pushAuth()).isEmpty();
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.port()).isEqualTo(80);
    assertThat(spec.targetPort()).isEqualTo(8080);
    assertThat(spec.env()).isEmpty();
    assertThat(spec.config()).isEmpty();
    assertThat(spec.namespace()).isEmpty();
    assertThat(spec.rolloutTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> AppSpec.named("shop").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("application 'shop' has no image: call image(...) before build()");
  }

  @Test
  void nullIsRefusedWithTheParameterName() {
    AppSpec.Builder b = AppSpec.named("shop");
    assertThatThrownBy(() -> AppSpec.named(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> b.image(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("image");
    assertThatThrownBy(() -> b.buildFrom(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("contextDir");
    assertThatThrownBy(() -> b.pushWith(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("auth");
    assertThatThrownBy(() -> b.env(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> b.env("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> b.config("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> b.namespace(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("namespace");
    assertThatThrownBy(() -> b.rolloutTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rolloutTimeout");
  }

  @Test
  void badValuesSayWhatWasGivenAndWhatIsAllowed() {
    AppSpec.Builder b = AppSpec.named("shop");
    assertThatThrownBy(() -> AppSpec.named("Bad_Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Bad_Name'")
        .hasMessageContaining("DNS-1123");
    assertThatThrownBy(() -> AppSpec.named("a".repeat(54)))
        .hasMessageContaining("at most 53 characters");
    assertThatThrownBy(() -> b.image(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image reference was ' '; allowed a non-blank reference");
    assertThatThrownBy(() -> b.replicas(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replicas was -1; allowed 0 or more");
    assertThatThrownBy(() -> b.expose(0, 8080))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port was 0; allowed 1..65535");
    assertThatThrownBy(() -> b.expose(80, 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetPort was 65536; allowed 1..65535");
    assertThatThrownBy(() -> b.namespace(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("namespace was ''; allowed a non-blank namespace name");
    assertThatThrownBy(() -> b.rolloutTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rollout timeout was PT0S; allowed a positive duration");
    // a refused value left the builder as it was
    AppSpec spec = b.image("shop:1.0").build();
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.port()).isEqualTo(80);
    assertThat(spec.targetPort()).isEqualTo(8080);
  }

  @Test
  void theConstructorChecksWhatTheBuilderChecks() {
    assertThatThrownBy(() -> spec("shop", "shop:1.0", false, Optional.of(auth()), 1, 80, 8080))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pushAuth was given with push false");
    assertThatThrownBy(() -> spec("shop", "shop:1.0", false, Optional.empty(), -2, 80, 8080))
        .hasMessage("replicas was -2; allowed 0 or more");
    assertThatThrownBy(() -> spec("shop", "shop:1.0", false, Optional.empty(), 1, 80, 0))
        .hasMessage("targetPort was 0; allowed 1..65535");
    assertThatThrownBy(() -> spec("-shop", "shop:1.0", false, Optional.empty(), 1, 80, 8080))
        .hasMessageContaining("DNS-1123");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("k", null);
    assertThatThrownBy(
            () ->
                new AppSpec(
                    "shop",
                    "shop:1.0",
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    1,
                    80,
                    8080,
                    withNull,
                    Map.of(),
                    Optional.empty(),
                    Duration.ofMinutes(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("env value of k");
  }

  @Test
  void aBuiltSpecNeverChangesAndToBuilderMakesAChangedCopy() {
    AppSpec.Builder builder =
        AppSpec.named("shop")
            .image("shop:1.0")
            .replicas(2)
            .env("B", "2")
            .env("A", "1")
            .config("greeting", "hello");
    AppSpec first = builder.build();

    builder.replicas(5).env("C", "3").config("greeting", "bye");
    AppSpec changed = first.toBuilder().replicas(3).withoutConfig("greeting").build();

    assertThat(first.replicas()).isEqualTo(2);
    assertThat(first.env()).containsExactly(Map.entry("B", "2"), Map.entry("A", "1"));
    assertThat(first.config()).containsExactly(Map.entry("greeting", "hello"));
    assertThat(first)
        .isEqualTo(
            AppSpec.named("shop")
                .image("shop:1.0")
                .replicas(2)
                .env("B", "2")
                .env("A", "1")
                .config("greeting", "hello")
                .build());
    assertThat(changed.replicas()).isEqualTo(3);
    assertThat(changed.config()).isEmpty();
    assertThat(changed.env()).isEqualTo(first.env());
    assertThat(builder.build().replicas()).isEqualTo(5);
    assertThatThrownBy(() -> first.env().put("X", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.config().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theConstructorCopiesTheMapsItIsGiven() {
    Map<String, String> env = new HashMap<>(Map.of("K", "V"));
    AppSpec spec =
        new AppSpec(
            "shop",
            "shop:1.0",
            Optional.empty(),
            false,
            Optional.empty(),
            1,
            80,
            8080,
            env,
            Map.of(),
            Optional.empty(),
            Duration.ofMinutes(1));

    env.put("K", "changed");

    assertThat(spec.env()).containsExactly(Map.entry("K", "V"));
  }

  @Test
  void pushAndBuildSettingsAndPrebuiltUndoingThem() {
    AppSpec pushed =
        AppSpec.named("shop")
            .buildFrom(Path.of("shop"))
            .image("localhost:5000/shop:1.0")
            .pushWith(auth())
            .build();
    assertThat(pushed.push()).isTrue();
    assertThat(pushed.pushAuth()).contains(auth());
    assertThat(pushed.buildContext()).contains(Path.of("shop"));
    assertThat(pushed.toString()).contains("push as me").doesNotContain("s3cret");
    assertThat(pushed.toBuilder().push().build().pushAuth()).isEmpty();

    AppSpec prebuilt = pushed.toBuilder().prebuilt().build();
    assertThat(prebuilt.push()).isFalse();
    assertThat(prebuilt.pushAuth()).isEmpty();
    assertThat(prebuilt.buildContext()).isEmpty();
    assertThat(prebuilt.image()).isEqualTo("localhost:5000/shop:1.0");
  }

  private static RegistryAuth auth() {
    return new RegistryAuth("localhost:5000", "me", "s3cret");
  }

  private static AppSpec spec(
      String name,
      String image,
      boolean push,
      Optional<RegistryAuth> auth,
      int replicas,
      int port,
      int targetPort) {
    return new AppSpec(
        name,
        image,
        Optional.empty(),
        push,
        auth,
        replicas,
        port,
        targetPort,
        Map.of(),
        Map.of(),
        Optional.empty(),
        Duration.ofMinutes(1));
  }
}
