package io.daramjwee.servlet;

import static org.awaitility.Awaitility.await;

import io.daramjwee.testing.TestClient;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * A real embedded Tomcat on an ephemeral port for scenario tests: one root context in which a
 * {@link RequestTracker}, a test's own {@linkplain Builder#observer observer} if it has one,
 * and then the filter under test run for the REQUEST and ASYNC dispatcher types (as the starter
 * registers it), in front of the servlets a test maps. Its NIO connector uses sendfile, as
 * Tomcat's does by default, unless a test {@linkplain Builder#sendfile turns it off}. Closing
 * stops the connector and its threads and releases the port. Public for the scenarios of other
 * packages ({@code io.daramjwee.reliability}). Not thread-safe to build; safe to use.
 */
public final class TomcatServer implements AutoCloseable {

  // Tomcat logs through java.util.logging; held strongly, or the level setting is collected.
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  static {
    TOMCAT_LOG.setLevel(Level.WARNING);
  }

  private final Tomcat tomcat;
  private final RequestTracker tracker;
  private final URI baseUri;
  private boolean closed;

  private TomcatServer(Tomcat tomcat, RequestTracker tracker, int port) {
    this.tomcat = tomcat;
    this.tracker = tracker;
    this.baseUri = URI.create("http://127.0.0.1:" + port);
  }

  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  /** {@code http://127.0.0.1:<port>}, with no trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  /** A client bound to this server. */
  public TestClient client() {
    return new TestClient(baseUri);
  }

  /** Requests in the server now: entered and not finished. */
  public int inFlight() {
    return tracker.inFlight();
  }

  /** Requests finished since start. */
  public int finished() {
    return tracker.finished();
  }

  /** Waits until no request is in the server, so whatever a finished request does is done. */
  public void awaitIdle() {
    await("requests in flight to finish").atMost(Duration.ofSeconds(10))
        .until(() -> tracker.inFlight() == 0);
  }

  /** Stops the server; a second call does nothing, so a test may stop it early. */
  @Override
  public synchronized void close() throws LifecycleException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      tomcat.stop();
    } finally {
      tomcat.destroy();
    }
  }

  /** Collects the filter and servlets; {@link #start()} builds and starts the server. */
  public static final class Builder {
    private final Path baseDir;
    private Filter filter;
    private Filter observer;
    private boolean sendfile = true;
    private int port;
    private final Map<String, Servlet> servlets = new LinkedHashMap<>();

    private Builder(Path baseDir) {
      this.baseDir = baseDir;
    }

    /** The filter under test; may be left out to run the servlets bare. */
    public Builder filter(Filter filter) {
      this.filter = filter;
      return this;
    }

    /**
     * A filter run just outside the filter under test, for the REQUEST dispatch: it sees the
     * request and response the container made (and passes them on as they are, unless wrapping
     * them is what the test is about) and, after its {@code chain.doFilter} returns, what the
     * filter under test left on the request, before Tomcat commits the response.
     */
    public Builder observer(Filter observer) {
      this.observer = observer;
      return this;
    }

    /**
     * The port to listen on; default 0, an ephemeral one. A test that restarts the server on the
     * port of the one before uses it, since the cache key holds the request's authority.
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Whether the connector uses sendfile ({@code useSendfile}); Tomcat's default, true. */
    public Builder sendfile(boolean sendfile) {
      this.sendfile = sendfile;
      return this;
    }

    /** Maps {@code servlet} (async-supported, loaded at start) at {@code mapping}. */
    public Builder servlet(String mapping, Servlet servlet) {
      servlets.put(mapping, servlet);
      return this;
    }

    public TomcatServer start() throws LifecycleException {
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
      Connector connector = new Connector();
      connector.setPort(port);
      connector.setProperty("useSendfile", Boolean.toString(sendfile));
      tomcat.getService().addConnector(connector);
      tomcat.setConnector(connector);

      Context context = tomcat.addContext("", baseDir.toAbsolutePath().toString());
      // Leak protection is for redeployed webapps; here it only warns about missing --add-opens.
      StandardContext standard = (StandardContext) context;
      standard.setClearReferencesRmiTargets(false);
      standard.setClearReferencesThreadLocals(false);
      RequestTracker tracker = new RequestTracker();
      addFilter(context, "tracker", tracker, "REQUEST");
      if (observer != null) {
        addFilter(context, "observer", observer, "REQUEST");
      }
      if (filter != null) {
        addFilter(context, "daramjwee", filter, "REQUEST", "ASYNC");
      }
      int n = 0;
      for (Map.Entry<String, Servlet> e : servlets.entrySet()) {
        String name = "servlet-" + n++;
        Wrapper wrapper = Tomcat.addServlet(context, name, e.getValue());
        wrapper.setAsyncSupported(true);
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded(e.getKey(), name);
      }
      try {
        tomcat.start();
      } catch (LifecycleException | RuntimeException e) {
        tomcat.destroy();
        throw e;
      }
      return new TomcatServer(tomcat, tracker, connector.getLocalPort());
    }

    private static void addFilter(Context context, String name, Filter filter,
        String... dispatchers) {
      FilterDef def = new FilterDef();
      def.setFilterName(name);
      def.setFilter(filter);
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(name);
      map.addURLPattern("/*");
      for (String d : dispatchers) {
        map.setDispatcher(d);
      }
      // Appended: maps run in the order added, so the tracker (added first) stays outermost.
      context.addFilterMap(map);
    }
  }
}
