package io.daramjwee.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OnCloseInputStreamTest {

  private static final byte[] BODY = "hello, daramjwee".getBytes(StandardCharsets.UTF_8);

  private final AtomicInteger runs = new AtomicInteger();
  private final List<String> order = new ArrayList<>();
  private final Logger streamLog = (Logger) LoggerFactory.getLogger(OnCloseInputStream.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    streamLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    streamLog.detachAppender(logged);
  }

  /** Records its calls, and can be told to fail its close. */
  private final class Source extends ByteArrayInputStream {
    IOException closeError;
    int closes;
    int bulkReads;
    int skips;
    int transfers;

    Source() {
      super(BODY);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      bulkReads++;
      return super.read(b, off, len);
    }

    @Override
    public synchronized long skip(long n) {
      skips++;
      return super.skip(n);
    }

    @Override
    public synchronized long transferTo(OutputStream out) throws IOException {
      transfers++;
      return super.transferTo(out);
    }

    @Override
    public void close() throws IOException {
      closes++;
      order.add("in.close");
      if (closeError != null) {
        throw closeError;
      }
    }
  }

  private OnCloseInputStream wrap(Source source) {
    return new OnCloseInputStream(source, () -> {
      runs.incrementAndGet();
      order.add("onClose");
    });
  }

  @Test
  void close_calledTwice_closesInnerThenRunsActionOnce() throws IOException {
    Source source = new Source();
    OnCloseInputStream in = wrap(source);

    in.close();
    in.close();

    assertThat(runs).hasValue(1);
    assertThat(source.closes).isEqualTo(1);
    assertThat(order).containsExactly("in.close", "onClose");
  }

  @Test
  void close_innerCloseThrows_runsActionAndRethrows() {
    Source source = new Source();
    source.closeError = new IOException("close failed");
    OnCloseInputStream in = wrap(source);

    assertThatThrownBy(in::close).isSameAs(source.closeError);

    assertThat(runs).hasValue(1);
    assertThat(order).containsExactly("in.close", "onClose");
  }

  @Test
  void close_actionThrows_logsWarningAndSwallows() throws IOException {
    Source source = new Source();
    OnCloseInputStream in = new OnCloseInputStream(source, () -> {
      throw new IllegalStateException("release failed");
    });

    in.close();

    assertThat(source.closes).isEqualTo(1);
    assertThat(logged.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getThrowableProxy().getMessage()).isEqualTo("release failed");
    });
  }

  @Test
  void close_innerAndActionBothThrow_rethrowsInnerError() {
    Source source = new Source();
    source.closeError = new IOException("close failed");
    OnCloseInputStream in = new OnCloseInputStream(source, () -> {
      throw new IllegalStateException("release failed");
    });

    assertThatThrownBy(in::close).isSameAs(source.closeError);
    assertThat(logged.list).hasSize(1);
  }

  @Test
  void readSkipTransferTo_delegateInBulk() throws IOException {
    Source source = new Source();
    OnCloseInputStream in = wrap(source);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(in.read(new byte[5])).isEqualTo(5);
    assertThat(in.skip(2)).isEqualTo(2);
    assertThat(in.transferTo(out)).isEqualTo(BODY.length - 7);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("daramjwee");
    assertThat(source.bulkReads).isEqualTo(1);
    assertThat(source.skips).isEqualTo(1);
    assertThat(source.transfers).isEqualTo(1);
    assertThat(runs).hasValue(0);
  }
}
