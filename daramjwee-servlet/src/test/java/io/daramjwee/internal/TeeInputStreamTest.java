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
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TeeInputStreamTest {

  private static final byte[] BODY = body(10_000);

  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  private final RecordingListener listener = new RecordingListener();
  private final Logger teeLog = (Logger) LoggerFactory.getLogger(TeeInputStream.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    teeLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    teeLog.detachAppender(logged);
  }

  private static byte[] body(int size) {
    byte[] b = new byte[size];
    new Random(42).nextBytes(b);
    return b;
  }

  /** Records outcomes, and what the sink held and whether EOF had been returned at onComplete. */
  private final class RecordingListener implements TeeInputStream.Listener {
    int completed;
    int incomplete;
    Throwable cause;
    byte[] sinkAtComplete;
    boolean eofReturnedBeforeComplete;
    final AtomicBoolean eofReturned = new AtomicBoolean();

    @Override
    public void onComplete() {
      completed++;
      sinkAtComplete = sink.toByteArray();
      eofReturnedBeforeComplete = eofReturned.get();
    }

    @Override
    public void onIncomplete(Throwable causeOrNull) {
      incomplete++;
      cause = causeOrNull;
    }
  }

  private TeeInputStream tee(InputStream source) {
    return new TeeInputStream(source, sink, listener);
  }

  private byte[] readInChunks(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    int n;
    while ((n = in.read(buf, 0, buf.length)) != -1) {
      out.write(buf, 0, n);
    }
    listener.eofReturned.set(true);
    return out.toByteArray();
  }

  @Test
  void read_toEof_teesAllBytesAndCompletesBeforeEofIsReturned() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));

    byte[] read = readInChunks(in, 1000);

    assertThat(read).isEqualTo(BODY);
    assertThat(listener.completed).isEqualTo(1);
    assertThat(listener.incomplete).isZero();
    assertThat(listener.sinkAtComplete).isEqualTo(BODY);
    assertThat(listener.eofReturnedBeforeComplete).isFalse();
  }

  @Test
  void read_singleBytesToEof_teesAndCompletesBeforeEofIsReturned() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY, 0, 100));
    ByteArrayOutputStream read = new ByteArrayOutputStream();

    int b;
    while ((b = in.read()) != -1) {
      read.write(b);
    }
    listener.eofReturned.set(true);

    assertThat(read.toByteArray()).isEqualTo(sink.toByteArray()).hasSize(100);
    assertThat(listener.completed).isEqualTo(1);
    assertThat(listener.sinkAtComplete).hasSize(100);
    assertThat(listener.eofReturnedBeforeComplete).isFalse();
  }

  @Test
  void read_pastEofAndClose_completesOnlyOnce() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY, 0, 10));
    readInChunks(in, 4);

    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
    in.close();

    assertThat(listener.completed).isEqualTo(1);
    assertThat(listener.incomplete).isZero();
  }

  @Test
  void close_beforeEof_reportsIncompleteWithNullCauseAndClosesSourceOnly() throws IOException {
    AtomicBoolean sourceClosed = new AtomicBoolean();
    InputStream source = new ByteArrayInputStream(BODY) {
      @Override
      public void close() {
        sourceClosed.set(true);
      }
    };
    TeeInputStream in = tee(source);
    in.read(new byte[100], 0, 100);

    in.close();
    in.close();

    assertThat(listener.incomplete).isEqualTo(1);
    assertThat(listener.cause).isNull();
    assertThat(listener.completed).isZero();
    assertThat(sourceClosed).isTrue();
    assertThat(sink.toByteArray()).hasSize(100);
  }

  @Test
  void read_afterClose_throwsIOException() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));
    in.close();

    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> in.skip(4)).isInstanceOf(IOException.class);
    assertThatThrownBy(in::available).isInstanceOf(IOException.class);
  }

  @Test
  void read_sinkFailsOnThirdWrite_callerGetsAllBytesAndIncompleteOnce() throws IOException {
    IOException diskFull = new IOException("disk full");
    FailingSink failing = new FailingSink(3, diskFull);
    TeeInputStream in = new TeeInputStream(new ByteArrayInputStream(BODY), failing, listener);

    byte[] read = readInChunks(in, 1000);

    assertThat(read).isEqualTo(BODY);
    assertThat(listener.incomplete).isEqualTo(1);
    assertThat(listener.cause).isSameAs(diskFull);
    assertThat(listener.completed).isZero();
    assertThat(failing.writes).as("no write after the failure").isEqualTo(3);
    assertThat(failing.toByteArray()).hasSize(2000);
  }

  @Test
  void read_sinkThrowsRuntimeException_callerStillGetsAllBytes() throws IOException {
    IllegalStateException broken = new IllegalStateException("writer aborted");
    TeeInputStream in = new TeeInputStream(
        new ByteArrayInputStream(BODY), new FailingSink(1, broken), listener);

    assertThat(in.readAllBytes()).isEqualTo(BODY);
    assertThat(listener.cause).isSameAs(broken);
    assertThat(listener.completed).isZero();
  }

  @Test
  void read_sourceThrows_rethrowsAndReportsIncomplete() throws IOException {
    IOException reset = new IOException("connection reset");
    InputStream source = new InputStream() {
      int served;

      @Override
      public int read() throws IOException {
        if (served++ < 5) {
          return 'x';
        }
        throw reset;
      }
    };
    TeeInputStream in = tee(source);

    assertThatThrownBy(() -> readInChunks(in, 16)).isSameAs(reset);
    assertThatThrownBy(in::read).isSameAs(reset);

    assertThat(listener.incomplete).isEqualTo(1);
    assertThat(listener.cause).isSameAs(reset);
    assertThat(listener.completed).isZero();
  }

  @Test
  void skip_readsThroughSoSkippedBytesReachSink() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));

    assertThat(in.read(new byte[10], 0, 10)).isEqualTo(10);
    assertThat(in.skip(9_000)).isEqualTo(9_000);
    assertThat(in.skip(5_000)).isEqualTo(990);
    assertThat(in.read()).isEqualTo(-1);

    assertThat(sink.toByteArray()).isEqualTo(BODY);
    assertThat(listener.completed).isEqualTo(1);
  }

  @Test
  void transferTo_teesEveryByteAndCompletes() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(in.transferTo(out)).isEqualTo(BODY.length);

    assertThat(out.toByteArray()).isEqualTo(BODY);
    assertThat(listener.sinkAtComplete).isEqualTo(BODY);
    assertThat(listener.completed).isEqualTo(1);
  }

  @Test
  void readAllBytes_teesEveryByteAndCompletes() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));

    assertThat(in.readAllBytes()).isEqualTo(BODY);

    assertThat(listener.sinkAtComplete).isEqualTo(BODY);
    assertThat(listener.completed).isEqualTo(1);
  }

  @Test
  void readNBytesAndSkipNBytes_teeEveryByte() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));

    in.skipNBytes(100);
    byte[] rest = in.readNBytes(BODY.length);

    assertThat(rest).hasSize(BODY.length - 100);
    assertThat(sink.toByteArray()).isEqualTo(BODY);
    assertThat(listener.completed).isEqualTo(1);
  }

  @Test
  void read_listenerThrowsOnComplete_eofStillReturnedAndWarningLogged() throws IOException {
    TeeInputStream in = new TeeInputStream(new ByteArrayInputStream(BODY), sink,
        new ThrowingListener());

    assertThat(in.readAllBytes()).isEqualTo(BODY);
    assertThat(in.read()).isEqualTo(-1);

    assertThat(logged.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("onComplete");
      assertThat(e.getThrowableProxy().getMessage()).isEqualTo("publish failed");
    });
  }

  @Test
  void read_listenerThrowsOnIncomplete_callerStillGetsAllBytes() throws IOException {
    TeeInputStream in = new TeeInputStream(new ByteArrayInputStream(BODY),
        new FailingSink(2, new IOException("disk full")), new ThrowingListener());

    assertThat(in.readAllBytes()).isEqualTo(BODY);
    in.close();

    assertThat(logged.list).singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("onIncomplete"));
  }

  @Test
  void available_delegatesAndMarkIsNotSupported() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(BODY));
    in.read(new byte[100], 0, 100);

    assertThat(in.available()).isEqualTo(BODY.length - 100);
    assertThat(in.markSupported()).isFalse();
  }

  @Test
  void read_zeroLength_returnsZeroWithoutEndingTheTee() throws IOException {
    TeeInputStream in = tee(new ByteArrayInputStream(new byte[0]));

    assertThat(in.read(new byte[4], 0, 0)).isZero();

    assertThat(listener.completed + listener.incomplete).isZero();
  }

  /** Accepts writes until the {@code failOn}-th, which throws. */
  private static final class FailingSink extends ByteArrayOutputStream {
    private final int failOn;
    private final Exception error;
    int writes;

    FailingSink(int failOn, Exception error) {
      this.failOn = failOn;
      this.error = error;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (++writes == failOn) {
        sneakyThrow(error);
      }
      super.write(b, off, len);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> void sneakyThrow(Exception e) throws E {
      throw (E) e;
    }
  }

  private static final class ThrowingListener implements TeeInputStream.Listener {
    @Override
    public void onComplete() {
      throw new IllegalStateException("publish failed");
    }

    @Override
    public void onIncomplete(Throwable causeOrNull) {
      throw new IllegalStateException("abort failed");
    }
  }
}
