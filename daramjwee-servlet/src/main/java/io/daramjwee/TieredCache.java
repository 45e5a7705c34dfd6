package io.daramjwee;

import io.daramjwee.CacheResponse.Source;
import io.daramjwee.FreshnessPolicy.State;
import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.ThrottledLog;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link DaramjweeCache}: the public operations and the read flow across tiers
 * (hot hit, ticket, search, serve, promote, join the key's flight). Background work (refresh,
 * propagation to lower tiers) runs on a {@link BoundedWorker}.
 *
 * <p>Read flow: a servable tier-0 entry is answered without any bookkeeping (the hot path). Else
 * a ticket is taken (see {@link Generations}) and the tiers are searched again (tier 0 only when
 * it had an entry or something was published since it was read); a
 * lower-tier hit streams to the caller while the {@link Promoter} fills a tier above, when one
 * admits it and the entry has passed its {@link Probation}; a miss joins or leads a flight (see
 * {@link Flights}) and the leader streams from the origin into the first tier that admits the
 * value ({@link Admission}, {@link TierWrite}).
 *
 * <p>Shape: this class only wires the objects and runs the read flow; it is never called back.
 * The {@link Publisher} owns the tiers' writes: how a fill, pushed fill, direct set, refresh or
 * delete settles (publish, count, hand the ticket to the lower tiers' {@link Propagator}, or
 * abort and release), and the {@code cachedAt} stamping. {@link OriginFlow} owns what a miss does
 * with the origin (follow, fetch and fill, renew, stale-if-error) and {@link Refresher} the
 * background refreshes; both, and every {@link Fill}, {@link PushedFill} and {@link DirectWriter},
 * are given the publisher rather than this class. Thread-safe.
 */
final class TieredCache implements DaramjweeCache {

  private static final Logger LOG = LoggerFactory.getLogger(DaramjweeCache.class);
  /** For {@link #locate}: tier 0 had an entry, so it is read again under the ticket. */
  private static final long REREAD_TOP = -1;

  private final Tier[] tiers;
  private final String[] tierNames;
  private final FreshnessPolicy freshness;
  private final Generations generations = new Generations();
  private final Flights flights = new Flights();
  private final Counters counters;
  private final BoundedWorker worker;
  private final WholeReads wholeReads;
  private final Publisher publisher;
  private final Refresher refresher;
  private final OriginFlow origin;
  private final Promoter promoter;
  private final Duration closeTimeout;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  TieredCache(List<Store> stores, String[] tierNames, FreshnessPolicy freshness,
      Admission admission, Probation probation, int threads, int queueSize, Duration jobTimeout,
      Duration opTimeout, Duration closeTimeout, Clock clock) {
    this.tierNames = tierNames.clone();
    ThrottledLog log = new ThrottledLog(LOG, Duration.ofSeconds(10));
    this.counters = new Counters(stores.size());
    this.tiers = new Tier[stores.size()];
    for (int i = 0; i < tiers.length; i++) {
      tiers[i] = new Tier(i, stores.get(i), counters, log);
    }
    this.freshness = freshness;
    this.worker = new BoundedWorker("daramjwee-worker", threads, queueSize, jobTimeout);
    this.publisher = new Publisher(tiers, admission, generations, counters, worker, clock);
    this.promoter = new Promoter(publisher, freshness, probation, worker, clock);
    this.wholeReads = new WholeReads(publisher, worker);
    this.origin = new OriginFlow(publisher, freshness, worker, clock, opTimeout);
    this.refresher = new Refresher(publisher, origin, worker, log);
    this.closeTimeout = closeTimeout;
    this.clock = clock;
  }

  // ---- public API ----

  @Override
  public CacheResponse get(String key, CacheRequest request, Fetcher fetcher) throws IOException {
    checkOpen();
    checkKey(key);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(fetcher, "fetcher");
    long published = generations.publishes();
    StoredEntry hot = tiers[0].open(key);
    if (hot != null) {
      CacheResponse hit = hotHit(key, hot, request, fetcher);
      if (hit != null) {
        return hit;
      }
    }
    Located located = locate(key, request, fetcher, hot == null ? published : REREAD_TOP);
    if (located.answer != null) {
      return located.answer;
    }
    if (located.ticket != null) {
      return origin.fetchAndFill(key, request, fetcher, located.ticket, located.flight,
          located.expired, located.expiredTier);
    }
    return origin.follow(key, request, fetcher, located.flight, located.expired,
        located.expiredTier);
  }

  @Override
  public StoreWriter set(String key, Metadata metadata) throws IOException {
    checkOpen();
    checkKey(key);
    Objects.requireNonNull(metadata, "metadata");
    Metadata stamped = publisher.stampIfUnset(metadata);
    TierWrite write = TierWrite.open(publisher, key, stamped, Admission.length(stamped), 0,
        tiers.length, Long.MAX_VALUE);
    if (write == null) {
      throw new IOException("no tier accepts a write of key '" + key + "' of "
          + Admission.length(stamped) + " bytes (a failing tier is logged)");
    }
    return new DirectWriter(publisher, key, write, stamped.cachedAt());
  }

  @Override
  public void delete(String key) throws IOException {
    checkOpen();
    checkKey(key);
    publisher.delete(key);
  }

  @Override
  public boolean scheduleRefresh(String key, Fetcher fetcher) {
    checkOpen();
    checkKey(key);
    Objects.requireNonNull(fetcher, "fetcher");
    return refresher.schedule(key, fetcher);
  }

  @Override
  public boolean survivesRestart(int tier) {
    return tier >= 0 && tier < tiers.length && tiers[tier].store.survivesRestart();
  }

  @Override
  public String tierName(int tier) {
    if (tier < 0) {
      throw new IllegalArgumentException("tier must not be negative: " + tier);
    }
    return tier < tierNames.length ? tierNames[tier] : DaramjweeBuilder.defaultTierName(tier);
  }

  @Override
  public CacheStats stats() {
    return counters.snapshot(worker);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (!worker.close(closeTimeout)) {
        LOG.warn("daramjwee closed with background jobs still running after {}", closeTimeout);
      }
    }
  }

  // ---- read flow ----

  @Override
  public Lookup lookup(String key, CacheRequest request, Fetcher refresher) throws IOException {
    checkOpen();
    checkKey(key);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(refresher, "refresher");
    long published = generations.publishes();
    StoredEntry hot = tiers[0].open(key);
    if (hot != null) {
      CacheResponse hit = hotHit(key, hot, request, refresher);
      if (hit != null) {
        return Lookup.answered(hit);
      }
    }
    Located located = locate(key, request, refresher, hot == null ? published : REREAD_TOP);
    if (located.answer != null) {
      return Lookup.answered(located.answer);
    }
    if (located.ticket != null) {
      return new Lookup(origin, key, request, located.ticket, located.flight, located.expired,
          located.expiredTier);
    }
    CacheResponse collapsed = origin.awaitLeader(key, request, located.flight);
    if (collapsed != null) {
      return Lookup.answered(collapsed);
    }
    // The leader failed, was not storable, or is stuck: produce it ourselves, uncoalesced.
    return new Lookup(origin, key, request, generations.acquire(key), null, located.expired,
        located.expiredTier);
  }

  /**
   * Where a read stands: answered by a tier ({@code answer}), or a miss that leads its flight
   * (holding {@code ticket}) or follows one ({@code ticket} null), with the first expired entry
   * the search passed over, to revalidate or to stand in on error.
   */
  private static final class Located {
    CacheResponse answer;
    Generations.Ticket ticket;
    Flights.Flight flight;
    Metadata expired;
    int expiredTier = -1;
  }

  /**
   * The answer from {@code hot}, the tier-0 entry, when it is servable, without any bookkeeping or
   * allocation beyond the answer (the hot path of {@link #get} and {@link #lookup}); else null,
   * and the entry is closed.
   */
  private CacheResponse hotHit(String key, StoredEntry hot, CacheRequest request,
      Fetcher refresher) {
    Metadata metadata = hot.metadata();
    Instant now = clock.instant();
    if (!request.selects(metadata)) {
      hot.closeQuietly();
      return otherVariant(request, 0, metadata, now);
    }
    State state = judge(request, 0, metadata, now);
    if (state == State.EXPIRED) {
      hot.closeQuietly();
      return null;
    }
    return serveHit(key, 0, hot, state, request, refresher, null);
  }

  /**
   * The read flow after a tier-0 miss, up to the origin, shared by {@link #get} and
   * {@link #lookup}: a ticket is taken and the tiers are searched again from the top; a miss
   * joins or leads the key's flight.
   *
   * <p>{@code published}: the count of publishes read before tier 0 was found without the key, or
   * {@link #REREAD_TOP}. Unchanged once the ticket is taken, nothing was published meanwhile and
   * tier 0 is not read again. A publish the count does not show yet has not advanced the
   * generation either ({@link Generations#publishes}): this ticket's fill is refused, never an
   * overwrite; at worst one more origin call, as when a publish lands before the flight is joined.
   */
  private Located locate(String key, CacheRequest request, Fetcher refresher, long published) {
    Located located = new Located();
    // The ticket is taken before any tier is read again, so a value set meanwhile is either seen
    // here or makes our fill fail its generation check: never overwritten by an older copy.
    Generations.Ticket ticket = generations.acquire(key);
    int from = published != REREAD_TOP && generations.publishes() == published ? 1 : 0;
    boolean handedOff = false;
    try {
      located.answer = searchTiers(key, request, refresher, ticket, located, from);
      handedOff = true;
      if (located.answer != null) {
        return located;
      }
      Flights.Joined joined = flights.join(key);
      counters.misses.increment(); // after joining, so a count of N means N callers are in flight
      located.flight = joined.flight();
      if (joined.leader()) {
        located.ticket = ticket;
      } else {
        ticket.release();
      }
      return located;
    } finally {
      if (!handedOff) {
        ticket.release();
      }
    }
  }

  /**
   * Searches the tiers from {@code from} down for a servable entry and serves it, consuming
   * {@code ticket}; else returns null, keeps the ticket, and notes the first expired entry in
   * {@code located}.
   */
  private CacheResponse searchTiers(String key, CacheRequest request, Fetcher fetcher,
      Generations.Ticket ticket, Located located, int from) {
    Instant now = clock.instant();
    for (int i = from; i < tiers.length; i++) {
      if (tiers[i].isNull) {
        continue;
      }
      StoredEntry entry = tiers[i].open(key);
      if (entry == null) {
        continue;
      }
      Metadata metadata = entry.metadata();
      if (!request.selects(metadata)) {
        entry.closeQuietly();
        CacheResponse other = otherVariant(request, i, metadata, now);
        if (other != null) {
          ticket.release();
          return other;
        }
        continue; // not this caller's: neither served nor revalidated for it
      }
      State state = judge(request, i, metadata, now);
      if (state != State.EXPIRED) {
        return serveHit(key, i, entry, state, request, fetcher, ticket);
      }
      if (located.expired == null) {
        located.expired = entry.metadata();
        located.expiredTier = i;
      }
      entry.closeQuietly();
    }
    return null;
  }

  /** Serves a servable entry of {@code tier}; consumes {@code ticket} when given. */
  private CacheResponse serveHit(String key, int tier, StoredEntry entry, State state,
      CacheRequest request, Fetcher fetcher, Generations.Ticket ticket) {
    boolean stale = state == State.STALE;
    Source source = stale ? Source.STALE : Source.FRESH;
    counters.tierHits[tier].increment();
    if (stale) {
      counters.staleHits.increment();
    }
    Metadata metadata = entry.metadata();
    if (request.isNotModified(metadata)) {
      entry.closeQuietly();
      if (ticket != null) {
        ticket.release();
      }
      if (stale) {
        refresher.schedule(key, fetcher, metadata.cachedAt());
      }
      return CacheResponse.notModified(metadata, tier, source);
    }
    InputStream body = entry.body();
    if (tier > 0 && ticket != null) {
      body = promoter.promote(ticket, tier, metadata, body);
    } else if (ticket != null) {
      ticket.release();
    }
    if (body == entry.body()) {
      body = wholeReads.watch(key, tier, body); // a promotion reads it whole anyway
    }
    if (stale) {
      body = new StaleBody(body, () -> refresher.schedule(key, fetcher, metadata.cachedAt()));
    }
    return CacheResponse.ofEntry(metadata, body, tier, source);
  }

  /**
   * The cache's judgement of an entry, as this caller takes it: a servable entry it does not
   * accept is expired for it (revalidated), an expired one it accepts anyway is stale.
   */
  private State judge(CacheRequest request, int tier, Metadata metadata, Instant now) {
    State state = freshness.judge(tier, metadata, now);
    if (state != State.EXPIRED) {
      return request.accepts(metadata) ? state : State.EXPIRED;
    }
    return request.acceptsExpired(metadata) ? State.STALE : State.EXPIRED;
  }

  /**
   * The answer for an entry of {@code tier} that is another variant than the caller's: an
   * {@code OTHER_VARIANT} when the caller asked for one and the entry is servable (nothing is
   * served or counted), else null, and the entry is passed over.
   */
  private CacheResponse otherVariant(CacheRequest request, int tier, Metadata metadata,
      Instant now) {
    if (!request.answersOtherVariant()) {
      return null;
    }
    State state = freshness.judge(tier, metadata, now);
    return state == State.EXPIRED ? null : CacheResponse.otherVariant(metadata, tier,
        state == State.STALE ? Source.STALE : Source.FRESH);
  }

  // ---- for tests and diagnostics ----

  Generations generations() {
    return generations;
  }

  Flights flights() {
    return flights;
  }

  // ---- small helpers ----

  private void checkOpen() {
    if (closed.get()) {
      throw new CacheClosedException();
    }
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }
}
