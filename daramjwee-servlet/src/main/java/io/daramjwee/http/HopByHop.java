package io.daramjwee.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Hop-by-hop header fields: they describe one connection, so they are never stored nor forwarded
 * (RFC 9110 §7.6.1). Stateless and thread-safe.
 *
 * <p>They are the fields RFC 9110 §7.6.1 names ({@code Connection}, {@code Proxy-Connection},
 * {@code Keep-Alive}, {@code TE}, {@code Transfer-Encoding}, {@code Upgrade}), {@code Trailer}
 * (RFC 9110 §6.6.2, framing of this message), {@code Proxy-Authenticate} and
 * {@code Proxy-Authorization} (RFC 9110 §11.7: for the proxy on this hop), and every field named
 * in a {@code Connection} header of the same message.
 */
public final class HopByHop {

  private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate",
      "proxy-authorization");

  private HopByHop() {}

  /**
   * Whether the field {@code name} is hop-by-hop in a message whose {@code Connection} fields are
   * {@code connectionHeaderValues}.
   */
  public static boolean isHopByHop(String name, List<String> connectionHeaderValues) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connectionHeaderValues, "connectionHeaderValues");
    if (ALWAYS.contains(name.toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String value : connectionHeaderValues) {
      for (String option : value.split(",")) {
        if (option.trim().equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code headers} without their hop-by-hop fields, the rest in order. */
  public static Headers strip(Headers headers) {
    List<String> connection = headers.all("Connection");
    return headers.filter(name -> !isHopByHop(name, connection));
  }
}
