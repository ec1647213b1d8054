package dev.cloudnative.kubernetes;

import java.time.Duration;
import java.util.Optional;

/**
 * A running leader election on a {@code coordination.k8s.io/v1} Lease, made by {@link
 * Cluster#leaderElector(LeaderElectionConfig)}: several replicas each run one with the same Lease
 * and their own identity, and at most one of them leads at a time (given clocks that advance at the
 * same rate and {@code leaseDuration > renewDeadline}).
 *
 * <p>The semantics are fabric8's {@code LeaderElector} (and client-go's): a candidate tries every
 * {@code retryPeriod} (with jitter) to create the Lease or to take over one whose holder has not
 * renewed it for {@code leaseDuration} (counted from when this elector last saw the Lease change,
 * so clocks need not agree, only advance alike); a leader renews every {@code retryPeriod} and
 * stops leading when the Lease names another holder or when no renewal succeeded for {@code
 * renewDeadline}. Writes are compare-and-swap on the Lease's resource version, so of two candidates
 * only one wins a take-over. Unlike fabric8's, whose election ends once leadership is lost, this
 * elector becomes a candidate again; {@link #close()} ends it.
 *
 * <p>Callbacks ({@link LeaderElectionConfig}) run in order on a thread of the elector's own, never
 * on the thread that renews the Lease, so long work started in {@code onStartLeading} does not
 * delay renewals; it must stop when {@code onStopLeading} runs.
 *
 * <p>Implementations are thread-safe.
 */
public interface LeaderElector extends AutoCloseable {

  /** This elector's identity, the Lease's {@code holderIdentity} while it leads. */
  String identity();

  /**
   * True while this elector leads: it holds the Lease and its last successful renewal is younger
   * than {@code renewDeadline}. Lock-free (a volatile read).
   */
  boolean isLeader();

  /** The holder of the Lease as this elector last saw it, empty when none (or not yet read). */
  Optional<String> currentLeader();

  /**
   * Waits until this elector leads or {@code timeout} passed; returns whether it leads.
   *
   * @throws IllegalStateException if the elector is closed
   */
  boolean awaitLeadership(Duration timeout) throws InterruptedException;

  /**
   * Ends the election: stops the renewals, releases the Lease if this elector holds it and {@link
   * LeaderElectionConfig#releaseOnClose()} (so another candidate takes over at its next try instead
   * of after {@code leaseDuration}), and runs {@code onStopLeading} if it led. Idempotent; returns
   * once the callbacks ran.
   */
  @Override
  void close();
}
