package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a {@link RoleSpec} ({@code rbac.authorization.k8s.io/v1} {@code PolicyRule}): the
 * verbs allowed on the resources of the API groups, optionally only on the named objects. Build it
 * as a sentence:
 *
 * <pre>{@code
 * PolicyRule read = PolicyRule.allowing("get", "list", "watch").on("pods", "pods/log").build();
 * PolicyRule scale = PolicyRule.allowing("patch").on("deployments/scale").inApiGroups("apps")
 *     .named("web").build();
 * }</pre>
 *
 * <p>The API groups default to the core group ({@code ""}). Verbs and resources must not be empty
 * (the API server's rule for resource rules); {@code "*"} stands for all of them. Every value is
 * checked when the rule is made, before any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param apiGroups the API groups ({@code ""} is the core group, {@code "*"} every group), not
 *     empty
 * @param resources resource names as the API spells them, plural and lower-case ({@code pods}, a
 *     subresource {@code pods/log}, or {@code "*"}), not empty
 * @param verbs {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code
 *     patch}, {@code delete}, {@code deletecollection}, another lower-case verb, or {@code "*"}
 * @param resourceNames the objects the rule is limited to; empty for every object
 */
public record PolicyRule(
    List<String> apiGroups,
    List<String> resources,
    List<String> verbs,
    List<String> resourceNames) {

  private static final String KIND = "PolicyRule";
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern RESOURCE =
      Pattern.compile("(\\*|" + LABEL + "(\\." + LABEL + ")*)(/(\\*|" + LABEL + "))?");
  private static final Pattern GROUP = Pattern.compile("|\\*|" + LABEL + "(\\." + LABEL + ")*");
  private static final Pattern VERB = Pattern.compile("\\*|[a-z]+");

  public PolicyRule {
    apiGroups = check("apiGroups", apiGroups, GROUP, "'' (core), '*' or a group such as 'apps'");
    resources =
        check(
            "resources",
            resources,
            RESOURCE,
            "a lower-case plural resource such as 'pods', a subresource such as 'pods/log', or"
                + " '*'");
    verbs = check("verbs", verbs, VERB, "a lower-case verb such as 'get' or 'list', or '*'");
    resourceNames = List.copyOf(Objects.requireNonNull(resourceNames, "resourceNames"));
    for (String n : resourceNames) {
      if (n.isBlank()) {
        throw KubernetesInvalidException.rejected(
            KIND, "", "", "resourceNames", "a resource name must not be blank, found '" + n + "'");
      }
    }
  }

  private static List<String> check(
      String field, List<String> values, Pattern pattern, String allowed) {
    List<String> copy = List.copyOf(Objects.requireNonNull(values, field));
    if (copy.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          KIND, "", "", field, "must name at least one entry: " + allowed);
    }
    for (String v : copy) {
      if (!pattern.matcher(v).matches()) {
        throw KubernetesInvalidException.rejected(
            KIND, "", "", field, "'" + v + "' is not valid; allowed: " + allowed);
      }
    }
    return copy;
  }

  /** Starts a rule allowing {@code verbs}; name the resources with {@link Verbs#on}. */
  public static Verbs allowing(String... verbs) {
    return new Verbs(List.of(verbs));
  }

  /** The first half of the sentence: the verbs, waiting for the resources. Immutable. */
  public static final class Verbs {
    private final List<String> verbs;

    private Verbs(List<String> verbs) {
      this.verbs = verbs;
    }

    /** The resources the verbs apply to (in the core group unless {@link Builder#inApiGroups}). */
    public Builder on(String... resources) {
      return new Builder(verbs, List.of(resources));
    }
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final List<String> verbs;
    private final List<String> resources;
    private List<String> apiGroups = List.of("");
    private List<String> resourceNames = List.of();

    private Builder(List<String> verbs, List<String> resources) {
      this.verbs = verbs;
      this.resources = resources;
    }

    /** The API groups of the resources; defaults to the core group {@code ""}. */
    public Builder inApiGroups(String... groups) {
      this.apiGroups = List.of(groups);
      return this;
    }

    /** Limits the rule to these objects ({@code resourceNames}). */
    public Builder named(String... names) {
      this.resourceNames = List.of(names);
      return this;
    }

    /**
     * Validates and freezes the rule; throws {@link KubernetesInvalidException} naming the field.
     */
    public PolicyRule build() {
      return new PolicyRule(apiGroups, resources, verbs, resourceNames);
    }
  }
}
