package io.daramjwee.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * Keeps metrics export on in a {@code @SpringBootTest} (Boot turns it off in tests), so that
 * {@code /actuator/prometheus} answers: Boot 3's {@link AutoConfigureObservability}. The Boot 4
 * starter has an annotation of the same name for its line.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability
public @interface WithMetricsExport {
}
