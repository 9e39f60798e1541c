package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.infracheck.terraform.Token.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class HclLexerTest {

  private static List<String> significant(String text) {
    return HclLexer.tokenize("t.tf", text).stream()
        .filter(t -> !t.is(Kind.NEWLINE) && !t.is(Kind.EOF))
        .map(
            t ->
                t.kind() == Kind.PUNCT || t.kind() == Kind.IDENT || t.kind() == Kind.NUMBER
                    ? t.text()
                    : t.kind() + ":" + t.text())
        .toList();
  }

  @Test
  void splitsInterpolationsNestedInsideStringsInsideInterpolations() {
    assertThat(significant("a = \"x ${join(\",\", [for s in var.l : \"${s}-y\"])} z\""))
        .containsExactly(
            "a",
            "=",
            "OPEN_QUOTE:\"",
            "TEMPLATE_TEXT:x ",
            "INTERPOLATION_START:${",
            "join",
            "(",
            "OPEN_QUOTE:\"",
            "TEMPLATE_TEXT:,",
            "CLOSE_QUOTE:\"",
            ",",
            "[",
            "for",
            "s",
            "in",
            "var",
            ".",
            "l",
            ":",
            "OPEN_QUOTE:\"",
            "INTERPOLATION_START:${",
            "s",
            "TEMPLATE_END:}",
            "TEMPLATE_TEXT:-y",
            "CLOSE_QUOTE:\"",
            "]",
            ")",
            "TEMPLATE_END:}",
            "TEMPLATE_TEXT: z",
            "CLOSE_QUOTE:\"");
  }

  @Test
  void escapedInterpolationsAndDirectivesStayLiteral() {
    assertThat(significant("a = \"$${ProjectName} %%{ if } \\\"q\\\"\""))
        .containsExactly(
            "a",
            "=",
            "OPEN_QUOTE:\"",
            "TEMPLATE_TEXT:${ProjectName} %{ if } \\\"q\\\"",
            "CLOSE_QUOTE:\"");
  }

  @Test
  void heredocsKeepTheirInterpolationsAndEndAtAnIndentedDelimiter() {
    List<Token> tokens =
        HclLexer.tokenize("t.tf", "a = <<-EOT\n  too long: ${length(local.x)}\n  EOT\nb = 1\n");

    assertThat(tokens)
        .extracting(Token::text)
        .contains("<<-EOT", "${", "length", "local", "x", "EOT", "b");
    assertThat(tokens.stream().filter(t -> t.isIdent("b")).findFirst().orElseThrow().line())
        .isEqualTo(4);
  }

  @Test
  void ignoresAllThreeCommentStylesButNotHashesInStrings() {
    assertThat(significant("# one\n// two\n/* three\n four */ a = \"#not a comment\" # trailing"))
        .containsExactly(
            "a", "=", "OPEN_QUOTE:\"", "TEMPLATE_TEXT:#not a comment", "CLOSE_QUOTE:\"");
  }

  @Test
  void readsNumbersOperatorsAndHyphenatedIdentifiers() {
    assertThat(significant("x = a-b >= 1.5e3 && !c ? d[*].e : f..."))
        .containsExactly(
            "x", "=", "a-b", ">=", "1.5e3", "&&", "!", "c", "?", "d", "[", "*", "]", ".", "e", ":",
            "f", "...");
  }

  @Test
  void templateDirectivesAreTokenized() {
    assertThat(significant("a = \"%{ if var.on }yes%{ endif }\""))
        .containsExactly(
            "a",
            "=",
            "OPEN_QUOTE:\"",
            "DIRECTIVE_START:%{",
            "if",
            "var",
            ".",
            "on",
            "TEMPLATE_END:}",
            "TEMPLATE_TEXT:yes",
            "DIRECTIVE_START:%{",
            "endif",
            "TEMPLATE_END:}",
            "CLOSE_QUOTE:\"");
  }

  @Test
  void reportsAnUnterminatedStringWithFileLineAndColumn() {
    assertThatThrownBy(() -> HclLexer.tokenize("modules/x/main.tf", "a = 1\nb = \"open\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageStartingWith("modules/x/main.tf:2:")
        .hasMessageContaining("unterminated string");
  }

  @Test
  void reportsAnUnterminatedHeredocNamingItsDelimiter() {
    assertThatThrownBy(() -> HclLexer.tokenize("t.tf", "a = <<EOT\nnever closed\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageContaining("expected a line with EOT");
  }

  @Test
  void reportsAnUnbalancedClosingBrace() {
    assertThatThrownBy(() -> HclLexer.tokenize("t.tf", "a = 1\n}\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessage("t.tf:2:1: unbalanced }");
  }
}
