package io.daramjwee.proxy;

import java.net.URI;
import java.time.Duration;

/**
 * What {@link Upstream.Builder} collected, checked, in JDK types only, so the builder can hand it
 * over without naming an HttpClient type. Immutable.
 */
record UpstreamSettings(URI origin, Duration connectTimeout, Duration responseTimeout,
    int maxConnections, String userAgent) {}
