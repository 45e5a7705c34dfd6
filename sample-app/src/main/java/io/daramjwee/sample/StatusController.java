package io.daramjwee.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Answers {@code GET /} so a person who started the app sees it is up. */
@RestController
class StatusController {

  @GetMapping(value = "/", produces = "text/plain")
  String status() {
    return "daramjwee sample app is running\n";
  }
}
