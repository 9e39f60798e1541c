package dev.pipelineguard.infracheck.terraform;

import dev.pipelineguard.infracheck.terraform.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Tokenizer for HCL native syntax as Terraform uses it: comments, quoted and heredoc templates with
 * {@code ${...}} interpolations and {@code %{...}} directives (nested to any depth, <code>$${
 * </code> and <code>%%{</code> escapes), numbers, identifiers with hyphens, and operators. Newlines
 * are tokens because they end attributes; the parser ignores them inside brackets.
 */
final class HclLexer {
  private static final List<String> OPERATORS =
      List.of(
          "...", "=>", "==", "!=", "<=", ">=", "&&", "||", "::", "{", "}", "[", "]", "(", ")", ",",
          ".", "=", ":", "?", "!", "+", "-", "*", "/", "%", "<", ">", "~");

  private enum Frame {
    BRACE,
    TEMPLATE_EXPRESSION,
    QUOTED,
    HEREDOC
  }

  private final String file;
  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Deque<Heredoc> heredocs = new ArrayDeque<>();
  private int pos;
  private int line = 1;
  private int lineStart;

  private record Heredoc(String delimiter) {}

  private HclLexer(String file, String text) {
    this.file = file;
    this.text = text.replace("\r\n", "\n");
  }

  static List<Token> tokenize(String file, String text) {
    HclLexer lexer = new HclLexer(file, text);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (pos < text.length()) {
      Frame frame = frames.peek();
      if (frame == Frame.QUOTED) {
        quotedTemplate();
      } else if (frame == Frame.HEREDOC) {
        heredocTemplate();
      } else {
        expressionToken();
      }
    }
    if (!frames.isEmpty()) {
      throw error("unterminated " + describe(frames.peek()));
    }
    tokens.add(new Token(Kind.EOF, "", line, column()));
  }

  private void expressionToken() {
    char c = text.charAt(pos);
    if (c == ' ' || c == '\t' || c == '\r') {
      pos++;
    } else if (c == '\n') {
      add(Kind.NEWLINE, "\n");
      newline(pos + 1);
    } else if (c == '#' || text.startsWith("//", pos)) {
      while (pos < text.length() && text.charAt(pos) != '\n') {
        pos++;
      }
    } else if (text.startsWith("/*", pos)) {
      int end = text.indexOf("*/", pos + 2);
      if (end < 0) {
        throw error("unterminated /* comment");
      }
      skipTo(end + 2);
    } else if (c == '"') {
      add(Kind.OPEN_QUOTE, "\"");
      pos++;
      frames.push(Frame.QUOTED);
    } else if (text.startsWith("<<", pos) && heredocStartsHere()) {
      heredocStart();
    } else if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos))
              || text.charAt(pos) == '_'
              || text.charAt(pos) == '-')) {
        pos++;
      }
      tokens.add(new Token(Kind.IDENT, text.substring(start, pos), line, start - lineStart + 1));
    } else if (Character.isDigit(c)) {
      number();
    } else if (c == '{') {
      add(Kind.PUNCT, "{");
      pos++;
      frames.push(Frame.BRACE);
    } else if (c == '}') {
      closeBrace();
    } else {
      operator();
    }
  }

  private void closeBrace() {
    Frame frame = frames.poll();
    if (frame == null) {
      throw error("unbalanced }");
    }
    if (frame == Frame.TEMPLATE_EXPRESSION) {
      add(Kind.TEMPLATE_END, "}");
    } else if (frame == Frame.BRACE) {
      add(Kind.PUNCT, "}");
    } else {
      throw error("unexpected } in " + describe(frame));
    }
    pos++;
  }

  private void operator() {
    for (String op : OPERATORS) {
      if (text.startsWith(op, pos)) {
        add(Kind.PUNCT, op);
        pos += op.length();
        return;
      }
    }
    throw error("unexpected character '" + text.charAt(pos) + "'");
  }

  private void number() {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos + 1 < text.length()
        && text.charAt(pos) == '.'
        && Character.isDigit(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    tokens.add(new Token(Kind.NUMBER, text.substring(start, pos), line, start - lineStart + 1));
  }

  /**
   * Inside "...": literal text, escapes, interpolations and directives, up to the closing quote.
   */
  private void quotedTemplate() {
    StringBuilder literal = new StringBuilder();
    int startLine = line;
    int startColumn = column();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw error("unterminated string (a quoted string cannot span lines)");
      }
      char c = text.charAt(pos);
      if (c == '\\') {
        if (pos + 1 >= text.length()) {
          throw error("unterminated escape sequence");
        }
        literal.append(c).append(text.charAt(pos + 1));
        pos += 2;
      } else if (c == '"') {
        flushLiteral(literal, startLine, startColumn);
        add(Kind.CLOSE_QUOTE, "\"");
        pos++;
        frames.pop();
        return;
      } else if (atTemplateMarker()) {
        flushLiteral(literal, startLine, startColumn);
        enterTemplateExpression();
        return;
      } else {
        literal.append(templateLiteralChar());
      }
    }
  }

  private void heredocTemplate() {
    StringBuilder literal = new StringBuilder();
    int startLine = line;
    int startColumn = column();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated heredoc, expected a line with " + heredocs.peek().delimiter());
      }
      if (pos == lineStart) {
        int lineEnd = text.indexOf('\n', pos);
        String wholeLine = text.substring(pos, lineEnd < 0 ? text.length() : lineEnd);
        if (wholeLine.strip().equals(heredocs.peek().delimiter())) {
          flushLiteral(literal, startLine, startColumn);
          add(Kind.HEREDOC_END, heredocs.pop().delimiter());
          frames.pop();
          skipTo(lineEnd < 0 ? text.length() : lineEnd);
          return;
        }
      }
      char c = text.charAt(pos);
      if (c == '\n') {
        literal.append('\n');
        newline(pos + 1);
      } else if (atTemplateMarker()) {
        flushLiteral(literal, startLine, startColumn);
        enterTemplateExpression();
        return;
      } else {
        literal.append(templateLiteralChar());
      }
    }
  }

  /** At ${ or %{ that is not escaped (escapes $${ and %%{ are consumed as literal text first). */
  private boolean atTemplateMarker() {
    char c = text.charAt(pos);
    return (c == '$' || c == '%') && text.startsWith("{", pos + 1);
  }

  private void enterTemplateExpression() {
    char c = text.charAt(pos);
    add(c == '$' ? Kind.INTERPOLATION_START : Kind.DIRECTIVE_START, c + "{");
    pos += 2;
    frames.push(Frame.TEMPLATE_EXPRESSION);
  }

  /** One literal character, turning the escapes $${ and %%{ into one character pair. */
  private String templateLiteralChar() {
    if (text.startsWith("$${", pos) || text.startsWith("%%{", pos)) {
      String escaped = text.substring(pos + 1, pos + 3);
      pos += 3;
      return escaped;
    }
    return String.valueOf(text.charAt(pos++));
  }

  private boolean heredocStartsHere() {
    int p = pos + 2;
    if (p < text.length() && text.charAt(p) == '-') {
      p++;
    }
    int start = p;
    while (p < text.length()
        && (Character.isLetterOrDigit(text.charAt(p)) || text.charAt(p) == '_')) {
      p++;
    }
    return p > start
        && p < text.length()
        && Character.isLetter(text.charAt(start))
        && lineEndsAt(p);
  }

  private boolean lineEndsAt(int p) {
    while (p < text.length()
        && (text.charAt(p) == ' ' || text.charAt(p) == '\t' || text.charAt(p) == '\r')) {
      p++;
    }
    return p < text.length() && text.charAt(p) == '\n';
  }

  private void heredocStart() {
    int start = pos;
    pos += 2;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    int nameStart = pos;
    while (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_') {
      pos++;
    }
    String delimiter = text.substring(nameStart, pos);
    tokens.add(
        new Token(Kind.HEREDOC_START, text.substring(start, pos), line, start - lineStart + 1));
    int lineEnd = text.indexOf('\n', pos);
    newline(lineEnd + 1);
    heredocs.push(new Heredoc(delimiter));
    frames.push(Frame.HEREDOC);
  }

  private void flushLiteral(StringBuilder literal, int startLine, int startColumn) {
    if (literal.length() > 0) {
      tokens.add(new Token(Kind.TEMPLATE_TEXT, literal.toString(), startLine, startColumn));
      literal.setLength(0);
    }
  }

  private void add(Kind kind, String value) {
    tokens.add(new Token(kind, value, line, column()));
  }

  private void skipTo(int end) {
    while (pos < end) {
      if (text.charAt(pos) == '\n') {
        newline(pos + 1);
      } else {
        pos++;
      }
    }
  }

  private void newline(int next) {
    pos = next;
    line++;
    lineStart = next;
  }

  private int column() {
    return pos - lineStart + 1;
  }

  private static String describe(Frame frame) {
    return switch (frame) {
      case BRACE -> "{ block or object";
      case TEMPLATE_EXPRESSION -> "${ interpolation";
      case QUOTED -> "string";
      case HEREDOC -> "heredoc";
    };
  }

  private HclSyntaxException error(String problem) {
    return new HclSyntaxException(file, line, column(), problem);
  }
}
