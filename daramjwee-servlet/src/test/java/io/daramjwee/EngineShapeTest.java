package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the engine's object graph of docs/ARCHITECTURE.md: {@code TieredCache} wires the engine
 * and runs the read flow, and no helper calls back into it (a hub reached through accessors is a
 * service locator in disguise); each helper is given the {@link Publisher} or the few
 * collaborators it needs. Also keeps every file of the package small.
 */
class EngineShapeTest {

  private static final Path ENGINE = Path.of("src/main/java/io/daramjwee");

  /** The hub itself, and the builder, which picks the implementation as Caffeine's does. */
  private static final Set<String> MAY_NAME_THE_HUB =
      Set.of("TieredCache.java", "DaramjweeBuilder.java");

  @Test
  void noEngineHelper_namesTieredCache() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : engineSources()) {
      String name = file.getFileName().toString();
      if (!MAY_NAME_THE_HUB.contains(name) && Files.readString(file).contains("TieredCache")) {
        offenders.add(name);
      }
    }
    assertThat(offenders).as("files of io.daramjwee that mention TieredCache").isEmpty();
  }

  @Test
  void everyEngineFile_isUnder400Lines() throws IOException {
    List<String> large = new ArrayList<>();
    for (Path file : engineSources()) {
      long lines = Files.readAllLines(file).size();
      if (lines >= 400) {
        large.add(file.getFileName() + " (" + lines + " lines)");
      }
    }
    assertThat(large).as("files of io.daramjwee with 400 lines or more").isEmpty();
  }

  /** The sources directly in io.daramjwee, not its sub-packages. */
  private static List<Path> engineSources() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(ENGINE)) {
      files = list.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("sources found under " + ENGINE.toAbsolutePath())
        .extracting(p -> p.getFileName().toString())
        .contains("TieredCache.java", "Publisher.java", "OriginFlow.java");
    return files;
  }
}
