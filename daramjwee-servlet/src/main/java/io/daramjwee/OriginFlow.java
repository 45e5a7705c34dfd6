package io.daramjwee;

import io.daramjwee.CacheResponse.Source;
import io.daramjwee.internal.BoundedWorker;
import io.daramjwee.internal.NamedJob;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a read does when no tier holds a servable entry: follow a concurrent miss, or call the
 * origin and stream its answer to the caller while filling the first tier that admits it; renew
 * an entry the origin confirmed unchanged; stand in with a stale entry when the origin fails
 * (stale-if-error). Every method consumes the ticket and ends the flight it is given, on every
 * path. It owns the origin call and the choice of answer; the {@link Publisher} it is given owns
 * the tiers and the writes. Thread-safe.
 */
final class OriginFlow {

  private final Publisher publisher;
  private final FreshnessPolicy freshness;
  private final BoundedWorker worker;
  private final Clock clock;
  private final Duration opTimeout;

  OriginFlow(Publisher publisher, FreshnessPolicy freshness, BoundedWorker worker, Clock clock,
      Duration opTimeout) {
    this.publisher = publisher;
    this.freshness = freshness;
    this.worker = worker;
    this.clock = clock;
    this.opTimeout = opTimeout;
  }

  CacheResponse follow(String key, CacheRequest request, Fetcher fetcher,
      Flights.Flight flight, Metadata previous, int previousTier) throws IOException {
    CacheResponse collapsed = awaitLeader(key, request, flight);
    if (collapsed != null) {
      return collapsed;
    }
    // The leader failed, was not storable, or is stuck: fetch for ourselves, uncoalesced.
    return fetchAndFill(key, request, fetcher, publisher.acquire(key), null, previous,
        previousTier);
  }

  /**
   * Waits for the leader of {@code flight} and answers from what it published, or returns null
   * when it failed, was not storable, or did not finish within the operation timeout.
   */
  CacheResponse awaitLeader(String key, CacheRequest request, Flights.Flight flight) {
    if (flight.await(opTimeout) == Flights.Outcome.PUBLISHED) {
      // Served as published, whatever its freshness: it is the answer this call waited for, from
      // the tier the leader's value was published in (a large one skips the upper tiers).
      int tier = flight.tier();
      StoredEntry entry = publisher.tier(tier).open(key);
      if (entry != null && !request.selects(entry.metadata())) {
        // The leader's response is another variant than this caller's.
        entry.closeQuietly();
        return request.answersOtherVariant()
            ? CacheResponse.otherVariant(entry.metadata(), tier, Source.FRESH) : null;
      }
      if (entry != null) {
        publisher.counters().collapsed.increment();
        return respond(tier, entry, request, Source.COLLAPSED);
      }
    }
    return null;
  }

  /** The time a producer is asked at; see {@link Publisher#now()}. */
  Instant now() {
    return publisher.now();
  }

  /** Calls the origin and answers from it; consumes {@code ticket} and ends {@code flight}. */
  CacheResponse fetchAndFill(String key, CacheRequest request, Fetcher fetcher,
      Generations.Ticket ticket, Flights.Flight flight, Metadata previous, int previousTier)
      throws IOException {
    Instant asked = publisher.now();
    FetchResult result;
    try {
      result = fetch(fetcher, previous);
    } catch (IOException | RuntimeException e) {
      Publisher.pass(ticket, flight);
      CacheResponse fallback = serveOnError(key, previousTier, request);
      if (fallback != null) {
        return fallback;
      }
      throw e;
    }
    switch (result.kind()) {
      case BODY: {
        Metadata stamped = result.metadata().withCachedAt(asked);
        long length = result.length() >= 0 ? result.length() : Admission.length(stamped);
        TierWrite write = result.storeLimit() == 0 ? null : TierWrite.open(publisher,
            ticket.key(), stamped, length, 0, publisher.tierCount(), result.storeLimit());
        InputStream served = result.body();
        if (write == null) {
          Publisher.pass(ticket, flight);
        } else {
          served = Fill.fromOrigin(publisher, write, ticket, flight, stamped, result.completion())
              .tee(served);
        }
        return CacheResponse.fromOrigin(stamped, served);
      }
      case NO_STORE:
        Publisher.pass(ticket, flight);
        // Stamped like a stored answer, so what serves it computes its age from now, not 1970.
        return CacheResponse.fromOrigin(result.metadata().withCachedAt(asked), result.body());
      case NOT_FOUND: {
        Metadata negative = result.metadata().withCachedAt(asked);
        Flights.finish(flight, publisher.store(ticket, negative, InputStream.nullInputStream(), 0,
            Long.MAX_VALUE));
        return CacheResponse.fromOrigin(negative, InputStream.nullInputStream());
      }
      case NOT_MODIFIED:
        publisher.counters().notModified.increment();
        return renew(key, request, fetcher, ticket, flight, previousTier, result.metadata(),
            asked);
      default:
        throw new IllegalStateException("unknown fetch result " + result.kind());
    }
  }

  /** Serves the entry the origin just confirmed, renewing it in its home as the caller reads. */
  private CacheResponse renew(String key, CacheRequest request, Fetcher fetcher,
      Generations.Ticket ticket, Flights.Flight flight, int previousTier, Metadata updated,
      Instant asked) throws IOException {
    StoredEntry entry = previousTier < 0 ? null : publisher.tier(previousTier).open(key);
    if (entry != null && !request.selects(entry.metadata())) {
      entry.closeQuietly(); // replaced by another variant meanwhile: as good as vanished
      entry = null;
    }
    if (entry == null) {
      if (previousTier < 0) {
        Publisher.pass(ticket, flight);
        throw new IOException(
            "origin answered 'not modified' to an unconditional fetch of '" + key + "'");
      }
      // The entry vanished while we revalidated it: fetch it whole.
      return fetchAndFill(key, request, fetcher, ticket, flight, null, -1);
    }
    return renewFrom(entry, key, request, ticket, flight, previousTier, updated, asked);
  }

  /**
   * Answers a producer whose origin confirmed the previous entry of {@code previousTier}
   * unchanged ({@link Lookup#renew}): that entry renewed with {@code updated}, or null, with the
   * ticket released and the flight ended, when it vanished meanwhile.
   */
  CacheResponse renewPushed(String key, CacheRequest request, Generations.Ticket ticket,
      Flights.Flight flight, int previousTier, Metadata updated, Instant asked) {
    publisher.counters().notModified.increment();
    StoredEntry entry = previousTier < 0 ? null : publisher.tier(previousTier).open(key);
    if (entry != null && !request.selects(entry.metadata())) {
      entry.closeQuietly();
      entry = null;
    }
    if (entry == null) {
      Publisher.pass(ticket, flight);
      return null;
    }
    return renewFrom(entry, key, request, ticket, flight, previousTier, updated, asked);
  }

  private CacheResponse renewFrom(StoredEntry entry, String key, CacheRequest request,
      Generations.Ticket ticket, Flights.Flight flight, int previousTier, Metadata updated,
      Instant asked) {
    Metadata renewed = (updated != null ? updated : entry.metadata()).withCachedAt(asked);
    if (request.isNotModified(renewed)) {
      // The caller needs no body; the renewal copies it in the background and ends the flight.
      boolean queued = worker.submit(new NamedJob("renewal of key '" + key + "'", () -> {
        try (entry) {
          Flights.finish(flight, publisher.store(ticket, renewed, entry.body(),
              Admission.length(renewed), Long.MAX_VALUE));
        } catch (IOException | RuntimeException e) {
          publisher.tier(previousTier).failed("read for renewal", key, e);
          Flights.finish(flight, -1);
        }
      }));
      if (!queued) {
        entry.closeQuietly();
        Publisher.pass(ticket, flight);
      }
      return CacheResponse.notModified(renewed, previousTier, Source.REVALIDATED);
    }
    return fill(ticket, flight, renewed, entry.body(), previousTier);
  }

  /**
   * Streams {@code body} to the caller while filling the first tier that admits it; consumes
   * ticket and flight.
   */
  private CacheResponse fill(Generations.Ticket ticket, Flights.Flight flight, Metadata metadata,
      InputStream body, int tier) {
    TierWrite write = TierWrite.open(publisher, ticket.key(), metadata,
        Admission.length(metadata), 0, publisher.tierCount(), Long.MAX_VALUE);
    InputStream served = body;
    if (write == null) {
      Publisher.pass(ticket, flight);
    } else {
      served = Fill.fromOrigin(publisher, write, ticket, flight).tee(body);
    }
    return CacheResponse.ofEntry(metadata, served, tier, Source.REVALIDATED);
  }

  /**
   * Starts the write of a value its producer pushes ({@link Lookup#fill}) into the first tier
   * that admits {@code length} bytes (-1: unknown), stamped now unless the producer set
   * {@code cachedAt}; consumes {@code ticket} and ends {@code flight} when the writer settles.
   */
  StoreWriter push(Generations.Ticket ticket, Flights.Flight flight, Metadata metadata,
      long length, Instant asked) {
    Metadata stamped = Publisher.stampIfUnset(metadata, asked);
    long declared = length >= 0 ? length : Admission.length(stamped);
    return new PushedFill(publisher, ticket, flight, TierWrite.open(publisher, ticket.key(),
        stamped, declared, 0, publisher.tierCount(), Long.MAX_VALUE), stamped.cachedAt());
  }

  /** Calls the origin, counting the call and its failure; a null result is a failure. */
  FetchResult fetch(Fetcher fetcher, Metadata previous) throws IOException {
    Counters counters = publisher.counters();
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

  /** An expired entry still inside stale-if-error, standing in for a failed origin, or null. */
  CacheResponse serveOnError(String key, int tier, CacheRequest request) {
    if (tier < 0) {
      return null;
    }
    StoredEntry entry = publisher.tier(tier).open(key);
    if (entry == null) {
      return null;
    }
    if (!request.selects(entry.metadata())
        || !freshness.servableOnError(tier, entry.metadata(), clock.instant())) {
      entry.closeQuietly();
      return null;
    }
    publisher.counters().tierHits[tier].increment();
    publisher.counters().staleHits.increment();
    return respond(tier, entry, request, Source.STALE_IF_ERROR);
  }

  private CacheResponse respond(int tier, StoredEntry entry, CacheRequest request,
      Source source) {
    Metadata metadata = entry.metadata();
    if (request.isNotModified(metadata)) {
      entry.closeQuietly();
      return CacheResponse.notModified(metadata, tier, source);
    }
    return CacheResponse.ofEntry(metadata, entry.body(), tier, source);
  }
}
