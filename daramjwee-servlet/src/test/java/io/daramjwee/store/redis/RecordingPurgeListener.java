package io.daramjwee.store.redis;

import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.purge.PurgeMark;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a {@link PurgeChannel} told its listener, in order: {@code received <id>},
 * {@code historyLost}, {@code caughtUp}, {@code disconnected}; the marks received; when each mark
 * id was first received ({@link System#nanoTime()}); and the thread it was told on. Thread-safe.
 */
final class RecordingPurgeListener implements PurgeChannel.Listener {

  static final String LOST = "historyLost";
  static final String CAUGHT_UP = "caughtUp";
  static final String DISCONNECTED = "disconnected";

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<PurgeMark> marks = new CopyOnWriteArrayList<>();
  private final Map<String, Long> firstReceived = new ConcurrentHashMap<>();
  private volatile Thread thread;

  @Override
  public void received(PurgeMark mark) {
    firstReceived.putIfAbsent(mark.id(), System.nanoTime());
    marks.add(mark);
    record("received " + mark.id());
  }

  @Override
  public void historyLost() {
    record(LOST);
  }

  @Override
  public void caughtUp() {
    record(CAUGHT_UP);
  }

  @Override
  public void disconnected(Exception cause) {
    record(DISCONNECTED);
  }

  /** Every event so far, in order. */
  List<String> events() {
    return List.copyOf(events);
  }

  /** The events after the first {@code event}; empty when it did not happen. */
  List<String> eventsAfter(String event) {
    List<String> all = events();
    int at = all.indexOf(event);
    return at < 0 ? List.of() : all.subList(at + 1, all.size());
  }

  /** How many times {@code event} happened. */
  long count(String event) {
    return events().stream().filter(event::equals).count();
  }

  /** Whether the last event is a catch-up that came after {@code event}. */
  boolean caughtUpAfter(String event) {
    List<String> all = events();
    int at = all.indexOf(event);
    return at >= 0 && all.lastIndexOf(CAUGHT_UP) > at && all.get(all.size() - 1).equals(CAUGHT_UP);
  }

  /** Every mark received, in order, repeats included. */
  List<PurgeMark> marks() {
    return List.copyOf(marks);
  }

  /** The ids of {@link #marks()}. */
  List<String> ids() {
    return marks().stream().map(PurgeMark::id).toList();
  }

  /** When {@code id} was first received, or null. */
  Long receivedAt(String id) {
    return firstReceived.get(id);
  }

  /** The thread the channel called on, once it did. */
  Thread thread() {
    return thread;
  }

  private void record(String event) {
    thread = Thread.currentThread();
    events.add(event);
  }
}
