package io.daramjwee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.daramjwee.store.ehcache.EhcacheStore;
import io.daramjwee.store.file.FileStore;
import io.daramjwee.store.memory.MemoryStore;
import io.daramjwee.store.s3.S3Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store builders name the setting they reject in an {@link InvalidSettingException}, so that
 * a configuration layer maps it to its own property without reading the message. (The builders'
 * own tests keep the messages as they were.)
 */
class InvalidSettingExceptionTest {

  /** A builder call that fails. */
  @FunctionalInterface
  interface Failing {
    void run() throws Exception;
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        rejects("capacity", 0L, () -> MemoryStore.builder().capacity(0)),
        rejects("capacity", null, () -> MemoryStore.builder().build()),
        rejects("policy", "mru", () -> MemoryStore.builder().policy("mru")),
        rejects("capacity", -1L, () -> FileStore.builder().capacity(-1)),
        rejects("directory", null, () -> FileStore.builder().capacity(1).build()),
        rejects("policy", "fifo2", () -> FileStore.builder().policy("fifo2")),
        rejects("heapSize", 0L, () -> EhcacheStore.builder().heapSize(0)),
        rejects("offHeapSize", 1L << 20,
            () -> EhcacheStore.builder().heapSize(1 << 20).offHeapSize(1 << 20).build()),
        rejects("directory", Path.of("unused"),
            () -> EhcacheStore.builder().heapSize(1 << 20).directory(Path.of("unused")).build()),
        rejects("bucket", "Not_A_Bucket", () -> S3Store.builder().bucket("Not_A_Bucket")),
        rejects("bucket", null, () -> S3Store.builder().build()),
        rejects("region", " ", () -> S3Store.builder().region(" ")),
        rejects("endpointOverride", URI.create("ftp://host"),
            () -> S3Store.builder().endpointOverride(URI.create("ftp://host"))),
        rejects("secretAccessKey", null, () -> S3Store.builder().credentials("AKID", " ")),
        rejects("partSize", 1L, () -> S3Store.builder().partSize(1)));
  }

  private static Arguments rejects(String setting, Object value, Failing call) {
    return Arguments.of(setting, value, call);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("rejections")
  void aRejectedSetting_isNamedWithItsValue(String setting, Object value, Failing call) {
    Throwable thrown = catchThrowable(call::run);

    assertThat(thrown).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
      assertThat(e.setting()).isEqualTo(setting);
      assertThat(e.value()).isEqualTo(value);
    });
  }

  @Test
  void aFileStoreDirectoryThatIsAFile_isTheDirectorysFault(@TempDir Path dir) throws IOException {
    Path file = Files.createFile(dir.resolve("a-file"));

    Throwable thrown = catchThrowable(
        () -> FileStore.builder().directory(file).capacity(1 << 20).build());

    assertThat(thrown).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
      assertThat(e.setting()).isEqualTo("directory");
      assertThat(e.value()).isEqualTo(file);
      assertThat(e).hasMessage("directory " + file + " is not a writable directory: it is a file");
    });
  }

  @Test
  void isAnIllegalArgumentException_soCallersThatCatchThatStillDo() {
    InvalidSettingException e = new InvalidSettingException("capacity", 0, "capacity must be"
        + " positive: 0");

    assertThat(e).isInstanceOf(IllegalArgumentException.class).hasNoCause();
    assertThat(e.setting()).isEqualTo("capacity");
  }
}
