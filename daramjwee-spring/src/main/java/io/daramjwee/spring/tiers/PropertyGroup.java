package io.daramjwee.spring.tiers;

import io.daramjwee.InvalidSettingException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * One store's property group, such as {@code daramjwee.hot.file}, and which of its properties
 * feeds which setting of the store's builder. The builders reject a setting with an
 * {@link InvalidSettingException} that names it ({@code capacity}, {@code diskSize});
 * {@link #invalid} turns it into a startup failure naming the property that fed the setting,
 * which Spring Boot's failure analyzer prints. Not thread-safe: built and used by one bean method.
 */
final class PropertyGroup {

  /** Stands in for a secret's value in a failure, which is printed and logged. */
  static final String MASKED = "******";

  private final String prefix;
  private final Map<String, Property> bySetting = new LinkedHashMap<>();

  PropertyGroup(String prefix) {
    this.prefix = prefix;
  }

  /** The full name of one of the group's properties, such as daramjwee.hot.file.directory. */
  String name(String property) {
    return prefix + "." + property;
  }

  /** Records that the builder's {@code setting} is fed by {@code property}, now {@code value}. */
  PropertyGroup feeds(String setting, String property, Object value) {
    bySetting.put(setting, new Property(name(property), value));
    return this;
  }

  /** A failure of one of the group's properties. */
  InvalidConfigurationPropertyValueException invalid(String property, Object value,
      String reason) {
    return new InvalidConfigurationPropertyValueException(name(property), value, reason);
  }

  /**
   * The builder's failure as a failure of the property that fed the setting it names, or of the
   * whole group when it names no setting this group feeds (or is not an
   * {@link InvalidSettingException}). The builder's exception rides along as suppressed, as the
   * property exception takes no cause.
   */
  InvalidConfigurationPropertyValueException invalid(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    Property property = e instanceof InvalidSettingException setting
        ? bySetting.get(setting.setting()) : null;
    InvalidConfigurationPropertyValueException failure = property != null
        ? new InvalidConfigurationPropertyValueException(property.name(), property.value(), message)
        : new InvalidConfigurationPropertyValueException(prefix, null, message);
    failure.addSuppressed(e);
    return failure;
  }

  @Override
  public String toString() {
    return prefix;
  }

  private record Property(String name, Object value) {}
}
