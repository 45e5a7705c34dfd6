package io.daramjwee.servlet;

import io.daramjwee.CacheResponse;
import io.daramjwee.FileRegion;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a hit's body to Tomcat's sendfile instead of copying it: when the body lies in a plain
 * file ({@link CacheResponse#fileRegion()}, the file store's larger entries), the request carries
 * Tomcat's {@code org.apache.tomcat.sendfile.filename}, {@code .start} and {@code .end}
 * attributes and no body is written; after the filter chain returns, Tomcat sends that range of
 * the file from the kernel, and the bytes never pass through the JVM. The same protocol
 * Tomcat's own {@code DefaultServlet} uses for static files, under the same conditions:
 * <ul>
 *   <li>the connector supports and uses sendfile: the request attribute
 *       {@code org.apache.tomcat.sendfile.support} is {@code Boolean.TRUE} (NIO and NIO2 do by
 *       default; {@code useSendfile="false"} on the connector turns it off, and other containers
 *       never set it: they stream);
 *   <li>the request and response are Tomcat's own, not wrapped by a filter before ours: a wrapper
 *       may mean to see, transform or count the body (compress it, compute a digest) and would see
 *       none;
 *   <li>the body is worth it: at least {@link #MIN_BYTES}, Tomcat's own {@code sendfileSize}
 *       default, counted as what streaming would read (a range's end, since the stream reads the
 *       bytes before the range to skip them); below that a buffer copy is cheaper than the
 *       system calls of a send;
 *   <li>the response is not committed yet (Tomcat decides on sendfile when it commits).
 * </ul>
 * A HEAD or an answer without a body never gets here. Compression: when sendfile is used Tomcat
 * does not compress the response, as for its static files ("sendfile takes precedence over
 * compression", the connector documentation): to have large cached bodies compressed by the
 * connector, turn sendfile off on it.
 *
 * <p>If the file cannot be opened when Tomcat comes to send it (it can, see the file store's
 * send links), Tomcat closes the connection: the client sees a response cut short, never wrong
 * bytes. Stateless and thread-safe.
 */
final class TomcatSendfile {

  private static final Logger LOG = LoggerFactory.getLogger(TomcatSendfile.class);

  static final String SUPPORT = "org.apache.tomcat.sendfile.support";
  static final String FILENAME = "org.apache.tomcat.sendfile.filename";
  static final String START = "org.apache.tomcat.sendfile.start";
  static final String END = "org.apache.tomcat.sendfile.end";

  /** The least a send is worth: Tomcat's {@code sendfileSize} default, 48 KiB. */
  static final long MIN_BYTES = 48 * 1024;

  private static final String REQUEST_FACADE = "org.apache.catalina.connector.RequestFacade";
  private static final String RESPONSE_FACADE = "org.apache.catalina.connector.ResponseFacade";

  private TomcatSendfile() {}

  /**
   * Hands the body's bytes {@code [first, first + count)} to Tomcat when it and the answer allow
   * (see the class); the caller has set the status and every header, {@code Content-Length}
   * included, and writes no body when this returns true. The answer is left for the caller to
   * close.
   *
   * @param bodyLength the length of the whole body, as the entry's metadata says
   * @return true when Tomcat sends the bytes; false when the caller streams them
   */
  static boolean offer(Exchange exchange, CacheResponse answer, long first, long count,
      long bodyLength) {
    HttpServletRequest request = exchange.request();
    HttpServletResponse response = exchange.response();
    if (first + count < MIN_BYTES
        || !Boolean.TRUE.equals(request.getAttribute(SUPPORT))
        || !request.getClass().getName().equals(REQUEST_FACADE)
        || !response.getClass().getName().equals(RESPONSE_FACADE)
        || response.isCommitted()) {
      return false;
    }
    FileRegion region = answer.fileRegion();
    if (region == null) {
      return false;
    }
    if (region.length() != bodyLength) {
      // The metadata and the file disagree; the stream's own checks will say which is wrong.
      LOG.warn("cache entry's file holds {} bytes of body, its Content-Length says {}; streaming",
          region.length(), bodyLength);
      return false;
    }
    FileRegion part = region.slice(first, count);
    request.setAttribute(FILENAME, part.file().toString());
    request.setAttribute(START, part.start());
    request.setAttribute(END, part.start() + part.length());
    return true;
  }
}
