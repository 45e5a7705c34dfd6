package io.daramjwee.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runnable demo of daramjwee: a slow database behind {@code /articles}, large streamed bodies
 * behind {@code /reports}, a short-lived {@code /time} to watch stale-while-revalidate, and a
 * proxy route {@code /proxy/**} in front of the ETag-aware origin under {@code /origin}. The
 * tiers, the proxy route and the actuator exposure are in {@code application.yml}.
 */
@SpringBootApplication
public class SampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
