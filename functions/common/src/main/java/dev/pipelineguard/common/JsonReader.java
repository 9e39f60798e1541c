package dev.pipelineguard.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 parser into {@link Json} trees. Hand-written because the functions read small
 * documents, and a full JSON library (jackson-core's ~70 classes, on top of the copy the AWS SDK
 * shades for itself) is a measurable share of a cold start. Nesting is limited so hostile input
 * cannot overflow the stack; error messages give a position, never the input.
 */
final class JsonReader {
  static final int MAX_DEPTH = 200;

  private final String text;
  private int pos;
  private int depth;

  private JsonReader(String text) {
    this.text = text;
  }

  static Json read(String text) {
    JsonReader reader = new JsonReader(text);
    reader.skipWhitespace();
    if (reader.pos >= text.length()) {
      throw new JsonException("empty document");
    }
    Json value = reader.value();
    reader.skipWhitespace();
    if (reader.pos < text.length()) {
      throw reader.error("unexpected content after the JSON value");
    }
    return value;
  }

  private Json value() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return Json.ofString(string());
      case 't':
        literal("true");
        return Json.TRUE;
      case 'f':
        literal("false");
        return Json.FALSE;
      case 'n':
        literal("null");
        return Json.NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return Json.ofNumber(number());
        }
        throw error("unexpected character");
    }
  }

  private Json object() {
    enter();
    pos++; // {
    Map<String, Json> fields = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return Json.ofObject(Collections.unmodifiableMap(fields));
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      fields.put(name, value());
      skipWhitespace();
      char c = next();
      if (c == '}') {
        depth--;
        return Json.ofObject(Collections.unmodifiableMap(fields));
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private Json array() {
    enter();
    pos++; // [
    List<Json> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return Json.ofArray(Collections.unmodifiableList(items));
    }
    while (true) {
      skipWhitespace();
      items.add(value());
      skipWhitespace();
      char c = next();
      if (c == ']') {
        depth--;
        return Json.ofArray(Collections.unmodifiableList(items));
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder out = null;
    int start = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String value =
            out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
        pos++;
        return value;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(text, start, pos);
      pos++;
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.append(e);
          break;
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append(unicodeEscape());
          break;
        default:
          pos--;
          throw error("bad escape");
      }
      start = pos;
    }
  }

  private char unicodeEscape() {
    if (pos + 4 > text.length()) {
      throw error("bad unicode escape");
    }
    int code = 0;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit(text.charAt(pos + k), 16);
      if (digit < 0) {
        throw error("bad unicode escape");
      }
      code = code * 16 + digit;
    }
    pos += 4;
    return (char) code;
  }

  /** The number's literal text, validated against the JSON grammar. */
  private String number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("bad number");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("bad number");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("bad number");
      }
      digits();
    }
    return text.substring(start, pos);
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private char next() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    return text.charAt(pos++);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** Where, never what: the input may be a credential. */
  private JsonException error(String problem) {
    int line = 1;
    int column = 1;
    for (int k = 0; k < Math.min(pos, text.length()); k++) {
      if (text.charAt(k) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new JsonException(
        "malformed JSON at line " + line + ", column " + column + ": " + problem);
  }
}
