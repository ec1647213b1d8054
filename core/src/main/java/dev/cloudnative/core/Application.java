package dev.cloudnative.core;

import dev.cloudnative.core.wiring.ClusterEndpointFeed;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.security.Authorizer;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The handle of one named application: the operations on what is deployed under that name, built,
 * rolled out, configured and registered in the mesh through every module at once. What to deploy is
 * an {@link AppSpec}, an immutable value each caller describes for itself, so no caller can change
 * what another deploys:
 *
 * <pre>{@code
 * AppSpec shop = AppSpec.named("shop").image("registry.local/shop:1.0").replicas(3).build();
 * cn.deploy(shop);
 * Application app = cn.app("shop");
 * app.canary("v2", "registry.local/shop:2.0", 20);
 * app.promote();
 * app.deploy(app.spec().orElseThrow().toBuilder().replicas(5).build());
 * }</pre>
 *
 * <p>A handle names the application whether or not it is deployed right now ({@link
 * CloudNative#app(String)} never fails for a valid name): another caller may undeploy it at any
 * moment, so each operation checks what it needs when it runs and throws {@link
 * IllegalStateException} naming the application otherwise. Every operation either completes or
 * throws {@link DeployException} naming the failed step; what it had created stays in place and
 * {@link #undeploy()} removes it.
 *
 * <p>Immutable and thread-safe: every handle of one name (from {@link CloudNative#app(String)} or
 * {@link #as(String)}) acts on the same application, whose operations run one at a time.
 */
public final class Application {

  /**
   * Permission needed for deploy, canary, promote, rollback and spec when the facade is guarded.
   */
  public static final String PERMISSION_DEPLOY = "apps:deploy";

  /** Permission needed for scale when the facade is guarded. */
  public static final String PERMISSION_SCALE = "apps:scale";

  /** Permission needed for status when the facade is guarded. */
  public static final String PERMISSION_READ = "apps:read";

  /** Permission needed for undeploy when the facade is guarded. */
  public static final String PERMISSION_DELETE = "apps:delete";

  private static final Pattern VERSION = Pattern.compile("[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?");

  private final CloudNative cn;
  private final DeployedApp app;
  private final Optional<Authorizer> guard;
  private final Optional<String> token;

  Application(CloudNative cn, DeployedApp app, Optional<Authorizer> guard, Optional<String> token) {
    this.cn = cn;
    this.app = app;
    this.guard = guard;
    this.token = token;
  }

  /** The application's name (also its Deployment, Service and mesh service name). */
  public String name() {
    return app.name();
  }

  /**
   * A handle of the same application acting with {@code accessToken}: on a guarded facade each
   * operation checks that the token carries the operation's permission and throws the security
   * module's access-denied exception otherwise. This handle is unchanged.
   */
  public Application as(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return new Application(cn, app, guard, Optional.of(accessToken));
  }

  /**
   * Deploys {@code spec}: builds (and pushes) the image when the spec says so, applies ConfigMap,
   * Deployment and Service, waits for the rollout, stores the configuration and registers the ready
   * pods in the mesh with all traffic on the stable version. Deploying a changed spec over a
   * deployed one rolls the change out; configuration keys the new spec no longer has are removed.
   *
   * @throws DeployException naming the failed step
   * @throws IllegalArgumentException if the spec names another application
   * @throws IllegalStateException if the application is deployed to another namespace (undeploy it
   *     first)
   */
  public DeployReport deploy(AppSpec spec) {
    Objects.requireNonNull(spec, "spec");
    begin(PERMISSION_DEPLOY);
    if (!spec.name().equals(name())) {
      throw new IllegalArgumentException(
          "spec is named '"
              + spec.name()
              + "'; allowed only '"
              + name()
              + "', the name of this application");
    }
    return app.deploy(spec);
  }

  /**
   * Deploys {@link #spec()} again (rebuilding and pushing when it says so): re-applies what the
   * application should be after anything changed it behind the facade's back, or retries a deploy
   * that failed.
   *
   * @throws DeployException naming the failed step
   * @throws IllegalStateException if nothing was deployed under this name
   */
  public DeployReport deploy() {
    begin(PERMISSION_DEPLOY);
    return app.redeploy();
  }

  /**
   * The spec in effect: the one last deployed (also when that deploy failed, so that {@link
   * #deploy()} retries it), with the replicas of a later {@link #scale}, and the image a later
   * {@link #promote()} or {@link #rollback()} put in place (then without build or push, since that
   * image exists). Empty before the first deploy and after {@link #undeploy()}. It carries the push
   * credentials, so a guarded facade requires the deploy permission to read it.
   */
  public Optional<AppSpec> spec() {
    begin(PERMISSION_DEPLOY);
    return app.spec();
  }

  /** Scales the stable version and waits until the new replica count is rolled out. */
  public RolloutStatus scale(int replicas) {
    begin(PERMISSION_SCALE);
    AppSpec.checkReplicas(replicas);
    return app.scale(replicas);
  }

  /**
   * Runs {@code version} with {@code image} beside the stable version (one replica, Deployment
   * {@code <name>-<version>}) and sends {@code percent}% of the mesh traffic to it.
   *
   * @throws IllegalStateException if the application is not deployed
   */
  public DeployReport canary(String version, String image, int percent) {
    begin(PERMISSION_DEPLOY);
    if (version == null
        || !VERSION.matcher(version).matches()
        || version.equals(ClusterEndpointFeed.DEFAULT_SUBSET)) {
      throw new IllegalArgumentException(
          "canary version '"
              + version
              + "' is not allowed: use 1-10 lower-case"
              + " letters, digits or '-', other than '"
              + ClusterEndpointFeed.DEFAULT_SUBSET
              + "'");
    }
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("canary image must not be empty");
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("canary percent was " + percent + "; allowed 0..100");
    }
    return app.canary(version, image, percent);
  }

  /**
   * Makes the canary the stable version: rolls its image out to the stable deployment, then removes
   * it.
   *
   * @throws IllegalStateException if no canary runs
   */
  public DeployReport promote() {
    begin(PERMISSION_DEPLOY);
    return app.promote();
  }

  /**
   * Undoes the last change: removes a running canary (all traffic back to stable), or else rolls
   * the stable deployment back to its previous revision.
   *
   * @throws IllegalStateException if the application is not deployed
   */
  public DeployReport rollback() {
    begin(PERMISSION_DEPLOY);
    return app.rollback();
  }

  /**
   * Pods, rollout state, stored configuration and mesh statistics, read now.
   *
   * @throws IllegalStateException if nothing was deployed under this name
   */
  public AppStatus status() {
    begin(PERMISSION_READ);
    return app.status();
  }

  /**
   * Removes everything the application's workflows created, whatever state a failed operation left:
   * mesh registration, Deployments (stable and canary), Service, ConfigMap and stored
   * configuration. Absent pieces are skipped. Returns what was removed.
   */
  public DeployReport undeploy() {
    begin(PERMISSION_DELETE);
    return app.undeploy();
  }

  /** A readable line naming the application. */
  @Override
  public String toString() {
    return "Application[" + name() + (token.isPresent() ? ", with a token" : "") + "]";
  }

  private void begin(String permission) {
    cn.checkOpen();
    if (guard.isPresent()) {
      guard.get().require(token.orElse(""), permission);
    }
  }
}
