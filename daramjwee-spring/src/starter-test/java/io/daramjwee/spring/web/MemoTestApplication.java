package io.daramjwee.spring.web;

import io.daramjwee.spring.Daramjwee;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link RouteMemoTomcatTest} runs on embedded Tomcat: annotated handlers whose
 * paths the route memo may remember, one that shares its pattern with a handler picked by a
 * request header, and mappings that differ by method. No component scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(MemoTestApplication.Items.class)
class MemoTestApplication {

  @RestController
  static class Items {

    @GetMapping("/memo/items/{id}")
    @Daramjwee
    String item(@PathVariable String id) {
      return "item " + id;
    }

    /** More specific than {@code /memo/items/{id}}, and not cached. */
    @GetMapping("/memo/items/latest")
    String latest() {
      return "latest";
    }

    @PostMapping("/memo/items/{id}")
    String update(@PathVariable String id) {
      return "updated " + id;
    }

    /** An explicit HEAD mapping, which HEAD requests prefer over the GET one: not cached. */
    @RequestMapping(path = "/memo/items/{id}", method = RequestMethod.HEAD)
    String head(@PathVariable String id) {
      return "";
    }

    @GetMapping("/memo/shared/{id}")
    @Daramjwee
    String shared(@PathVariable String id) {
      return "shared " + id;
    }

    /** The same pattern, chosen by a request header, and not cached. */
    @GetMapping(path = "/memo/shared/{id}", headers = "X-Raw")
    String raw(@PathVariable String id) {
      return "raw " + id;
    }
  }
}
