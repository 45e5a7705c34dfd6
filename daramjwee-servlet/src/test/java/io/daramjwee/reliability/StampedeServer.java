package io.daramjwee.reliability;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real embedded Tomcat for a stampede: a request counter outermost, then the filter under test,
 * then one servlet at {@code /}. Unlike the scenario fixture ({@code servlet.TomcatServer}) its
 * connector has a worker thread and a backlog slot for every request of the
 * herd, since a coalesced request waits on a worker thread, and a herd larger than Tomcat's
 * default 200 threads would otherwise queue in the connector instead of overlapping in the filter.
 * Not thread-safe to start; safe to use.
 */
final class StampedeServer implements AutoCloseable {

  // Tomcat logs through java.util.logging; held strongly, or the level setting is collected.
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  static {
    TOMCAT_LOG.setLevel(Level.WARNING);
  }

  private final Tomcat tomcat;
  private final URI baseUri;
  private final Counter counter;

  private StampedeServer(Tomcat tomcat, URI baseUri, Counter counter) {
    this.tomcat = tomcat;
    this.baseUri = baseUri;
    this.counter = counter;
  }

  /**
   * Starts Tomcat with {@code threads} workers, {@code filter} in front of {@code servlet}; its
   * {@link #allInFlight} opens once {@code herd} requests are in the server at the same time.
   */
  static StampedeServer start(Path baseDir, int threads, int herd, Filter filter,
      HttpServlet servlet) throws LifecycleException {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("maxThreads", Integer.toString(threads));
    connector.setProperty("acceptCount", Integer.toString(threads));
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toAbsolutePath().toString());
    StandardContext standard = (StandardContext) context;
    standard.setClearReferencesRmiTargets(false);
    standard.setClearReferencesThreadLocals(false);
    Counter counter = new Counter(herd);
    addFilter(context, "counter", counter);
    addFilter(context, "daramjwee", filter);
    Wrapper wrapper = Tomcat.addServlet(context, "origin", servlet);
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded("/", "origin");
    try {
      tomcat.start();
    } catch (LifecycleException | RuntimeException e) {
      tomcat.destroy();
      throw e;
    }
    return new StampedeServer(tomcat,
        URI.create("http://127.0.0.1:" + connector.getLocalPort()), counter);
  }

  URI baseUri() {
    return baseUri;
  }

  /** Opens when the whole herd was in the server at once. */
  CountDownLatch allInFlight() {
    return counter.allIn;
  }

  /** Requests in the server now. */
  int inFlight() {
    return counter.inFlight.get();
  }

  /** The most requests that were in the server at once. */
  int peakInFlight() {
    return counter.peak.get();
  }

  @Override
  public void close() throws LifecycleException {
    try {
      tomcat.stop();
    } finally {
      tomcat.destroy();
    }
  }

  private static void addFilter(Context context, String name, Filter filter) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/*");
    map.setDispatcher("REQUEST");
    context.addFilterMap(map);
  }

  /** Counts requests in the server (synchronous ones: the stampede's origin does not go async). */
  private static final class Counter implements Filter {
    private final int herd;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final CountDownLatch allIn = new CountDownLatch(1);

    Counter(int herd) {
      this.herd = herd;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      int now = inFlight.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
      if (now >= herd) {
        allIn.countDown();
      }
      try {
        chain.doFilter(request, response);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }
}
