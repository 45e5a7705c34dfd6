package io.daramjwee;

import io.daramjwee.CacheResponse.Source;
import io.daramjwee.FreshnessPolicy.State;
import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.NamedJob;
import io.daramjwee.internal.OnCloseInputStream;
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
 * The engine behind {@link DaramjweeCache}: the read flow across tiers, miss coalescing, fills and
 * their publication, direct writes and deletes. Background work (refresh, propagation to lower
 * tiers) runs on a {@link BoundedWorker}.
 *
 * <p>Read flow: a servable tier-0 entry is answered without any bookkeeping (the hot path). Else
 * a ticket is taken (see {@link Generations}) and the tiers are searched again from the top; a
 * lower-tier hit streams to the caller while filling tier 0; a miss joins or leads a flight (see
 * {@link Flights}) and the leader streams from the origin into tier 0. Thread-safe.
 */
final class TieredCache implements DaramjweeCache {

  private static final Logger LOG = LoggerFactory.getLogger(DaramjweeCache.class);
  private static final int COPY_BUFFER = 16 * 1024;

  private final Tier[] tiers;
  private final boolean hasLowerTiers;
  private final FreshnessPolicy freshness;
  private final Generations generations = new Generations();
  private final Flights flights = new Flights();
  private final Counters counters;
  private final BoundedWorker worker;
  private final Refresher refresher;
  private final Propagator propagator = new Propagator(this);
  private final OriginFlow origin;
  private final Duration closeTimeout;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  TieredCache(List<Store> stores, FreshnessPolicy freshness, int threads, int queueSize,
      Duration jobTimeout, Duration opTimeout, Duration closeTimeout, Clock clock) {
    ThrottledLog log = new ThrottledLog(LOG, Duration.ofSeconds(10));
    this.counters = new Counters(stores.size());
    this.tiers = new Tier[stores.size()];
    boolean lower = false;
    for (int i = 0; i < tiers.length; i++) {
      tiers[i] = new Tier(i, stores.get(i), counters, log);
      lower |= i > 0 && !tiers[i].isNull;
    }
    this.hasLowerTiers = lower;
    this.freshness = freshness;
    this.worker = new BoundedWorker("daramjwee-worker", threads, queueSize, jobTimeout);
    this.refresher = new Refresher(this, worker, log);
    this.origin = new OriginFlow(this, freshness, worker, clock, opTimeout);
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
    CacheResponse hit = hotHit(key, request, fetcher);
    if (hit != null) {
      return hit;
    }
    Located located = locate(key, request, fetcher);
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
    Metadata stamped = metadata.cachedAt().equals(Instant.EPOCH) ? stamp(metadata) : metadata;
    return new DirectWriter(this, key, tiers[0].store.setWithWriter(key, stamped),
        stamped.cachedAt());
  }

  @Override
  public void delete(String key) throws IOException {
    checkOpen();
    checkKey(key);
    Generations.Ticket ticket = generations.acquire(key);
    try {
      // Under the key's lock: no publish can interleave, and every fill that observed the key
      // before this delete fails its generation check afterwards. Lowest tier first, so that even
      // a reader outside the lock can never promote a value that is being deleted.
      ticket.exclusive(() -> {
        IOException first = null;
        for (int i = tiers.length - 1; i >= 0; i--) {
          if (tiers[i].isNull) {
            continue;
          }
          try {
            tiers[i].delete(key);
          } catch (IOException | RuntimeException e) {
            IOException failure = e instanceof IOException
                ? (IOException) e : new IOException(tiers[i] + " delete failed", e);
            if (first == null) {
              first = failure;
            } else {
              first.addSuppressed(failure);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      });
    } finally {
      ticket.release();
    }
  }

  @Override
  public boolean scheduleRefresh(String key, Fetcher fetcher) {
    checkOpen();
    checkKey(key);
    Objects.requireNonNull(fetcher, "fetcher");
    return refresher.schedule(key, fetcher);
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
    CacheResponse hit = hotHit(key, request, refresher);
    if (hit != null) {
      return Lookup.answered(hit);
    }
    Located located = locate(key, request, refresher);
    if (located.answer != null) {
      return Lookup.answered(located.answer);
    }
    if (located.ticket != null) {
      return new Lookup(this, key, request, located.ticket, located.flight, located.expired,
          located.expiredTier);
    }
    CacheResponse collapsed = origin.awaitLeader(key, request, located.flight);
    if (collapsed != null) {
      return Lookup.answered(collapsed);
    }
    // The leader failed, was not storable, or is stuck: produce it ourselves, uncoalesced.
    return new Lookup(this, key, request, generations.acquire(key), null, located.expired,
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
   * A servable tier-0 entry, answered without any bookkeeping or allocation beyond the answer
   * (the hot path of {@link #get} and {@link #lookup}); null when there is none.
   */
  private CacheResponse hotHit(String key, CacheRequest request, Fetcher refresher) {
    StoredEntry hot = tiers[0].open(key);
    if (hot == null) {
      return null;
    }
    State state = freshness.judge(0, hot.metadata(), clock.instant());
    if (state == State.EXPIRED) {
      closeQuietly(hot);
      return null;
    }
    return serveHit(key, 0, hot, state, request, refresher, null);
  }

  /**
   * The read flow after a tier-0 miss, up to the origin, shared by {@link #get} and
   * {@link #lookup}: a ticket is taken and the tiers are searched again from the top; a miss
   * joins or leads the key's flight.
   */
  private Located locate(String key, CacheRequest request, Fetcher refresher) {
    Located located = new Located();
    // The ticket is taken before any tier is read again, so a value set meanwhile is either seen
    // here or makes our fill fail its generation check: never overwritten by an older copy.
    Generations.Ticket ticket = generations.acquire(key);
    boolean handedOff = false;
    try {
      located.answer = searchTiers(key, request, refresher, ticket, located);
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
   * Searches every tier from the top for a servable entry and serves it, consuming
   * {@code ticket}; else returns null, keeps the ticket, and notes the first expired entry in
   * {@code located}.
   */
  private CacheResponse searchTiers(String key, CacheRequest request, Fetcher fetcher,
      Generations.Ticket ticket, Located located) {
    Instant now = clock.instant();
    for (int i = 0; i < tiers.length; i++) {
      if (tiers[i].isNull) {
        continue;
      }
      StoredEntry entry = tiers[i].open(key);
      if (entry == null) {
        continue;
      }
      State state = freshness.judge(i, entry.metadata(), now);
      if (state != State.EXPIRED) {
        return serveHit(key, i, entry, state, request, fetcher, ticket);
      }
      if (located.expired == null) {
        located.expired = entry.metadata();
        located.expiredTier = i;
      }
      closeQuietly(entry);
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
      closeQuietly(entry);
      if (ticket != null) {
        ticket.release();
      }
      if (stale) {
        refresher.schedule(key, fetcher);
      }
      return CacheResponse.notModified(metadata, tier, source);
    }
    InputStream body = entry.body();
    if (tier > 0 && ticket != null) {
      body = promote(ticket, metadata, body);
    } else if (ticket != null) {
      ticket.release();
    }
    if (stale) {
      body = new OnCloseInputStream(body, () -> refresher.schedule(key, fetcher));
    }
    return CacheResponse.ofEntry(metadata, body, tier, source);
  }

  /** Tees a lower-tier body into tier 0, keeping its cachedAt; consumes {@code ticket}. */
  private InputStream promote(Generations.Ticket ticket, Metadata metadata, InputStream body) {
    // An entry that tier 0 would judge expired is not promoted: it would only be read, judged
    // expired and promoted again on every get.
    StoreWriter writer = freshness.judge(0, metadata, clock.instant()) == State.EXPIRED
        ? null : tiers[0].writer(ticket.key(), metadata);
    if (writer == null) {
      ticket.release();
      return body;
    }
    return Fill.promotion(this, writer, ticket).tee(body);
  }

  // ---- writes shared with the background jobs ----

  FetchResult fetch(Fetcher fetcher, Metadata previous) throws IOException {
    counters.originFetches.increment();
    try {
      FetchResult result = fetcher.fetch(previous);
      if (result == null) {
        throw new IOException("fetcher returned null");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      counters.originErrors.increment();
      throw e;
    }
  }

  /**
   * Writes {@code body} whole into tier 0 and publishes it if still current, then hands the
   * ticket to the propagation; consumes {@code ticket} in every case.
   *
   * @return true when published
   * @throws IOException when reading {@code body} fails (tier failures only return false)
   */
  boolean storeHot(Generations.Ticket ticket, Metadata metadata, InputStream body)
      throws IOException {
    boolean published = false;
    try {
      published = writeTier(tiers[0], ticket, metadata, body);
    } finally {
      if (published) {
        counters.published.increment();
        propagateDown(ticket);
      } else {
        counters.fillsAborted.increment();
        ticket.release();
      }
    }
    return published;
  }

  /**
   * Writes {@code body} whole into {@code tier} and publishes it if {@code ticket} is still
   * current. Does not consume the ticket.
   *
   * @return true when published; false when the tier failed (logged and counted) or a newer
   *     write won
   * @throws IOException when reading {@code body} fails
   */
  boolean writeTier(Tier tier, Generations.Ticket ticket, Metadata metadata, InputStream body)
      throws IOException {
    StoreWriter writer = tier.writer(ticket.key(), metadata);
    if (writer == null) {
      return false;
    }
    try (writer) {
      byte[] buffer = new byte[COPY_BUFFER];
      for (int n; (n = body.read(buffer)) != -1; ) {
        try {
          writer.write(buffer, 0, n);
        } catch (IOException | RuntimeException e) {
          tier.failed("write", ticket.key(), e);
          return false;
        }
      }
      try {
        return tier.index == 0
            ? ticket.publishIfCurrent(writer) : ticket.publishBelowIfCurrent(writer);
      } catch (IOException | RuntimeException e) {
        tier.failed("commit", ticket.key(), e);
        return false;
      }
    }
  }

  /** Copies the value {@code ticket} just published into the lower tiers; consumes the ticket. */
  void propagateDown(Generations.Ticket ticket) {
    if (!hasLowerTiers || !worker.submit(new NamedJob(
        "copy of key '" + ticket.key() + "' into the lower tiers", () -> propagator.run(ticket)))) {
      ticket.release();
    }
  }

  Metadata stamp(Metadata metadata) {
    return metadata.withCachedAt(clock.instant());
  }

  Tier tier(int index) {
    return tiers[index];
  }

  int tierCount() {
    return tiers.length;
  }

  Counters counters() {
    return counters;
  }

  Generations generations() {
    return generations;
  }

  Flights flights() {
    return flights;
  }

  OriginFlow origin() {
    return origin;
  }

  // ---- small helpers ----

  static void finish(Flights.Flight flight, boolean published) {
    if (flight != null) {
      flight.finish(published);
    }
  }

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

  static void closeQuietly(StoredEntry entry) {
    try {
      entry.close();
    } catch (IOException e) {
      LOG.debug("closing a cache entry failed", e);
    }
  }
}
