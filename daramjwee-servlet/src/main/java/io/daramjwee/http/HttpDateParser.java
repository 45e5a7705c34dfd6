package io.daramjwee.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) in any of its three forms: the preferred IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}) and the obsolete RFC 850
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}) forms.
 * Anything else is invalid and gives {@code null}: callers ignore invalid dates rather than fail.
 * Day names, month names and {@code GMT} are matched in any case: RFC 9110 §5.6.7 makes an
 * HTTP-date case-sensitive but encourages recipients to be robust in parsing timestamps, and
 * {@code sun, 06 nov 1994 08:49:37 gmt} can mean only one instant.
 * The day name must be well-formed but is not checked against the date: it is redundant, and in
 * RFC 850 form it would contradict the century the two-digit year rule picks. Stateless and
 * thread-safe.
 */
public final class HttpDateParser {

  // ASCII-only case folding: (?i) without UNICODE_CASE, so no Kelvin sign passes for a 'k'.
  private static final Pattern IMF = Pattern.compile(
      "(?i)(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ([A-Z]{3}) (\\d{4}) "
          + "(\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern RFC850 = Pattern.compile(
      "(?i)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-([A-Z]{3})-"
          + "(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern ASCTIME = Pattern.compile(
      "(?i)(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z]{3}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) "
          + "(\\d{4})");
  /** Month names, lower-cased. */
  private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1),
      Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
      Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
      Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));

  private HttpDateParser() {}

  /** Without a clock, two-digit RFC 850 years are read as 1951 to 2050. */
  private static final Instant Y2K = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * The instant of {@code value}, or {@code null} when it is absent or not an HTTP-date; with no
   * clock at hand, a two-digit RFC 850 year is read as 1951 to 2050.
   */
  public static Instant parse(String value) {
    return parse(value, Y2K);
  }

  /**
   * The instant of {@code value}, or {@code null} when it is absent or not an HTTP-date.
   *
   * @param reference the instant a two-digit RFC 850 year is read against: RFC 9110 §5.6.7 says
   *     a year more than 50 years after it means the most recent past year with those digits
   */
  public static Instant parse(String value, Instant reference) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    Matcher m;
    if ((m = IMF.matcher(v)).matches()) {
      return at(Integer.parseInt(m.group(4)), m.group(3), m.group(2), m.group(5),
          m.group(6), m.group(7));
    }
    if ((m = RFC850.matcher(v)).matches()) {
      int refYear = reference.atZone(ZoneOffset.UTC).getYear();
      int year = refYear - Math.floorMod(refYear, 100) + Integer.parseInt(m.group(4));
      if (year > refYear + 50) {
        year -= 100;
      } else if (year <= refYear - 50) {
        year += 100;
      }
      return at(year, m.group(3), m.group(2), m.group(5),
          m.group(6), m.group(7));
    }
    if ((m = ASCTIME.matcher(v)).matches()) {
      return at(Integer.parseInt(m.group(7)), m.group(2), m.group(3).trim(),
          m.group(4), m.group(5), m.group(6));
    }
    return null;
  }

  private static Instant at(int year, String month, String day, String hour,
      String minute, String second) {
    Integer mon = MONTHS.get(month.toLowerCase(Locale.ROOT));
    if (mon == null) {
      return null;
    }
    try {
      return LocalDateTime.of(year, mon, Integer.parseInt(day), Integer.parseInt(hour),
          Integer.parseInt(minute), Integer.parseInt(second)).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
