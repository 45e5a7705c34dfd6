package io.daramjwee;

import java.util.Objects;

/**
 * Thrown by a store builder for a setting it rejects, naming the setting as the builder spells it
 * ({@code capacity}, {@code heapSize}, {@code endpointOverride}), so that a caller that fed the
 * setting from its own configuration can name its own property without reading the message:
 *
 * <pre>{@code
 * try {
 *   MemoryStore.builder().capacity(bytes).build();
 * } catch (InvalidSettingException e) {
 *   throw new ConfigException("cache.capacity", e.getMessage());  // e.setting() is "capacity"
 * }
 * }</pre>
 *
 * <p>The message reads as the builders' messages always have ("capacity must be positive: 0"). A
 * failure of several settings together names the one the message starts with. Immutable; the
 * value is not serialized.
 */
public final class InvalidSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final transient Object value;

  /**
   * @param setting the builder's name of the setting, such as {@code capacity}
   * @param value the rejected value, or {@code null} when it was missing or is secret
   * @param message what is wrong, naming the setting and the value
   */
  public InvalidSettingException(String setting, Object value, String message) {
    this(setting, value, message, null);
  }

  /**
   * @param setting the builder's name of the setting, such as {@code directory}
   * @param value the rejected value, or {@code null} when it was missing or is secret
   * @param message what is wrong, naming the setting and the value
   * @param cause the failure that showed the setting wrong, or {@code null}
   */
  public InvalidSettingException(String setting, Object value, String message, Throwable cause) {
    super(message, cause);
    this.setting = Objects.requireNonNull(setting, "setting");
    this.value = value;
  }

  /** The builder's name of the setting at fault, such as {@code capacity}. */
  public String setting() {
    return setting;
  }

  /** The rejected value; {@code null} when it was missing, is secret, or after deserialization. */
  public Object value() {
    return value;
  }
}
