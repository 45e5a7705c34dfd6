package io.daramjwee.spring.tiers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;

/**
 * Spells a Redis server's parts (hosts, ports, database, credentials, TLS) as the Redis URIs
 * {@code io.daramjwee.store.redis}'s builders take: {@code redis://} or {@code rediss://} for one
 * server or a cluster's seed node, {@code redis-sentinel://} or {@code rediss-sentinel://} for a
 * Sentinel-managed one. User names, passwords and the Sentinel master are percent-encoded; an IPv6
 * host is bracketed. Stateless.
 *
 * <p>What a URI cannot say is left out or refused, never approximated: the Sentinels' own
 * credentials (Lettuce applies a URI's password to the data nodes only), and an SSL bundle's own
 * key or trust material ({@link #tls}).
 */
final class RedisUris {

  /**
   * How the connections log in: a user name (may be null, then the password alone, as with
   * {@code requirepass}), a password (null: no {@code AUTH}, and the user name is unused), and
   * whether they speak TLS with the JVM's default trust.
   */
  record Login(String username, String password, boolean tls) {

    /** No credentials, no TLS. */
    static final Login NONE = new Login(null, null, false);

    /** {@code [user]:password@}, or nothing without a password. */
    String userInfo() {
      if (password == null) {
        return "";
      }
      return (username == null ? "" : encode(username)) + ":" + encode(password) + "@";
    }

    @Override
    public String toString() { // a record's would print the password
      return "Login[username=" + username + ", password=" + (password == null ? null : "****")
          + ", tls=" + tls + "]";
    }
  }

  private RedisUris() {}

  /** One server: {@code redis://[user:password@]host:port/database}. */
  static String standalone(String host, int port, int database, Login login) {
    return (login.tls() ? "rediss://" : "redis://") + login.userInfo() + node(host, port) + "/"
        + database;
  }

  /**
   * A Sentinel-managed server: {@code redis-sentinel://[user:password@]node,node/database#master},
   * the credentials those of the data nodes. {@code nodes} are {@code host:port} (or a host alone,
   * on the Sentinel port 26379).
   */
  static String sentinel(String master, List<String> nodes, int database, Login login) {
    return (login.tls() ? "rediss-sentinel://" : "redis-sentinel://") + login.userInfo()
        + String.join(",", nodes) + "/" + database + "#" + encode(master);
  }

  /** A Redis Cluster's seed nodes, each {@code redis://[user:password@]host:port}. */
  static List<String> cluster(List<String> nodes, Login login) {
    String scheme = login.tls() ? "rediss://" : "redis://";
    return nodes.stream().map(node -> scheme + login.userInfo() + node).toList();
  }

  /** {@code host:port}, an IPv6 host in brackets. */
  static String node(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
        + port;
  }

  /**
   * Whether connections described with {@code bundle} speak TLS: no bundle, no TLS; a bundle that
   * carries nothing beyond the JVM's defaults (Spring Boot's {@code SslBundle.systemDefault()},
   * what {@code ssl.enabled} alone gives) is {@code rediss}. A bundle with its own key store,
   * trust store, ciphers or protocols cannot be said in a URI, and connecting without them would
   * trust what the application did not, so it is refused. (A bundle whose material lives only in
   * managers of its own, with no stores, looks like the default and is not told apart.)
   *
   * @throws IllegalStateException for a bundle with its own material, naming {@code origin}
   */
  static boolean tls(SslBundle bundle, String origin) {
    if (bundle == null) {
      return false;
    }
    boolean own = bundle.getStores() != null && (bundle.getStores().getKeyStore() != null
        || bundle.getStores().getTrustStore() != null);
    boolean tuned = bundle.getOptions() != null && (bundle.getOptions().getCiphers() != null
        || bundle.getOptions().getEnabledProtocols() != null);
    if (own || tuned) {
      throw new IllegalStateException(origin + " carries an SSL bundle with its own key or trust"
          + " material, ciphers or protocols, which daramjwee's Redis connections (the warm tier,"
          + " cluster mode) cannot use yet: use TLS with the JVM's default trust store, or"
          + " connect them without TLS");
    }
    return true;
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
