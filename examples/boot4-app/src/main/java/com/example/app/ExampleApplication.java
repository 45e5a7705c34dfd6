package com.example.app;

import io.daramjwee.spring.Daramjwee;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A Boot application with one cached controller. */
@SpringBootApplication
@RestController
public class ExampleApplication {

  /** How many times the controller ran: once per miss. */
  static final AtomicInteger CALLS = new AtomicInteger();

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @GetMapping(value = "/hello/{name}", produces = "text/plain")
  @Daramjwee(freshFor = "1h")
  String hello(@PathVariable String name) {
    CALLS.incrementAndGet();
    return "hello " + name;
  }
}
