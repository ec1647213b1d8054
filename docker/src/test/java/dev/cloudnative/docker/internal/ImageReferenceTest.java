package dev.cloudnative.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.docker.InvalidSpecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Docker's reference grammar; the valid and invalid cases follow distribution/reference's own
 * tests.
 */
class ImageReferenceTest {
  private static final String HEX =
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

  @Test
  void acceptsWhatDockerAccepts() {
    for (String ok :
        List.of(
            "test_com",
            "test.com:tag",
            "test.com:5000",
            "test.com/repo:tag",
            "test:5000/repo",
            "test:5000/repo:tag",
            "test:5000/repo@sha256:" + HEX,
            "test:5000/repo:tag@sha256:" + HEX,
            "lowercase:Uppercase",
            "sub-dom1.foo.com/bar/baz/quux",
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            "b.gcr.io/test.example.com/my-app:test.example.com",
            "xn--n3h.com/myimage:xn--n3h.com",
            "foo_bar.com:8080",
            "foo/foo_bar.com:8080",
            "[2001:db8::1]:5000/repo",
            "[2001:db8::1]/repo:tag",
            "Registry.Local:5000/shop:1.0",
            "a__b/c-d--e",
            "localhost/x",
            "x@sha512:" + "a".repeat(128),
            "x@sha384:" + "a".repeat(96),
            "reg_istry.local/x",
            "a".repeat(255),
            "x:" + "t".repeat(128))) {
      assertThat(ImageReference.problem(ok)).as(ok).isNull();
      assertThat(Validate.imageRef("image", ok)).isEqualTo(ok);
    }
  }

  @Test
  void refusesWhatDockerRefusesSayingWhy() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("", "empty"),
            Map.entry(":justtag", "empty"),
            Map.entry("@sha256:" + HEX, "empty"),
            Map.entry("Uppercase:tag", "lower-case"),
            Map.entry("registry.local/Shop:1.0", "lower-case"),
            Map.entry("Shop:1.0", "lower-case"),
            Map.entry("aa/asdf$$^/aa", "path component 'asdf$$^'"),
            Map.entry("a".repeat(256), "at most 255"),
            Map.entry("x:" + "t".repeat(129), "at most 128"),
            Map.entry("x:.tag", "tag '.tag'"),
            Map.entry("repo@sha256:" + HEX + "f", "64 lower-case hex"),
            Map.entry("x@sha256:" + HEX.toUpperCase(), "upper-case"),
            Map.entry("validname@invaliddigest:" + HEX, "not supported"),
            Map.entry("x@sha256:abc", "at least 32"),
            Map.entry("a//b", "empty component"),
            Map.entry("a/b/", "empty component"),
            Map.entry("-a", "path component '-a'"),
            Map.entry("a_.b", "path component"),
            Map.entry("reg!stry.local:5000/x", "registry host 'reg!stry.local:5000'"));
    bad.forEach(
        (ref, why) -> {
          assertThat(ImageReference.problem(ref)).as(ref).isNotNull().contains(why);
          if (!ref.isEmpty()) {
            assertThatThrownBy(() -> Validate.imageRef("image", ref))
                .as(ref)
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("image '" + ref + "' is invalid: ")
                .hasMessageContaining(why)
                .hasMessageContaining(ImageReference.RULE);
          }
        });
  }

  @Test
  void splitsLikeDockerAndNamesTheRegistry() {
    assertThat(ImageReference.parse("registry.local/shop:1.0"))
        .isEqualTo(new ImageReference("registry.local", "shop", "1.0", ""));
    assertThat(ImageReference.parse("localhost:5000/team/x@sha256:" + HEX))
        .isEqualTo(new ImageReference("localhost:5000", "team/x", "", "sha256:" + HEX));
    assertThat(ImageReference.parse("team/x").registry()).isEqualTo("docker.io");
    assertThat(ImageReference.parse("Registry/x").registry()).isEqualTo("Registry");
    assertThat(ImageReference.parse("[::1]:5000/x:1").registry()).isEqualTo("[::1]:5000");
    assertThat(ImageReference.parse("docker.io/library/busybox").familiar())
        .isEqualTo("busybox:latest");
    assertThat(ImageReference.parse("docker.io/team/x:2").familiar()).isEqualTo("team/x:2");
    assertThat(ImageReference.parse("library/busybox:1").familiar()).isEqualTo("busybox:1");
    assertThat(ImageReference.parse("localhost:5000/x").familiar())
        .isEqualTo("localhost:5000/x:latest");
    assertThat(ImageReference.parse("r.local/x:1@sha256:" + HEX).repository())
        .isEqualTo("r.local/x");
    assertThatThrownBy(() -> ImageReference.parse("Shop:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case");
  }

  @Test
  void tagReferencesRefuseDigestsAndIdLookalikes() {
    assertThat(Validate.tagRef("tag", "registry.local/shop:1.0"))
        .isEqualTo("registry.local/shop:1.0");
    assertThatThrownBy(() -> Validate.tagRef("tag", "shop@sha256:" + HEX))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("digest is not allowed");
    assertThatThrownBy(() -> Validate.tagRef("tag", "a".repeat(64)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("64 hexadecimal");
    assertThat(Validate.imageRef("image", "sha256:" + "a".repeat(64))).startsWith("sha256:");
    assertThatThrownBy(() -> Validate.buildTags(List.of()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("at least one tag");
  }
}
