package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.KubernetesInvalidException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Client-side checks run before any API call, so a typo fails fast with the rule in the message
 * instead of a round trip. Stateless and thread-safe.
 */
public final class Validation {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern LABEL_KEY_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");
  private static final Pattern INT_OR_PERCENT = Pattern.compile("\\d+%?");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  // Docker's distribution reference grammar (what the kubelet's runtime parses; a reference it
  // refuses is the pod
  // reason InvalidImageName). The docker module holds the same grammar: the modules stay
  // independent.
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern IMAGE_REFERENCE =
      Pattern.compile(
          "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)"
              + "(?::[0-9]{1,5})?/)?"
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

  private Validation() {}

  /** A DNS-1123 label: namespaces, services, container and port names. */
  public static String label(String kind, String namespace, String field, String value) {
    if (value == null || value.length() > 63 || !DNS1123_LABEL.matcher(value).matches()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          value,
          field,
          "'"
              + value
              + "' is not a valid DNS-1123 label: at most 63 characters of lower-case a-z, 0-9 and"
              + " '-', starting and ending with an alphanumeric character");
    }
    return value;
  }

  /** A DNS-1035 label: service names, which must also start with a letter. */
  public static String dns1035(String kind, String namespace, String field, String value) {
    if (value == null || value.length() > 63 || !value.matches("[a-z]([-a-z0-9]*[a-z0-9])?")) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          value,
          field,
          "'"
              + value
              + "' is not a valid DNS-1035 label: at most 63 characters of lower-case a-z, 0-9 and"
              + " '-', starting with a letter and ending with an alphanumeric character");
    }
    return value;
  }

  /**
   * A pod template's {@code spec.serviceAccountName}: present or not, and when present a DNS-1123
   * subdomain, as the API server requires of a ServiceAccount's name.
   */
  public static void serviceAccountName(
      String namespace, java.util.Optional<String> serviceAccount) {
    java.util.Objects.requireNonNull(serviceAccount, "serviceAccount");
    serviceAccount.ifPresent(
        sa -> subdomain("ServiceAccount", namespace, "spec.template.spec.serviceAccountName", sa));
  }

  /** A DNS-1123 subdomain: deployments, config maps, secrets, autoscalers. */
  public static String subdomain(String kind, String namespace, String field, String value) {
    if (value == null || value.length() > 253 || !DNS1123_SUBDOMAIN.matcher(value).matches()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          value,
          field,
          "'"
              + value
              + "' is not a valid DNS-1123 subdomain: at most 253 characters of lower-case a-z,"
              + " 0-9, '-' and '.', each dot-separated part starting and ending with an"
              + " alphanumeric character");
    }
    return value;
  }

  /**
   * An RBAC object's name (Role, RoleBinding): the API server accepts any path segment, so {@code
   * system:controller:x} is valid; not empty, not {@code .} or {@code ..}, no {@code /} or {@code
   * %}, at most 253 characters.
   */
  public static String rbacName(String kind, String namespace, String value) {
    if (value == null
        || value.isEmpty()
        || value.length() > 253
        || value.equals(".")
        || value.equals("..")
        || value.contains("/")
        || value.contains("%")) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          value,
          "metadata.name",
          "'"
              + value
              + "' is not a valid name: 1 to 253 characters, not '.' or '..', without '/' or '%'");
    }
    return value;
  }

  /**
   * An image reference as Docker parses it: {@code
   * [domain[:port]/]lower-case-path[:tag][@algorithm:hex]}, at most 255 characters in the
   * repository name.
   */
  public static String imageReference(
      String kind, String namespace, String name, String field, String value) {
    notBlank(kind, namespace, name, field, value);
    if (value.length() > 512 || !IMAGE_REFERENCE.matcher(value).matches()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          name,
          field,
          "'"
              + value
              + "' is not a valid image reference: use [registry[:port]/]path[:tag][@sha256:digest]"
              + " with a lower-case path of a-z, 0-9 and the separators '.', '_', '__', '-', and a"
              + " tag of at most 128 characters of letters, digits, '_', '.' and '-'"
              + " (InvalidImageName)");
    }
    return value;
  }

  /** Namespaces are DNS-1123 labels. */
  public static String namespace(String value) {
    return label("Namespace", "", "metadata.name", value);
  }

  public static int nonNegative(
      String kind, String namespace, String name, String field, int value) {
    if (value < 0) {
      throw KubernetesInvalidException.rejected(
          kind, namespace, name, field, "must be 0 or more, found " + value);
    }
    return value;
  }

  public static int port(String kind, String namespace, String name, String field, int value) {
    if (value < 1 || value > 65535) {
      throw KubernetesInvalidException.rejected(
          kind, namespace, name, field, "port must be between 1 and 65535, found " + value);
    }
    return value;
  }

  /**
   * An exec's argument list: not null, no null element, not empty; the program must not be blank.
   * Returns an immutable copy.
   */
  public static java.util.List<String> execCommand(
      String namespace, String pod, java.util.List<String> command) {
    java.util.Objects.requireNonNull(command, "command");
    for (int i = 0; i < command.size(); i++) {
      java.util.Objects.requireNonNull(command.get(i), "command[" + i + "]");
    }
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw KubernetesInvalidException.rejected(
          "Pod",
          namespace,
          pod,
          "exec command",
          "needs the program as its first element, found " + command);
    }
    return java.util.List.copyOf(command);
  }

  /** A timeout: not null, positive. */
  public static java.time.Duration timeout(java.time.Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, found " + timeout);
    }
    return timeout;
  }

  public static String notBlank(
      String kind, String namespace, String name, String field, String value) {
    if (value == null || value.isBlank()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          name,
          field,
          "must not be empty, found " + (value == null ? "nothing" : "'" + value + "'"));
    }
    return value;
  }

  public static String quantity(
      String kind, String namespace, String name, String field, String value) {
    if (value != null && !QUANTITY.matcher(value).matches()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          name,
          field,
          "'" + value + "' is not a Kubernetes quantity such as 250m, 0.5, 128Mi or 1G");
    }
    return value;
  }

  public static String intOrPercent(
      String kind, String namespace, String name, String field, String value) {
    if (value == null || !INT_OR_PERCENT.matcher(value).matches()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          name,
          field,
          "'" + value + "' must be a non-negative integer or a percentage such as 25%");
    }
    return value;
  }

  public static String envName(String kind, String namespace, String name, String value) {
    if (value == null || !ENV_NAME.matcher(value).matches()) {
      throw KubernetesInvalidException.rejected(
          kind,
          namespace,
          name,
          "env.name",
          "'"
              + value
              + "' is not a valid environment variable name: letters, digits, '_', '-' and '.', not"
              + " starting with a digit");
    }
    return value;
  }

  /** Label keys ({@code [prefix/]name}) and values, as the API server checks them. */
  public static Map<String, String> labels(
      String kind, String namespace, String name, String field, Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      String keyName = slash < 0 ? key : key.substring(slash + 1);
      boolean prefixOk =
          slash < 0
              || (slash <= 253 && DNS1123_SUBDOMAIN.matcher(key.substring(0, slash)).matches());
      if (!prefixOk
          || keyName.isEmpty()
          || keyName.length() > 63
          || !LABEL_KEY_NAME.matcher(keyName).matches()) {
        throw KubernetesInvalidException.rejected(
            kind,
            namespace,
            name,
            field,
            "'"
                + key
                + "' is not a valid label key: an optional DNS-1123 subdomain prefix and '/', then"
                + " at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with"
                + " an alphanumeric");
      }
      String value = e.getValue();
      if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
        throw KubernetesInvalidException.rejected(
            kind,
            namespace,
            name,
            field,
            "'"
                + value
                + "' is not a valid label value for key '"
                + key
                + "': at most 63 alphanumeric characters, '-', '_'"
                + " or '.', starting and ending with an alphanumeric (or empty)");
      }
    }
    return Map.copyOf(labels);
  }

  /**
   * Resolves an int-or-percent against a total; percentages round up for surge and down for
   * unavailable.
   */
  public static int resolve(String intOrPercent, int total, boolean roundUp) {
    if (intOrPercent.endsWith("%")) {
      long pct = Long.parseLong(intOrPercent.substring(0, intOrPercent.length() - 1));
      long scaled = pct * total;
      return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }
    return Integer.parseInt(intOrPercent);
  }
}
