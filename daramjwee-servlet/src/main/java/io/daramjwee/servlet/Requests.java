package io.daramjwee.servlet;

import io.daramjwee.http.Headers;
import io.daramjwee.http.RequestHead;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.List;

/** Reading a servlet request into the HTTP layer's terms. Stateless and thread-safe. */
final class Requests {

  private Requests() {}

  /**
   * The request's path inside the application, decoded and normalised by the container: the
   * servlet path plus the path info, so {@code ..} segments and encoded slashes cannot make two
   * spellings of one resource into two keys, or one key for two resources.
   */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = pathInfo == null ? servletPath : servletPath + pathInfo;
    return path.isEmpty() ? "/" : path;
  }

  /** The request line and every header field, in order. */
  static RequestHead head(HttpServletRequest request) {
    Headers.Builder headers = Headers.builder();
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
        headers.add(name, values.nextElement());
      }
    }
    return new RequestHead(request.getMethod(), path(request), request.getQueryString(),
        headers.build());
  }

  /**
   * The scheme, host and port the application sees for this request (after any forwarded-header
   * processing that ran before the filter): part of a controller route's key, since a controller
   * may render them into the body (absolute links), and so is anything it reads.
   */
  static String authority(HttpServletRequest request) {
    return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
  }

  /**
   * {@code decodedPath} percent-encoded again for a request line: every UTF-8 byte outside
   * RFC 3986 {@code pchar} and {@code /} becomes {@code %XX}. Used to send upstream exactly the
   * path the key was built from, never the client's raw spelling of it.
   */
  static String encodePath(String decodedPath) {
    byte[] bytes = decodedPath.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The header fields a controller route's decisions read, whatever its vary list. */
  private static final String[] DECISION_FIELDS = {"Authorization", "Cache-Control", "Pragma",
      "If-None-Match", "If-Modified-Since", "Range", "If-Range"};

  /**
   * The request line and only the header fields the cache's decisions read: the request policy,
   * conditionals and ranges, and {@code varyNames} for the key. Copying every field of every
   * request showed up in the hit path's profile; most requests carry none of these.
   */
  static RequestHead head(HttpServletRequest request, List<String> varyNames) {
    Headers.Builder headers = Headers.builder();
    for (String name : DECISION_FIELDS) {
      addAll(headers, request, name);
    }
    for (String name : varyNames) {
      if (!isDecisionField(name)) {
        addAll(headers, request, name);
      }
    }
    return new RequestHead(request.getMethod(), path(request), request.getQueryString(),
        headers.build());
  }

  private static void addAll(Headers.Builder headers, HttpServletRequest request, String name) {
    if (request.getHeader(name) == null) {
      return; // the common case, without an enumeration
    }
    for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
      headers.add(name, values.nextElement());
    }
  }

  private static boolean isDecisionField(String name) {
    for (String field : DECISION_FIELDS) {
      if (field.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the request came over the loopback interface, judged by the peer's address. */
  static boolean fromLoopback(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    if (address == null) {
      return false;
    }
    if (address.startsWith("127.") || address.equals("::1")
        || address.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    try {
      // A literal address, never a name: getByName does no lookup for literals.
      return isLiteral(address) && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLiteral(String address) {
    return address.indexOf(':') >= 0
        || address.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
  }
}
