package dev.pipelineguard.common;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, null-safe JSON tree. Navigation never throws: {@code get("a").get("b").text()} is
 * {@code null} when any step is absent or of the wrong type, because AWS adds, drops and retypes
 * fields without notice (CodePipeline's {@code version} is an int, a string or a float).
 */
public final class Json {

  /** What a value is. {@code MISSING} is the result of navigating to something absent. */
  public enum Kind {
    MISSING,
    NULL,
    BOOLEAN,
    NUMBER,
    STRING,
    ARRAY,
    OBJECT
  }

  public static final Json MISSING = new Json(Kind.MISSING, null);
  public static final Json NULL = new Json(Kind.NULL, null);
  static final Json TRUE = new Json(Kind.BOOLEAN, true);
  static final Json FALSE = new Json(Kind.BOOLEAN, false);

  private final Kind kind;
  private final Object value;

  private Json(Kind kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  /** Parses a whole document (UTF-8); trailing content after the first value is an error. */
  public static Json parse(byte[] bytes) {
    return JsonReader.read(new String(bytes, StandardCharsets.UTF_8));
  }

  public static Json parse(String text) {
    return JsonReader.read(text);
  }

  /** Parses {@code text} when it is a JSON object or array, or returns {@link #MISSING}. */
  public static Json parseIfJson(String text) {
    if (text == null) {
      return MISSING;
    }
    String trimmed = text.strip();
    if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
      return MISSING;
    }
    try {
      return parse(trimmed);
    } catch (JsonException e) {
      return MISSING;
    }
  }

  static Json ofString(String text) {
    return new Json(Kind.STRING, text);
  }

  /** A number, kept as its literal text so that {@code 7.0} and {@code 7} read back as written. */
  static Json ofNumber(String literal) {
    return new Json(Kind.NUMBER, literal);
  }

  static Json ofObject(Map<String, Json> fields) {
    return new Json(Kind.OBJECT, fields);
  }

  static Json ofArray(List<Json> items) {
    return new Json(Kind.ARRAY, items);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isMissing() {
    return kind == Kind.MISSING;
  }

  /** Absent or JSON null. */
  public boolean isAbsent() {
    return kind == Kind.MISSING || kind == Kind.NULL;
  }

  public boolean isObject() {
    return kind == Kind.OBJECT;
  }

  public boolean isArray() {
    return kind == Kind.ARRAY;
  }

  public boolean isString() {
    return kind == Kind.STRING;
  }

  public boolean isNumber() {
    return kind == Kind.NUMBER;
  }

  public boolean isBoolean() {
    return kind == Kind.BOOLEAN;
  }

  /** The member named {@code field}, or {@link #MISSING}. */
  public Json get(String field) {
    if (kind != Kind.OBJECT) {
      return MISSING;
    }
    Json found = fields().get(field);
    return found == null ? MISSING : found;
  }

  /** Follows a path of member names. */
  public Json path(String... fields) {
    Json current = this;
    for (String field : fields) {
      current = current.get(field);
    }
    return current;
  }

  /** The element at {@code index}, or {@link #MISSING}. */
  public Json at(int index) {
    List<Json> items = elements();
    return index >= 0 && index < items.size() ? items.get(index) : MISSING;
  }

  public boolean has(String field) {
    return kind == Kind.OBJECT && fields().containsKey(field);
  }

  /** A string's value or a number's literal text; {@code null} otherwise. */
  public String text() {
    return kind == Kind.STRING || kind == Kind.NUMBER ? (String) value : null;
  }

  /**
   * Like {@link #text()}, with booleans too, or {@code fallback} when that would be null or blank.
   */
  public String textOr(String fallback) {
    String text = kind == Kind.BOOLEAN ? value.toString() : text();
    return text == null || text.isBlank() ? fallback : text;
  }

  public Optional<String> optText() {
    String text = text();
    return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** A number, also when sent as a numeric string ({@code "1"}) or a float ({@code 7.0}). */
  public Optional<BigDecimal> number() {
    String text = text();
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A whole number, tolerating {@code 7.0} and {@code "7"}; empty when fractional or absent. */
  public Optional<Long> wholeNumber() {
    return number()
        .flatMap(
            n -> {
              try {
                return Optional.of(n.longValueExact());
              } catch (ArithmeticException e) {
                return Optional.empty();
              }
            });
  }

  public Optional<Boolean> bool() {
    if (kind == Kind.BOOLEAN) {
      return Optional.of((Boolean) value);
    }
    if (kind == Kind.STRING) {
      String s = ((String) value).strip();
      if (s.equalsIgnoreCase("true")) {
        return Optional.of(true);
      }
      if (s.equalsIgnoreCase("false")) {
        return Optional.of(false);
      }
    }
    return Optional.empty();
  }

  /** The array's elements; empty for anything that is not an array. */
  @SuppressWarnings("unchecked") // an ARRAY's value is built only as a List<Json>
  public List<Json> elements() {
    return kind == Kind.ARRAY ? (List<Json>) value : List.of();
  }

  /** The object's members in document order; empty for anything that is not an object. */
  @SuppressWarnings("unchecked") // an OBJECT's value is built only as a Map<String, Json>
  public Map<String, Json> fields() {
    return kind == Kind.OBJECT ? (Map<String, Json>) value : Map.of();
  }

  /** Texts of an array of strings, skipping anything that is not text. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    for (Json item : elements()) {
      String text = item.text();
      if (text != null) {
        out.add(text);
      }
    }
    return out;
  }

  /**
   * Back to plain Java values (Map, List, String, BigDecimal, Boolean, null) for {@link
   * JsonWriter}.
   */
  public Object toPlain() {
    switch (kind) {
      case OBJECT:
        {
          Map<String, Object> out = new LinkedHashMap<>();
          fields().forEach((k, v) -> out.put(k, v.toPlain()));
          return out;
        }
      case ARRAY:
        {
          List<Object> out = new ArrayList<>();
          elements().forEach(v -> out.add(v.toPlain()));
          return out;
        }
      case NUMBER:
        return new BigDecimal((String) value);
      case STRING:
      case BOOLEAN:
        return value;
      default:
        return null;
    }
  }

  @Override
  public String toString() {
    return kind == Kind.MISSING ? "<missing>" : JsonWriter.write(toPlain());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Json
        && ((Json) other).kind == kind
        && java.util.Objects.equals(((Json) other).value, value);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, value);
  }
}
