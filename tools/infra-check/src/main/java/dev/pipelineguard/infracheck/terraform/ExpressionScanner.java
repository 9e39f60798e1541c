package dev.pipelineguard.infracheck.terraform;

import dev.pipelineguard.infracheck.terraform.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the references in an expression's tokens: traversal roots that are not attribute accesses
 * (after '.'), function names (before '('), object keys, literals, or names bound by an enclosing
 * for expression, template for directive or dynamic block iterator.
 */
final class ExpressionScanner {
  private static final Set<String> LITERALS = Set.of("true", "false", "null");
  private static final Set<String> DIRECTIVE_KEYWORDS = Set.of("if", "else", "endif", "endfor");
  /** Keywords of for expressions; never references when they stand alone. */
  private static final Set<String> FOR_KEYWORDS = Set.of("for", "in", "if");

  private final List<Token> tokens;
  private final int[] closer;
  private final int[] opener;
  private final List<Traversal> found = new ArrayList<>();

  private ExpressionScanner(List<Token> tokens) {
    this.tokens = tokens;
    this.closer = new int[tokens.size()];
    this.opener = new int[tokens.size()];
    int[] stack = new int[tokens.size() + 1];
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      opener[i] = depth > 0 ? stack[depth - 1] : -1;
      closer[i] = -1;
      if (tokens.get(i).opens()) {
        stack[depth++] = i;
      } else if (tokens.get(i).closes() && depth > 0) {
        closer[stack[--depth]] = i;
        opener[i] = depth > 0 ? stack[depth - 1] : -1;
      }
    }
  }

  /** References in the expression, given the names already bound around it. */
  static List<Traversal> references(List<Token> expression, Set<String> bound) {
    ExpressionScanner scanner = new ExpressionScanner(expression);
    scanner.scan(0, expression.size(), new HashSet<>(bound));
    return List.copyOf(scanner.found);
  }

  private void scan(int from, int to, Set<String> bound) {
    int i = from;
    while (i < to) {
      Token token = tokens.get(i);
      if ((token.isPunct("[") || token.isPunct("{")) && closer[i] > 0 && tokens.get(significant(i + 1)).isIdent("for")) {
        forExpression(i, bound);
        i = closer[i] + 1;
      } else if (token.is(Kind.DIRECTIVE_START)) {
        i = directive(i, to, bound);
      } else if (token.is(Kind.IDENT)) {
        i = identifier(i, to, bound);
      } else {
        i++;
      }
    }
  }

  /** [for a, b in collection : body] or {for k, v in collection : key => value if condition}. */
  private void forExpression(int open, Set<String> bound) {
    int end = closer[open];
    Set<String> inner = new HashSet<>(bound);
    int i = significant(open + 1) + 1;
    while (i < end && !tokens.get(i).isIdent("in")) {
      if (tokens.get(i).is(Kind.IDENT)) {
        inner.add(tokens.get(i).text());
      }
      i++;
    }
    int colon = i + 1;
    while (colon < end && !(tokens.get(colon).isPunct(":") && opener[colon] == open)) {
      colon++;
    }
    scan(i + 1, colon, bound);
    scan(colon + 1, end, inner);
  }

  /** %{ if cond }, %{ for x in list }: names bound by a for directive stay bound to the end. */
  private int directive(int start, int to, Set<String> bound) {
    int end = closer[start] > 0 ? closer[start] : to;
    int i = start + 1;
    if (i < end && tokens.get(i).isPunct("~")) {
      i++;
    }
    if (i < end && tokens.get(i).isIdent("for")) {
      i++;
      while (i < end && !tokens.get(i).isIdent("in")) {
        if (tokens.get(i).is(Kind.IDENT)) {
          bound.add(tokens.get(i).text());
        }
        i++;
      }
      scan(i + 1, end, bound);
    } else {
      if (i < end && tokens.get(i).is(Kind.IDENT) && DIRECTIVE_KEYWORDS.contains(tokens.get(i).text())) {
        i++;
      }
      scan(i, end, bound);
    }
    return end + 1;
  }

  private int identifier(int i, int to, Set<String> bound) {
    Token token = tokens.get(i);
    Token previous = i > 0 ? tokens.get(i - 1) : null;
    Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
    if (previous != null && (previous.isPunct(".") || previous.isPunct("::"))) {
      return i + 1; // attribute access or provider-function namespace
    }
    if (next != null && (next.isPunct("(") || next.isPunct("::"))) {
      return i + 1; // function call or provider::name::function
    }
    if (LITERALS.contains(token.text()) || isObjectKey(i, previous, next)) {
      return i + 1;
    }
    if (FOR_KEYWORDS.contains(token.text()) && (next == null || !next.isPunct("."))) {
      return i + 1;
    }
    List<String> steps = new ArrayList<>();
    int j = i + 1;
    while (j < to) {
      Token step = tokens.get(j);
      if (step.isPunct(".") && j + 1 < to) {
        Token name = tokens.get(j + 1);
        if (name.is(Kind.IDENT) || name.is(Kind.NUMBER)) {
          steps.add(name.text());
        } else if (name.isPunct("*")) {
          steps.add(Traversal.INDEX);
        } else {
          break;
        }
        j += 2;
      } else if (step.isPunct("[") && closer[j] > 0) {
        scan(j + 1, closer[j], bound);
        steps.add(Traversal.INDEX);
        j = closer[j] + 1;
      } else {
        break;
      }
    }
    if (!bound.contains(token.text())) {
      found.add(new Traversal(token.text(), List.copyOf(steps), token.line()));
    }
    return j;
  }

  /** The first index at or after i that is not a newline (the closing token at worst). */
  private int significant(int i) {
    while (i < tokens.size() - 1 && tokens.get(i).is(Kind.NEWLINE)) {
      i++;
    }
    return Math.min(i, tokens.size() - 1);
  }

  /** key = value or key: value directly inside an object constructor { ... }. */
  private boolean isObjectKey(int i, Token previous, Token next) {
    if (next == null || !(next.isPunct("=") || next.isPunct(":"))) {
      return false;
    }
    int open = opener[i];
    if (open < 0 || !tokens.get(open).isPunct("{")) {
      return false;
    }
    return previous != null && (previous.isPunct("{") || previous.isPunct(",") || previous.is(Kind.NEWLINE));
  }
}
