package dev.cloudnative.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing rules of one service, in the spirit of Istio's VirtualService: rules are tried in
 * order, the first whose match holds decides the destination subsets, and the default route takes
 * what no rule matched. A service without a route table spreads its calls over all of its endpoints
 * ({@link #ALL_SUBSETS}).
 *
 * <pre>{@code
 * RouteTable routes = RouteTable.forService("reviews")
 *     .when(RequestMatch.headerExact("x-tester", "true")).routeTo("v2")
 *     .when(RequestMatch.pathPrefix("/chaos")).fault(FaultInjection.abort(10, 503)).routeTo("v1")
 *     .otherwise().split(Destination.of("v1", 80), Destination.of("v2", 20));
 * }</pre>
 *
 * <p>Immutable; thread-safe. Evaluation allocates nothing (regular-expression matches aside).
 */
public final class RouteTable {

  /** The pseudo-subset holding every endpoint of a service, whatever its subset. */
  public static final String ALL_SUBSETS = "*";

  private final String service;
  private final RouteRule[] rules;
  private final RouteRule defaultRoute;

  private RouteTable(String service, List<RouteRule> rules, RouteRule defaultRoute) {
    this.service = service;
    this.rules = rules.toArray(new RouteRule[0]);
    this.defaultRoute = defaultRoute;
  }

  /**
   * @return a builder of the route table of {@code service}
   */
  public static Builder forService(String service) {
    return new Builder(service);
  }

  public String service() {
    return service;
  }

  public List<RouteRule> rules() {
    return List.of(rules);
  }

  public Optional<RouteRule> defaultRoute() {
    return Optional.ofNullable(defaultRoute);
  }

  /**
   * @return the first rule matching {@code request}, else the default route; empty when neither
   *     applies
   */
  public Optional<RouteRule> match(MeshRequest request) {
    return Optional.ofNullable(matchOrNull(request));
  }

  /**
   * The allocation-free form of {@link #match} used on the call path.
   *
   * @return the first rule matching {@code request}, else the default route, else {@code null}
   */
  public RouteRule matchOrNull(MeshRequest request) {
    Objects.requireNonNull(request, "request");
    for (RouteRule rule : rules) {
      if (rule.match().matches(request)) {
        return rule;
      }
    }
    return defaultRoute;
  }

  /** Builds a {@link RouteTable}. Not thread-safe. */
  public static final class Builder {
    private final String service;
    private final List<RouteRule> rules = new ArrayList<>();

    private Builder(String service) {
      this.service = Objects.requireNonNull(service, "service");
      if (service.isBlank()) {
        throw new IllegalArgumentException(
            "service was '" + service + "'; allowed a non-blank name");
      }
    }

    /** Starts a rule that applies when {@code match} holds. */
    public RuleBuilder when(RequestMatch match) {
      return new RuleBuilder(this, "rule-" + rules.size(), match);
    }

    /** Adds a fully built rule. */
    public Builder rule(RouteRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Starts the default route; its terminal method returns the finished table. */
    public DefaultBuilder otherwise() {
      return new DefaultBuilder(this);
    }

    /**
     * @return a table without a default route: unmatched requests fail with {@link
     *     NoRouteException}
     */
    public RouteTable build() {
      return new RouteTable(service, rules, null);
    }
  }

  /** Completes one rule of a {@link Builder}. Not thread-safe. */
  public static final class RuleBuilder {
    private final Builder parent;
    private final String name;
    private final RequestMatch match;
    private FaultInjection fault = FaultInjection.NONE;
    private Mirror mirror;
    private String ruleName;

    private RuleBuilder(Builder parent, String name, RequestMatch match) {
      this.parent = parent;
      this.name = name;
      this.match = Objects.requireNonNull(match, "match");
    }

    public RuleBuilder named(String name) {
      this.ruleName = Objects.requireNonNull(name, "name");
      return this;
    }

    public RuleBuilder fault(FaultInjection fault) {
      this.fault = Objects.requireNonNull(fault, "fault");
      return this;
    }

    /** Mirrors {@code percent} of the matching calls to {@code subset}. */
    public RuleBuilder mirror(String subset, double percent) {
      this.mirror = Mirror.of(subset, percent);
      return this;
    }

    /** Sends all matching traffic to {@code subset}. */
    public Builder routeTo(String subset) {
      return split(Destination.of(subset));
    }

    /** Splits matching traffic over weighted subsets. */
    public Builder split(Destination... destinations) {
      Objects.requireNonNull(destinations, "destinations");
      parent.rules.add(
          new RouteRule(
              ruleName == null ? name : ruleName, match, List.of(destinations), fault, mirror));
      return parent;
    }
  }

  /** Completes the default route of a {@link Builder}. Not thread-safe. */
  public static final class DefaultBuilder {
    private final Builder parent;
    private FaultInjection fault = FaultInjection.NONE;
    private Mirror mirror;

    private DefaultBuilder(Builder parent) {
      this.parent = parent;
    }

    public DefaultBuilder fault(FaultInjection fault) {
      this.fault = Objects.requireNonNull(fault, "fault");
      return this;
    }

    /** Mirrors {@code percent} of the default route's calls to {@code subset}. */
    public DefaultBuilder mirror(String subset, double percent) {
      this.mirror = Mirror.of(subset, percent);
      return this;
    }

    /**
     * @return the finished table whose default route sends everything to {@code subset}
     */
    public RouteTable routeTo(String subset) {
      return split(Destination.of(subset));
    }

    /**
     * @return the finished table whose default route splits over weighted subsets
     */
    public RouteTable split(Destination... destinations) {
      Objects.requireNonNull(destinations, "destinations");
      RouteRule rule =
          new RouteRule("default", RequestMatch.any(), List.of(destinations), fault, mirror);
      return new RouteTable(parent.service, parent.rules, rule);
    }
  }
}
