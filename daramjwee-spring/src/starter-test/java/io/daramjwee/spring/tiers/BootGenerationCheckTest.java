package io.daramjwee.spring.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.daramjwee.spring.BootLine;
import io.daramjwee.spring.tiers.BootGenerationCheck.Starter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A starter on the wrong Boot generation says so in the log instead of losing parts silently. */
@ExtendWith(OutputCaptureExtension.class)
class BootGenerationCheckTest {

  private static final Starter BOOT4 = new Starter("io.daramjwee:daramjwee-spring-boot-starter", 4);
  private static final Starter BOOT3 =
      new Starter("io.daramjwee:daramjwee-spring-boot3-starter", 3);

  @Test
  void thisStarterOnItsOwnBoot_warnsOfNothing(CapturedOutput output) {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DaramjweeAutoConfiguration.class))
        .withPropertyValues("daramjwee.hot.type=memory")
        .run(context -> assertThat(context.getBean(BootGenerationCheck.class).warning())
            .isEmpty());
    assertThat(output).doesNotContain("daramjwee: ");
    assertThat(BootGenerationCheck.of(getClass().getClassLoader()).warning()).isEmpty();
  }

  @Test
  void theBoot3StarterOnBoot4_warnsNamingTheStarterToUse(CapturedOutput output) {
    BootGenerationCheck check = new BootGenerationCheck(List.of(BOOT3), "4.0.7");

    assertThat(check.warning()).hasValue("daramjwee: io.daramjwee:daramjwee-spring-boot3-starter"
        + " is for Spring Boot 3, but this application runs Spring Boot 4.0.7: caching works,"
        + " but the daramjwee health contributor and meters are off. Use"
        + " io.daramjwee:daramjwee-spring-boot-starter instead.");
    assertThat(output).contains("WARN").contains(check.warning().orElseThrow());
  }

  @Test
  void theBoot4StarterOnBoot3_warnsNamingTheStarterToUse() {
    assertThat(BootGenerationCheck.warning(List.of(BOOT4), "3.5.16")).hasValueSatisfying(
        warning -> assertThat(warning).contains("runs Spring Boot 3.5.16")
            .endsWith("Use io.daramjwee:daramjwee-spring-boot3-starter instead."));
  }

  @Test
  void bothStarters_warnsToKeepTheOneForTheRunningBoot() {
    assertThat(BootGenerationCheck.warning(List.of(BOOT4, BOOT3), BootLine.GENERATION + ".0.1"))
        .hasValueSatisfying(warning -> assertThat(warning)
            .contains("more than one starter is on the classpath"));
  }

  @Test
  void noStarterOrNoBootVersion_warnsOfNothing() {
    assertThat(BootGenerationCheck.warning(List.of(), "4.0.7")).isEmpty();
    assertThat(BootGenerationCheck.warning(List.of(BOOT3), null)).isEmpty();
  }
}
