package io.daramjwee.spring.actuate;

import io.daramjwee.purge.PurgeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the purge marks hold: the {@code purges} component of the {@code daramjwee} health.
 * {@code UP} when the {@link PurgeLog} is reconciled, its journal (if any) was read, and in
 * cluster mode it reads the shared log and has no mark the shared log has not confirmed, and no
 * journal or publish failure is recent. {@link TierProbe#DEGRADED} otherwise, with the reasons;
 * never {@code DOWN}: while marks are unknown the cache holds back entries of tiers that outlive
 * the process and the origin answers, and while they cannot be shared they still apply here, so
 * the application answers correctly and must stay in its load balancer.
 *
 * <p>Recent failures: the probe keeps the journal and publish failure counts it last read, and a
 * check that finds either grown makes the component {@code DEGRADED} for {@link #RECENT} from
 * then on, on the log's clock. So a failure shows for that long after the first check that sees
 * it, however many clients check, and one long past does not keep the component degraded. The
 * first check counts every failure since start as new.
 *
 * <p>A mark just published is unconfirmed for the moment the shared log takes to give it back
 * (milliseconds): pending marks make the component degraded only once the oldest of them is
 * {@link #PENDING_GRACE} old, so a check right after a purge does not flap.
 *
 * <p>This is the half of the indicator that does not depend on the Boot generation; each
 * starter's {@code PurgeHealthIndicator} turns an {@link Answer} into its generation's
 * {@code Health}. Checks read the log, which may read a journal that failed at start again
 * ({@link PurgeLog#journalRead()}). Thread-safe.
 */
final class PurgeProbe {

  /** What {@link TierProbe#DEGRADED} means for the purge marks, for the status's description. */
  static final String DEGRADED_DESCRIPTION = "purge marks are not all known or not all shared; "
      + "entries of tiers that outlive the process may be held back, the origin answers";

  /** How old the oldest unconfirmed mark must be to make the component degraded. */
  static final Duration PENDING_GRACE = Duration.ofSeconds(5);

  /** How long a journal or publish failure keeps the component degraded after a check saw it. */
  static final Duration RECENT = Duration.ofMinutes(5);

  /**
   * What a check found: a status code ({@code UP} or {@link TierProbe#DEGRADED}) and the details
   * to show, in order: {@code reasons} when degraded, {@code reconciled}, {@code connected} (in
   * cluster mode), {@code marks}, {@code pending}, {@code journalRead} (with a journal),
   * {@code journalFailures}, {@code publishFailures} and {@code where}, the log's description.
   */
  record Answer(String status, Map<String, Object> details) {}

  private final PurgeLog log;
  private long journalFailuresSeen;
  private long publishFailuresSeen;
  private Instant failureSeenAt; // null until a check saw a failure

  PurgeProbe(PurgeLog log) {
    this.log = log;
  }

  /** Reads the log's state. */
  synchronized Answer check() {
    boolean reconciled = log.reconciled();
    boolean journalRead = log.journalRead();
    int marks = log.marks();
    int pending = log.pending();
    long journalFailures = log.journalFailures();
    long publishFailures = log.publishFailures();
    Instant now = log.clock().instant();
    if (journalFailures > journalFailuresSeen || publishFailures > publishFailuresSeen) {
      failureSeenAt = now;
    }
    journalFailuresSeen = journalFailures;
    publishFailuresSeen = publishFailures;

    List<String> reasons = new ArrayList<>();
    if (!reconciled) {
      reasons.add("not reconciled: entries of tiers that outlive the process are held back "
          + "until " + (log.shared() ? "the shared purge log was read" : "the journal was read"));
    }
    if (!journalRead) {
      reasons.add("the purge journal could not be read; it is read again with a backoff (see "
          + "the ERROR logged at start)");
    }
    if (log.shared() && !log.connected()) {
      reasons.add("the shared purge log cannot be read: purges taken here are published when it "
          + "returns");
    }
    Instant oldestPending = pending > 0 ? log.oldestPending() : null;
    if (oldestPending != null && !now.isBefore(oldestPending.plus(PENDING_GRACE))) {
      reasons.add(pending + " purge marks not confirmed by the shared log yet, the oldest since "
          + oldestPending);
    }
    if (failureSeenAt != null && now.isBefore(failureSeenAt.plus(RECENT))) {
      reasons.add("purge journal or publish failures within " + RECENT + " (at " + failureSeenAt
          + ")");
    }

    Map<String, Object> details = new LinkedHashMap<>();
    if (!reasons.isEmpty()) {
      details.put("reasons", List.copyOf(reasons));
    }
    details.put("reconciled", reconciled);
    if (log.shared()) {
      details.put("connected", log.connected());
    }
    details.put("marks", marks);
    details.put("pending", pending);
    if (log.journaled()) {
      details.put("journalRead", journalRead);
    }
    details.put("journalFailures", journalFailures);
    details.put("publishFailures", publishFailures);
    details.put("where", log.describe());
    return new Answer(reasons.isEmpty() ? "UP" : TierProbe.DEGRADED, details);
  }
}
