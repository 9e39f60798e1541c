package dev.pipelineguard.infracheck.terraform;

import dev.pipelineguard.infracheck.terraform.Body.Attribute;
import dev.pipelineguard.infracheck.terraform.Body.Block;
import dev.pipelineguard.infracheck.terraform.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the structure of an HCL file (attributes and labelled blocks, nested to any depth). Each
 * attribute's expression is kept as its token list: reference checking needs traversals, not
 * values.
 */
final class HclParser {
  private final String file;
  private final List<Token> tokens;
  private int index;

  private HclParser(String file, List<Token> tokens) {
    this.file = file;
    this.tokens = tokens;
  }

  static Body parse(String file, String text) {
    HclParser parser = new HclParser(file, HclLexer.tokenize(file, text));
    Body body = parser.body(false);
    parser.expect(parser.peek().is(Kind.EOF), "expected end of file");
    return body;
  }

  private Body body(boolean nested) {
    List<Attribute> attributes = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    while (true) {
      Token token = peek();
      if (token.is(Kind.NEWLINE)) {
        index++;
      } else if (token.is(Kind.EOF) || (nested && token.isPunct("}"))) {
        return new Body(file, List.copyOf(attributes), List.copyOf(blocks));
      } else {
        expect(
            token.is(Kind.IDENT),
            "expected an attribute name or a block type, found '" + token.text() + "'");
        index++;
        if (peek().isPunct("=")) {
          index++;
          attributes.add(new Attribute(token.text(), expression(), token.line()));
        } else {
          blocks.add(block(token));
        }
      }
    }
  }

  private Block block(Token type) {
    List<String> labels = new ArrayList<>();
    while (!peek().isPunct("{")) {
      Token label = next();
      if (label.is(Kind.IDENT)) {
        labels.add(label.text());
      } else if (label.is(Kind.OPEN_QUOTE)) {
        StringBuilder text = new StringBuilder();
        while (peek().is(Kind.TEMPLATE_TEXT)) {
          text.append(next().text());
        }
        expect(next().is(Kind.CLOSE_QUOTE), "a block label must be a plain string");
        labels.add(text.toString());
      } else {
        throw error(
            label,
            "expected a block label or '{' after "
                + type.text()
                + ", found '"
                + label.text()
                + "'");
      }
    }
    index++;
    Body body = body(true);
    expect(next().isPunct("}"), "expected '}' closing block " + type.text());
    return new Block(type.text(), List.copyOf(labels), body, type.line());
  }

  /** Tokens up to the newline (or the closing brace of a one-line block) outside any brackets. */
  private List<Token> expression() {
    List<Token> expression = new ArrayList<>();
    int depth = 0;
    while (true) {
      Token token = peek();
      if (token.is(Kind.EOF)) {
        expect(depth == 0, "unexpected end of file inside an expression");
        break;
      }
      if (depth == 0 && (token.is(Kind.NEWLINE) || token.isPunct("}"))) {
        break;
      }
      if (token.opens()) {
        depth++;
      } else if (token.closes()) {
        depth--;
      }
      index++;
      expression.add(token); // newlines inside brackets separate object elements
    }
    expect(!expression.isEmpty(), "missing expression after '='");
    return List.copyOf(expression);
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    return tokens.get(index++);
  }

  private void expect(boolean condition, String problem) {
    if (!condition) {
      throw error(tokens.get(Math.min(index, tokens.size() - 1)), problem);
    }
  }

  private HclSyntaxException error(Token at, String problem) {
    return new HclSyntaxException(file, at.line(), at.column(), problem);
  }
}
