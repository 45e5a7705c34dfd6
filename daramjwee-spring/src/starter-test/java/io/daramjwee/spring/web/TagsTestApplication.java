package io.daramjwee.spring.web;

import io.daramjwee.DaramjweeCache;
import io.daramjwee.spring.Daramjwee;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.testing.KeyJournal;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link TagsTomcatTest} runs on embedded Tomcat: handlers whose responses name
 * their tags in {@code Edge-Tags} (the test's {@code daramjwee.tag-header}), one annotated with a
 * tag template, one mapped under two patterns, and one a property route covers; the cache is one
 * memory tier behind a {@link KeyJournal}, so the test reads the entries back. No component scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TagsTestApplication.Pages.class)
class TagsTestApplication {

  static final String TAG_HEADER = "Edge-Tags";

  /** The cache closes its tier; the journal is only a view of it. */
  @Bean(destroyMethod = "")
  KeyJournal journal() {
    return new KeyJournal(MemoryStore.builder().capacity(8L << 20).build());
  }

  @Bean
  DaramjweeCache daramjweeCache(KeyJournal journal) {
    return DaramjweeCache.builder().tiers(journal).build();
  }

  @RestController
  static class Pages {

    @GetMapping("/articles/{id}")
    @Daramjwee(tags = "article:{id}")
    ResponseEntity<String> article(@PathVariable String id) {
      return ResponseEntity.ok().header(TAG_HEADER, "front-page").body("article " + id);
    }

    /** The route's own pattern is one of the two; the other's variables come from Spring. */
    @GetMapping({"/posts/{slug}", "/blog/{slug}"})
    @Daramjwee(tags = "post:{slug}")
    String post(@PathVariable String slug) {
      return "post " + slug;
    }

    /** Cached by the property route of the test's {@code daramjwee.routes[0]}. */
    @GetMapping("/docs/{section}")
    String docs(@PathVariable String section) {
      return "docs " + section;
    }
  }
}
