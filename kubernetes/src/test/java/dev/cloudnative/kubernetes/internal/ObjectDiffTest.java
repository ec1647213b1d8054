package dev.cloudnative.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.FieldChange;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared comparison, canonical form and managedFields reading, on hand-made trees. */
class ObjectDiffTest {

  private static List<String> paths(List<ObjectDiff.Difference> d) {
    return d.stream().map(ObjectDiff.Difference::path).toList();
  }

  @Test
  void keysWithSlashesAreEscapedAsInJsonPointer() {
    var d =
        ObjectDiff.full(
            Map.of("metadata", Map.of("labels", Map.of("app.kubernetes.io/name", "a", "x~y", 1L))),
            Map.of("metadata", Map.of("labels", Map.of("app.kubernetes.io/name", "b", "x~y", 2L))));
    assertThat(paths(d))
        .containsExactlyInAnyOrder(
            "/metadata/labels/app.kubernetes.io~1name", "/metadata/labels/x~0y");
  }

  @Test
  void namedListItemsAreComparedByNameAndOthersByIndexOrWhole() {
    Map<String, Object> before =
        Map.of(
            "env", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "2")),
            "ports", List.of(Map.of("containerPort", 80L)),
            "args", List.of("x"));
    Map<String, Object> after =
        Map.of(
            "env", List.of(Map.of("name", "B", "value", "3"), Map.of("name", "C", "value", "4")),
            "ports", List.of(Map.of("containerPort", 81L)),
            "args", List.of("x", "y"));
    var d = ObjectDiff.full(before, after);
    assertThat(paths(d))
        .containsExactlyInAnyOrder(
            "/env[name=A]/name",
            "/env[name=A]/value",
            "/env[name=B]/value",
            "/env[name=C]/name",
            "/env[name=C]/value",
            "/ports/0/containerPort",
            "/args");
    assertThat(d)
        .contains(
            new ObjectDiff.Difference(
                "/args", Optional.of(List.of("x")), Optional.of(List.of("x", "y"))));
  }

  @Test
  void aScopeLeavesOtherWritersFieldsAlone() {
    Map<String, Object> live =
        Map.of("spec", Map.of("replicas", 5L, "clusterIP", "10.0.0.1", "paused", true));
    Map<String, Object> desired = Map.of("spec", Map.of("replicas", 2L));
    Map<String, Object> lastApplied = Map.of("spec", Map.of("replicas", 2L, "paused", true));

    assertThat(paths(ObjectDiff.within(live, desired, desired))).containsExactly("/spec/replicas");
    assertThat(paths(ObjectDiff.within(live, desired, ObjectDiff.union(desired, lastApplied))))
        .containsExactlyInAnyOrder("/spec/replicas", "/spec/paused");
  }

  @Test
  void theCanonicalTreeDropsServerFieldsTheRecordAndSecretValues() {
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("creds")
            .withResourceVersion("12")
            .withUid("u-1")
            .withGeneration(3L)
            .withCreationTimestamp("2030-01-01T00:00:00Z")
            .withAnnotations(Map.of(LastApplied.ANNOTATION, "{}"))
            .withLabels(Map.of())
            .endMetadata()
            .withData(Map.of("password", "aHVudGVyMg=="))
            .withStringData(Map.of("user", "admin"))
            .build();

    Map<String, Object> tree = ObjectTree.of(secret);

    assertThat(tree.get("metadata")).isEqualTo(Map.of("name", "creds"));
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) tree.get("data");
    assertThat(data).containsOnlyKeys("password", "user").doesNotContainKey("stringData");
    assertThat(data.get("password").toString()).startsWith("sha256:").doesNotContain("aHVudGVy");
    assertThat(ObjectTree.canonical(ObjectTree.parse(ObjectTree.json(tree)).orElseThrow()))
        .isEqualTo(tree);
    assertThat(
            ObjectDiff.changes(
                ObjectDiff.full(Map.of("kind", "Secret"), tree), ObjectTree.isSecret(tree)))
        .filteredOn(c -> c.path().startsWith("/data/"))
        .extracting(FieldChange::after)
        .containsOnly(Optional.of(FieldChange.REDACTED));
  }

  @Test
  void theOwnerIsTheNewestEntryHoldingThePathOrAnAtomicAncestor() {
    Map<String, Object> sdk =
        Map.of(
            "manager", "cloudnative",
            "time", "2030-01-01T00:00:00Z",
            "fieldsV1",
                Map.of(
                    "f:spec",
                    Map.of(
                        "f:replicas", Map.of(),
                        "f:containers",
                            Map.of(
                                "k:{\"name\":\"web\"}", Map.of(".", Map.of(), "f:image", Map.of())),
                        "f:args", Map.of())));
    Map<String, Object> edit =
        Map.of(
            "manager", "kubectl-edit",
            "time", "2030-01-01T00:05:00Z",
            "fieldsV1", Map.of("f:spec", Map.of("f:replicas", Map.of())));
    List<Map<String, Object>> entries = List.of(sdk, edit);

    assertThat(ManagedFields.managerOf(entries, "/spec/replicas")).contains("kubectl-edit");
    assertThat(ManagedFields.managerOf(entries, "/spec/containers[name=web]/image"))
        .contains("cloudnative");
    assertThat(ManagedFields.managerOf(entries, "/spec/args/0")).contains("cloudnative");
    assertThat(ManagedFields.managerOf(entries, "/spec/containers[name=db]/image")).isEmpty();
    assertThat(ManagedFields.managerOf(List.of(), "/spec/replicas")).isEmpty();
    assertThat(ManagedFields.segments("/metadata/labels/app.kubernetes.io~1name"))
        .containsExactly("metadata", "labels", "app.kubernetes.io/name");
    assertThat(ManagedFields.segments("/spec/containers[name=web]/env[name=A]/value"))
        .containsExactly("spec", "containers", "[name=web]", "env", "[name=A]", "value");
  }

  @Test
  void theRecordIsTheCanonicalObjectAndIsLeftOutWhenTooLarge() {
    var small =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .withNamespace("ns")
            .endMetadata()
            .withData(Map.of("level", "info"))
            .build();
    LastApplied.annotate(small);
    assertThat(LastApplied.of(small)).contains(ObjectTree.of(small));
    assertThat(small.getMetadata().getAnnotations().get(LastApplied.ANNOTATION))
        .contains("\"level\":\"info\"");

    var large =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("big")
            .withAnnotations(Map.of(LastApplied.ANNOTATION, "{}", "team", "a"))
            .endMetadata()
            .withData(Map.of("blob", "x".repeat(LastApplied.MAX_RECORD)))
            .build();
    LastApplied.annotate(large);
    assertThat(large.getMetadata().getAnnotations()).containsOnlyKeys("team");
    assertThat(LastApplied.of(large)).isEmpty();
  }
}
