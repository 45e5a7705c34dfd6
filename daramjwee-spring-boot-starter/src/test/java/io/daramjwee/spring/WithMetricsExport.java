package io.daramjwee.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;

/**
 * Keeps metrics export on in a {@code @SpringBootTest} (Boot turns it off in tests), so that
 * {@code /actuator/prometheus} answers: Boot 4's {@link AutoConfigureMetrics}. The Boot 3.5 starter
 * has an annotation of the same name for its line.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureMetrics
public @interface WithMetricsExport {
}
