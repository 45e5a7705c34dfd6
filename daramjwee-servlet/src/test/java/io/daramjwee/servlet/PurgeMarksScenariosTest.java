package io.daramjwee.servlet;

import static io.daramjwee.servlet.ScriptedOrigin.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.Store;
import io.daramjwee.purge.FilePurgeJournal;
import io.daramjwee.purge.Purge;
import io.daramjwee.purge.PurgeChannel;
import io.daramjwee.purge.PurgeJournal;
import io.daramjwee.purge.PurgeLog;
import io.daramjwee.purge.PurgeMark;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.ForwardingStore;
import io.daramjwee.testing.KeyJournal;
import io.daramjwee.testing.RawHttp;
import io.daramjwee.testing.TestClient.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Purge marks on a real Tomcat: soft purges serve stale once while one refresh replaces the entry,
 * key purges, a purge taken while the origin was producing covers what it produced, and entries of
 * a tier that outlives the process held back until the marks are reconciled (a channel that has
 * not caught up, a journal that could not be read at start).
 */
class PurgeMarksScenariosTest extends FilterScenarios {

  private DaramjweeFilter filter;

  @Test
  void softPurge_servesTheOldBodyOnceAsStale_thenTheRefreshedOne_withOneOriginCall()
      throws Exception {
    origin.on("/news", (request, response, call) -> write(response, "edition " + call));
    startWith(Route.controller("/news",
        rules("news").freshFor(Duration.ofMinutes(5)).staleFor(Duration.ofMinutes(1)).build()));
    client.get("/news");
    clock.advance(Duration.ofSeconds(1));

    filter.purge(Purge.route("news").asSoft());
    clock.advance(Duration.ofMillis(1));

    Reply stale = client.get("/news");
    assertThat(stale.text()).isEqualTo("edition 1");
    assertHit(stale);
    await("the refresh replaced the entry").until(() -> origin.calls("/news") == 2);
    await("the refreshed edition is served")
        .until(() -> client.get("/news").text().equals("edition 2"));
    assertHit(client.get("/news"));
    assertThat(origin.calls("/news")).isEqualTo(2);
  }

  @Test
  void softPurge_pastTheStaleWindow_fetchesAgainLikeAHardOne() throws Exception {
    origin.on("/doc", (request, response, call) -> write(response, "doc " + call));
    startWith(Route.controller("/doc",
        rules("doc").freshFor(Duration.ofHours(1)).staleFor(Duration.ofSeconds(10)).build()));
    client.get("/doc");
    clock.advance(Duration.ofSeconds(1));
    filter.purge(Purge.path("/doc").asSoft());

    clock.advance(Duration.ofSeconds(11)); // fresh by its own lifetime, past the purge's window

    Reply reply = client.get("/doc");
    assertStoredMiss(reply);
    assertThat(reply.text()).isEqualTo("doc 2");
  }

  @Test
  void softPurge_ofAnEntryThatMayNotBeServedStale_fetchesAgain() throws Exception {
    origin.on("/strict", (request, response, call) -> write(response, "strict " + call));
    startWith(Route.controller("/strict", rules("strict").freshFor(Duration.ofHours(1))
        .staleFor(Duration.ZERO).build()));
    client.get("/strict");
    clock.advance(Duration.ofSeconds(1));

    filter.purge(Purge.route("strict").asSoft());

    assertThat(client.get("/strict").text()).isEqualTo("strict 2");
  }

  @Test
  void keyPurge_removesThatKeyOnly() throws Exception {
    origin.on("/k", (request, response, call) -> write(response,
        request.getQueryString() + " " + call));
    KeyedStore hot = new KeyedStore();
    filter = filter(cache(hot)).route(Route.controller("/k", rules("k").build())).build();
    start(filter, origin);
    client.get("/k?a=1");
    client.get("/k?a=2");
    await("both entries published").until(() -> hot.entryCount() == 2);
    String key = onlyKeyMatching(hot, "a=1");

    filter.purge(Purge.key(key));

    assertThat(hot.entryCount()).as("deleted at once").isEqualTo(1);
    assertThat(client.get("/k?a=1").text()).isEqualTo("a=1 3");
    assertHit(client.get("/k?a=2"));
  }

  @Test
  void aPurgeTakenWhileTheControllerRan_coversWhatItProduced() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    origin.on("/slow", (request, response, call) -> {
      if (call == 1) {
        running.countDown();
        assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
      }
      write(response, "slow " + call);
    });
    startWith(Route.controller("/slow", rules("slow").build()));
    Thread first = new Thread(() -> client.get("/slow"));
    first.start();
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(1));

    filter.purgePath("/slow"); // the controller read its data before this
    clock.advance(Duration.ofSeconds(1));
    release.countDown();
    first.join(20_000);

    // Stamped when the controller was asked, so the purge covers it: not served again.
    Reply after = client.get("/slow");
    assertThat(after.text()).isEqualTo("slow 2");
    assertStoredMiss(after);
  }

  @Test
  void unreconciledMarks_holdBackAPersistentTier_butNotTheMemoryTier() throws Exception {
    origin.on("/p", (request, response, call) -> write(response, "p " + call));
    KeyedStore hot = new KeyedStore();
    FileStore cold = closeLater(FileStore.builder().directory(dir.resolve("cold"))
        .capacity(1 << 20).build());
    DaramjweeCache cache = cache(hot, cold);
    SilentChannel channel = new SilentChannel();
    PurgeLog log = closeLater(PurgeLog.builder().clock(clock).channel(channel).build());
    filter = filter(cache).purgeLog(log).route(Route.controller("/p", rules("p").build())).build();
    start(filter, origin);

    client.get("/p");
    await("the fill reaches the file tier").until(() -> cold.stat(onlyKey(hot)) != null);
    assertHit(client.get("/p")); // the memory tier started empty with this process: served
    hot.delete(onlyKey(hot));

    Reply held = client.get("/p"); // only the file tier has it, and the marks are not reconciled
    assertThat(held.text()).isEqualTo("p 2");
    assertThat(log.reconciled()).isFalse();
    assertThat(cold.stat(onlyKey(hot))).as("held back, not deleted: a shared tier's entry")
        .isNotNull();
    assertThat(hot.entryCount()).as("the origin's answer is not stored meanwhile").isZero();

    channel.listener.caughtUp();
    Reply served = client.get("/p");
    assertHit(served);
    assertThat(served.text()).isEqualTo("p 1");
    assertThat(origin.calls("/p")).isEqualTo(2);
  }

  @Test
  void aPurgedEntryATierFailsToDelete_isNeverServedAgain_theOriginAnswersInstead()
      throws Exception {
    origin.on("/stuck", (request, response, call) -> write(response, "stuck " + call));
    Store undeletable = new ForwardingStore(MemoryStore.builder().capacity(1 << 20).build()) {
      @Override
      public void delete(String key) throws IOException {
        throw new IOException("injected: delete refused"); // fault injection, as an S3 role
      }
    };
    filter = filter(cache(undeletable)).route(Route.controller("/stuck", rules("stuck").build()))
        .build();
    start(filter, origin);
    client.get("/stuck");
    assertHit(client.get("/stuck"));
    clock.advance(Duration.ofSeconds(1));

    filter.purgePath("/stuck");
    clock.advance(Duration.ofMillis(1));

    assertThat(client.get("/stuck").text()).isEqualTo("stuck 2");
    assertThat(client.get("/stuck").text()).isEqualTo("stuck 3");
  }

  @Test
  void aPurge_outlivesARestartOfAnInstanceWhoseTierOutlivesIt() throws Exception {
    origin.on("/doc", (request, response, call) -> write(response, "doc " + call));
    Instance first = new Instance();
    first.get("/doc");
    assertHit(first.get("/doc"));
    clock.advance(Duration.ofSeconds(1));
    first.filter.purgePath("/doc");
    first.close();
    clock.advance(Duration.ofMillis(1)); // what the restarted instance stores is after the purge

    Instance second = closeLater(new Instance()); // the same file tier and journal, reopened

    Reply after = second.get("/doc");
    assertThat(after.text()).isEqualTo("doc 2");
    assertStoredMiss(after);
    assertHit(second.get("/doc"));
  }

  @Test
  void aJournalUnreadableAtRestart_holdsTheFileTierBack_untilItIsRead_andThePurgedBodyNeverReturns()
      throws Exception {
    origin.on("/doc", (request, response, call) -> write(response, "doc " + call));
    Instance first = new Instance();
    first.get("/doc");
    assertHit(first.get("/doc"));
    clock.advance(Duration.ofSeconds(1));
    first.filter.purgePath("/doc");
    first.close();
    clock.advance(Duration.ofMillis(1));
    FilePurgeJournal journal = FilePurgeJournal.in(dir.resolve("files.purges"));
    Path file = dir.resolve("files.purges").resolve("purges.journal");
    Path aside = Files.move(file, file.resolveSibling("aside"));
    Files.createDirectory(file); // opened already: only reading it fails, as on a bad disk

    Instance second = closeLater(new Instance(journal));

    Reply held = second.get("/doc"); // the file tier has "doc 1", its mark is unknown
    assertThat(held.text()).isEqualTo("doc 2");
    assertThat(second.log.reconciled()).isFalse();
    Files.delete(file);
    Files.move(aside, file);
    clock.advance(Duration.ofSeconds(1)); // the next read of the journal is due

    Reply after = second.get("/doc");
    assertThat(after.text()).isEqualTo("doc 3");
    assertStoredMiss(after);
    assertThat(second.log.reconciled()).isTrue();
    assertHit(second.get("/doc"));
  }

  /** One run of a single instance: a file tier and a purge journal in the test's directory. */
  private final class Instance implements AutoCloseable {
    final FileStore files;
    final PurgeLog log;
    final DaramjweeCache cache;
    final DaramjweeFilter filter;
    final TomcatServer tomcat;

    Instance() throws Exception {
      this(FilePurgeJournal.in(dir.resolve("files.purges")));
    }

    Instance(PurgeJournal journal) throws Exception {
      files = FileStore.builder().directory(dir.resolve("files")).capacity(1 << 20).build();
      log = PurgeLog.builder().clock(clock).journal(journal).build();
      cache = DaramjweeCache.builder().tiers(files).clock(clock).build();
      filter = filter(cache).purgeLog(log).route(Route.controller("/doc", rules("doc").build()))
          .build();
      tomcat = TomcatServer.builder(dir.resolve("tomcat")).filter(filter)
          .servlet("/", origin).start();
    }

    /**
     * GET {@code path} with {@code Host: app.example}, as behind a load balancer: the key holds
     * the host, so each run of the instance, on a port of its own, keys the same entry.
     */
    Reply get(String path) {
      return RawHttp.get(tomcat.baseUri(), "app.example", path);
    }

    @Override
    public void close() throws Exception {
      tomcat.close();
      cache.close();
      log.close();
      files.close();
    }
  }

  private static String onlyKey(KeyedStore store) {
    return onlyKeyMatching(store, "");
  }

  private static String onlyKeyMatching(KeyedStore store, String part) {
    return store.keysWith(part).stream().distinct().reduce((a, b) -> {
      throw new AssertionError("more than one key holds '" + part + "': " + a + ", " + b);
    }).orElseThrow(() -> new AssertionError("no key holds '" + part + "'"));
  }

  /** A memory store that remembers the keys written to it, so a test can name one. */
  private static final class KeyedStore extends ForwardingStore {
    private final MemoryStore memory;
    private final KeyJournal keys;

    private KeyedStore(MemoryStore memory) {
      this(memory, new KeyJournal(memory));
    }

    private KeyedStore(MemoryStore memory, KeyJournal keys) {
      super(keys);
      this.memory = memory;
      this.keys = keys;
    }

    KeyedStore() {
      this(MemoryStore.builder().capacity(1 << 20).build());
    }

    int entryCount() {
      return memory.entryCount();
    }

    List<String> keysWith(String fragment) {
      return keys.keysWith(fragment);
    }
  }

  private void startWith(Route... routes) throws Exception {
    DaramjweeFilter.Builder builder = filter(memoryCache());
    for (Route r : routes) {
      builder.route(r);
    }
    filter = builder.build();
    start(filter, origin);
  }

  /**
   * A fake channel for fault injection: it never reaches its shared log until the test says it
   * caught up (the real one is tested against a real Redis in RedisPurgeChannelTest).
   */
  private static final class SilentChannel implements PurgeChannel {
    volatile Listener listener;

    @Override
    public void start(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void publish(PurgeMark mark) throws IOException {
      throw new IOException("not connected");
    }

    @Override
    public String describe() {
      return "silent";
    }

    @Override
    public void close() {}
  }
}
