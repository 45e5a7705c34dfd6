package io.daramjwee.spring;

import java.util.Map;

/** A health as the shared tests read it, whatever Boot generation's type it came from. */
public record HealthView(String status, Map<String, Object> details) {}
