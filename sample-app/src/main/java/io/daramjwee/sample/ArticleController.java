package io.daramjwee.sample;

import io.daramjwee.spring.Daramjwee;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /articles/{id}}: JSON from a database that takes 200 ms. Cached for 30 s, then served
 * stale for up to 5 minutes while one refresh runs. Each entry carries the tags {@code articles} and
 * {@code article:<id>}: {@code DELETE /actuator/daramjwee?tag=articles} purges every article,
 * {@code ?tag=article:42} only article 42.
 */
@RestController
class ArticleController {

  private final ArticleDatabase database;

  ArticleController(ArticleDatabase database) {
    this.database = database;
  }

  @GetMapping("/articles/{id}")
  @Daramjwee(freshFor = "30s", staleFor = "5m", tags = {"articles", "article:{id}"})
  ArticleDatabase.Article article(@PathVariable long id) {
    return database.load(id);
  }
}
