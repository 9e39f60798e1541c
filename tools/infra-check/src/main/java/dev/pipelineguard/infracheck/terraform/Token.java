package dev.pipelineguard.infracheck.terraform;

/** One lexical token of HCL native syntax, with its 1-based position. */
record Token(Kind kind, String text, int line, int column) {

  enum Kind {
    IDENT,
    NUMBER,
    /** Literal text of a template (quoted string or heredoc), escapes left as written. */
    TEMPLATE_TEXT,
    OPEN_QUOTE,
    CLOSE_QUOTE,
    HEREDOC_START,
    HEREDOC_END,
    /** <code>${</code> inside a template. */
    INTERPOLATION_START,
    /** <code>%{</code> inside a template. */
    DIRECTIVE_START,
    /** The {@code }} closing an interpolation or directive. */
    TEMPLATE_END,
    PUNCT,
    NEWLINE,
    EOF
  }

  boolean is(Kind expected) {
    return kind == expected;
  }

  boolean isPunct(String symbol) {
    return kind == Kind.PUNCT && text.equals(symbol);
  }

  boolean isIdent(String name) {
    return kind == Kind.IDENT && text.equals(name);
  }

  /** Opens a nesting level that an attribute's expression cannot end inside. */
  boolean opens() {
    return switch (kind) {
      case OPEN_QUOTE, HEREDOC_START, INTERPOLATION_START, DIRECTIVE_START -> true;
      case PUNCT -> text.equals("(") || text.equals("[") || text.equals("{");
      default -> false;
    };
  }

  boolean closes() {
    return switch (kind) {
      case CLOSE_QUOTE, HEREDOC_END, TEMPLATE_END -> true;
      case PUNCT -> text.equals(")") || text.equals("]") || text.equals("}");
      default -> false;
    };
  }
}
