package dev.pipelineguard.infracheck.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipelineguard.infracheck.terraform.Body.Block;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HclParserTest {

  @Test
  void parsesLabelledNestedAndOneLineBlocks() {
    Body body = HclParser.parse("t.tf", """
        resource "aws_s3_bucket" "this" {
          bucket = "b"
          versioning { enabled = true }
          lifecycle {
            ignore_changes = [tags]
          }
        }
        locals {
          a = 1
        }
        """);

    Block resource = body.blocks("resource").get(0);
    assertThat(resource.labels()).containsExactly("aws_s3_bucket", "this");
    assertThat(resource.line()).isEqualTo(1);
    assertThat(resource.body().blocks()).extracting(Block::type).containsExactly("versioning", "lifecycle");
    assertThat(resource.body().blocks("versioning").get(0).body().attribute("enabled")).isPresent();
    assertThat(body.blocks("locals").get(0).body().attribute("a").orElseThrow().line()).isEqualTo(9);
  }

  @Test
  void multiLineExpressionsBelongToOneAttribute() {
    Body body = HclParser.parse("t.tf", """
        a = merge(
          var.x,
          { k = local.y },
        )
        b = [
          for s in var.list : s
        ]
        """);

    assertThat(body.attributes()).extracting(Body.Attribute::name).containsExactly("a", "b");
    assertThat(ExpressionScanner.references(body.attribute("a").orElseThrow().expression(), Set.of()))
        .extracting(Traversal::toString).containsExactly("var.x", "local.y");
  }

  @Test
  void reportsAMissingClosingBrace() {
    assertThatThrownBy(() -> HclParser.parse("main.tf", "variable \"x\" {\n  type = string\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageStartingWith("main.tf:");
  }

  @Test
  void reportsAnAttributeWithoutValue() {
    assertThatThrownBy(() -> HclParser.parse("main.tf", "a =\nb = 1\n"))
        .isInstanceOf(HclSyntaxException.class)
        .hasMessageContaining("missing expression after '='");
  }

  @Test
  void expressionScannerSkipsFunctionsAttributesObjectKeysAndBoundNames() {
    Body body = HclParser.parse("t.tf", """
        a = { for k, v in var.m : k => upper(v.name) if v != null }
        b = { Name = "${local.name}-x", "kms:ViaService" = data.aws_region.current.name }
        c = [for s in aws_subnet.private : s.id][0]
        d = provider::aws::arn_parse(var.arn).account_id
        e = module.net.ids[*].id
        """);

    List<String> references = body.attributes().stream()
        .flatMap(a -> ExpressionScanner.references(a.expression(), Set.of()).stream())
        .map(Traversal::toString)
        .toList();
    assertThat(references).containsExactly("var.m", "local.name", "data.aws_region.current.name",
        "aws_subnet.private", "var.arn", "module.net.ids[..].id");
  }
}
