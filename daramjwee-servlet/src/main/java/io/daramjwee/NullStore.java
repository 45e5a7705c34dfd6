package io.daramjwee;

/**
 * The empty tier: finds nothing and discards every write. Stands in for a missing cold tier.
 * Thread-safe and stateless.
 */
public final class NullStore implements Store {

  public static final NullStore INSTANCE = new NullStore();

  private NullStore() {}

  @Override
  public StoredEntry getStream(String key) {
    return null;
  }

  @Override
  public StoreWriter setWithWriter(String key, Metadata metadata) {
    return new StoreWriter() {
      @Override
      protected void doWrite(byte[] b, int off, int len) {}

      @Override
      protected void doCommit() {}

      @Override
      protected void doAbort() {}
    };
  }

  @Override
  public void delete(String key) {}

  @Override
  public Metadata stat(String key) {
    return null;
  }

  @Override
  public boolean survivesRestart() {
    return false;
  }

  @Override
  public String toString() {
    return "NullStore";
  }
}
