package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure of a workflow step: its message, its null checks and its serialized form. */
class DeployExceptionTest {

  @Test
  void namesTheApplicationTheStepAndWhatCompletedBefore() {
    DeployException e =
        new DeployException(
            "shop",
            "await-rollout",
            List.of("namespace", "apply-deploy"),
            new RuntimeException("x"));

    assertThat(e)
        .hasMessage(
            "application 'shop': step 'await-rollout' failed after namespace, apply-deploy: x");
    assertThat(e.application()).isEqualTo("shop");
    assertThat(e.step()).isEqualTo("await-rollout");
    assertThat(e.completedSteps()).containsExactly("namespace", "apply-deploy");
    assertThatThrownBy(() -> new DeployException(null, "s", List.of(), new RuntimeException()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("application");
    assertThatThrownBy(() -> new DeployException("shop", "s", null, new RuntimeException()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("completedSteps");
  }

  @Test
  void keepsItsStepsAcrossSerialization() throws Exception {
    DeployException sent =
        new DeployException(
            "shop", "push-image", List.of("build-image"), new RuntimeException("x"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sent);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      DeployException received = (DeployException) in.readObject();
      assertThat(received.completedSteps()).containsExactly("build-image");
      assertThat(received.step()).isEqualTo("push-image");
      assertThat(received).hasMessage(sent.getMessage());
    }
  }
}
