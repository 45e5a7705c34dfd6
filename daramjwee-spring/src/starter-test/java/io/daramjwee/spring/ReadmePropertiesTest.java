package io.daramjwee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code application.yml} table says what the configuration metadata says: every
 * {@code daramjwee.*} property the configuration processor found has a row with its
 * description, and no row names a property that is gone. {@code docs/properties-table.py}
 * rewrites the table; this keeps a forgotten rewrite from passing the build.
 */
class ReadmePropertiesTest {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void everyPropertyInTheMetadata_hasItsRowAndDescription() throws IOException {
    List<String> rows = tableRows();
    for (Json property : metadata().at("/properties").elements()) {
      String name = property.at("/name").text();
      if (!name.startsWith("daramjwee.")) {
        continue; // the actuator's own management.endpoint.daramjwee.* properties
      }
      String description = property.at("/description").text();
      assertThat(rows).as("the README row of %s", name)
          .anySatisfy(row -> assertThat(row).startsWith("| `" + name + "` |")
              .contains(description));
    }
  }

  @Test
  void everyRow_namesAPropertyThatExists() throws IOException {
    List<String> names = new ArrayList<>();
    metadata().at("/properties").elements().forEach(p -> names.add(p.at("/name").text()));
    for (String row : tableRows()) {
      String name = row.substring(3, row.indexOf('`', 3));
      if (!name.startsWith("daramjwee.routes[n].")) { // list elements are not in the metadata
        assertThat(names).as("a property named by the README row %s", row).contains(name);
      }
    }
  }

  private static Json metadata() throws IOException {
    try (InputStream in = ReadmePropertiesTest.class.getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the configuration processor's metadata").isNotNull();
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<String> tableRows() throws IOException {
    String readme = Files.readString(README);
    int begin = readme.indexOf("<!-- properties-table:begin");
    int end = readme.indexOf("<!-- properties-table:end -->");
    assertThat(begin).as("the table's begin marker").isNotNegative();
    assertThat(end).as("the table's end marker").isGreaterThan(begin);
    return readme.substring(begin, end).lines()
        .filter(line -> line.startsWith("| `daramjwee.")).toList();
  }
}
